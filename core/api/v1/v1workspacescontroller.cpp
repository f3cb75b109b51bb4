#include "api/v1/v1workspacescontroller.h"

#include "api/http/errorreply.h"
#include "api/http/isotime.h"
#include "api/http/queryparams.h"
#include "api/v1/v1json.h"
#include "base/continuation.h"
#include "engine/engine.h"
#include "metrics/metricssampler.h"

#include <QJsonArray>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::ApiKey;

/// The engine names resources as the model does ("cpu"); the v1 API nests them under
/// "resources", so an out-of-range value is reported as the request spelled it.
Error inV1Terms(Error error)
{
    static const QStringList nested{QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("storage"),
                                    QStringLiteral("gpu"), QStringLiteral("gpuType")};
    if (nested.contains(error.field)) {
        if (error.message.startsWith(error.field + QLatin1Char(' ')))
            error.message.prepend(QStringLiteral("resources."));
        error.field.prepend(QStringLiteral("resources."));
    }
    return error;
}

/// sort=field:direction, e.g. createdAt:desc (the default).
Result<std::function<bool(const Workspace &, const Workspace &)>> readSort(const ApiRequest &request)
{
    static const QStringList fields{QStringLiteral("createdAt"), QStringLiteral("updatedAt"), QStringLiteral("name"),
                                    QStringLiteral("status")};
    auto key = QueryParams::sortKey(request, fields, QStringLiteral("createdAt:desc"));
    if (!key)
        return fail(key.error());
    return std::function<bool(const Workspace &, const Workspace &)>(
        [field = key->field, descending = key->descending](const Workspace &a, const Workspace &b) {
            int c = 0;
            if (field == u"createdAt")
                c = a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
            else if (field == u"updatedAt")
                c = a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0;
            else if (field == u"name")
                c = a.name.localeAwareCompare(b.name);
            else
                c = V1Json::status(a.status).compare(V1Json::status(b.status));
            if (c == 0)
                c = a.id.compare(b.id);  // stable pages
            return descending ? c > 0 : c < 0;
        });
}

QJsonObject actionReply(const char *message, const Workspace &w)
{
    return {{QStringLiteral("message"), QString::fromLatin1(message)},
            {QStringLiteral("workspaceId"), w.id},
            {QStringLiteral("status"), V1Json::status(w.status)},
            {QStringLiteral("state"), nameOf(w.status)}};
}

}  // namespace

V1WorkspacesController::V1WorkspacesController(Engine &engine, const MetricsSampler *metrics, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_metrics(metrics)
{
}

void V1WorkspacesController::registerRoutes(Router &router)
{
    const QString base = QStringLiteral("/api/v1/workspaces");
    const QString one = base + QStringLiteral("/{id}");
    router.add(HttpMethod::Get, base, kSurface, Access::Read, [this](const ApiRequest &r) { return list(r); });
    router.add(HttpMethod::Post, base, kSurface, Access::Write, [this](const ApiRequest &r) { return create(r); });
    router.add(HttpMethod::Get, one, kSurface, Access::Read, [this](const ApiRequest &r) { return get(r); });
    router.add(HttpMethod::Put, one, kSurface, Access::Write, [this](const ApiRequest &r) { return update(r); });
    router.addAsync(HttpMethod::Delete, one, kSurface, Access::Write, [this](const ApiRequest &r) { return remove(r); });
    router.add(HttpMethod::Post, one + QStringLiteral("/start"), kSurface, Access::Write, [this](const ApiRequest &r) { return start(r); });
    router.add(HttpMethod::Post, one + QStringLiteral("/stop"), kSurface, Access::Write, [this](const ApiRequest &r) { return stop(r); });
    router.add(HttpMethod::Post, one + QStringLiteral("/restart"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return restart(r); });
    router.add(HttpMethod::Get, one + QStringLiteral("/status"), kSurface, Access::Read, [this](const ApiRequest &r) { return status(r); });
    router.add(HttpMethod::Get, one + QStringLiteral("/metrics"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return metrics(r); });
    router.addAsync(HttpMethod::Get, one + QStringLiteral("/logs"), kSurface, Access::Read, [this](const ApiRequest &r) { return logs(r); });
    router.addAsync(HttpMethod::Post, one + QStringLiteral("/sync"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return sync(r); });
}

ApiReply V1WorkspacesController::fullObject(const Workspace &w, int status) const
{
    return ApiReply::json(status, V1Json::full(w, m_engine.identity(w.ownerId)));
}

ApiReply V1WorkspacesController::list(const ApiRequest &request)
{
    const QString statusFilter = request.queryValue(QStringLiteral("status"));
    if (!statusFilter.isEmpty() && !V1Json::isKnownStatus(statusFilter)) {
        return errorReply(kSurface, Error::invalid(QStringLiteral("status"),
                                                   QStringLiteral("status must be one of: pending, running, stopped, failed, terminated")));
    }
    auto limit = QueryParams::integer(request, QStringLiteral("limit"), 20, 1, 100);
    auto offset = QueryParams::integer(request, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max());
    auto sort = readSort(request);
    if (!limit || !offset || !sort)
        return errorReply(kSurface, !limit ? limit.error() : !offset ? offset.error() : sort.error());
    const QString search = request.queryValue(QStringLiteral("search"));
    const QString project = request.queryValue(QStringLiteral("projectId"));

    QList<Workspace> matching;
    for (const Workspace &w : m_engine.visibleWorkspaces(request.actor)) {
        if (!statusFilter.isEmpty() && V1Json::status(w.status) != statusFilter)
            continue;
        if (!project.isEmpty() && w.projectId != project)
            continue;
        if (!search.isEmpty() && !w.name.contains(search, Qt::CaseInsensitive)
            && !w.description.contains(search, Qt::CaseInsensitive))
            continue;
        matching.append(w);
    }
    std::sort(matching.begin(), matching.end(), *sort);
    QJsonArray page;
    for (qsizetype i = *offset; i < matching.size() && page.size() < *limit; ++i)
        page.append(V1Json::summary(matching.at(i)));
    return ApiReply::json(200, QJsonObject{{QStringLiteral("count"), int(matching.size())},
                                           {QStringLiteral("limit"), *limit},
                                           {QStringLiteral("offset"), *offset},
                                           {QStringLiteral("workspaces"), page}});
}

ApiReply V1WorkspacesController::create(const ApiRequest &request)
{
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    auto patch = V1Json::createPatch(*body, request.actor);
    if (!patch)
        return errorReply(kSurface, patch.error());
    auto created = m_engine.createWorkspace(request.actor, *patch);
    if (!created)
        return errorReply(kSurface, inV1Terms(created.error()));
    return ApiReply::json(201, QJsonObject{{QStringLiteral("workspaceId"), created->id}})
        .withHeader("Location", (QStringLiteral("/api/v1/workspaces/") + created->id).toUtf8());
}

ApiReply V1WorkspacesController::get(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    return w ? fullObject(*w) : errorReply(kSurface, w.error());
}

ApiReply V1WorkspacesController::update(const ApiRequest &request)
{
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    auto patch = V1Json::updatePatch(*body);
    if (!patch)
        return errorReply(kSurface, patch.error());
    auto updated = m_engine.updateWorkspace(request.actor, request.capture(0), *patch);
    return updated ? fullObject(*updated) : errorReply(kSurface, inV1Terms(updated.error()));
}

QFuture<ApiReply> V1WorkspacesController::remove(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return QtFuture::makeReadyFuture(errorReply(kSurface, w.error()));
    if (w->isActive()) {
        return QtFuture::makeReadyFuture(errorReply(
            kSurface, Error(ErrorCode::Conflict, QStringLiteral("Workspace must be stopped before it is deleted (it is %1)")
                                                     .arg(nameOf(w->status)))));
    }
    return continueOn(m_engine.deleteWorkspace(request.actor, w->id), this, [](const Result<void> &done) {
        return done ? ApiReply::empty(204) : errorReply(kSurface, done.error());
    });
}

ApiReply V1WorkspacesController::start(const ApiRequest &request)
{
    const QString id = request.capture(0);
    auto started = m_engine.startWorkspace(request.actor, id);
    // A VM is Pending now and runs later; a failure before that is reported here.
    if (started.isFinished() && started.resultCount() > 0 && !started.result())
        return errorReply(kSurface, started.result().error());
    return ApiReply::json(200, actionReply("Workspace starting", *m_engine.workspace(id)));
}

ApiReply V1WorkspacesController::stop(const ApiRequest &request)
{
    const QString id = request.capture(0);
    auto stopped = m_engine.stopWorkspace(request.actor, id);
    if (stopped.isFinished() && stopped.resultCount() > 0 && !stopped.result())
        return errorReply(kSurface, stopped.result().error());
    // The document answers the state a stop leads to: "stopped" (GET shows the way there).
    QJsonObject reply = actionReply("Workspace stopping", *m_engine.workspace(id));
    reply.insert(QStringLiteral("status"), QStringLiteral("stopped"));
    return ApiReply::json(200, reply);
}

ApiReply V1WorkspacesController::restart(const ApiRequest &request)
{
    const QString id = request.capture(0);
    auto restarted = m_engine.restartWorkspace(request.actor, id);
    if (restarted.isFinished() && restarted.resultCount() > 0 && !restarted.result())
        return errorReply(kSurface, restarted.result().error());
    auto w = m_engine.workspace(id);
    QJsonObject reply = actionReply("Workspace restarting", *w);
    if (w->isActive() && w->status != WorkspaceStatus::Pending)
        reply.insert(QStringLiteral("status"), QStringLiteral("pending"));  // it is going down to come back up
    return ApiReply::json(200, reply);
}

ApiReply V1WorkspacesController::status(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    const std::optional<HostInfo> host = m_engine.hostOf(*w);
    return ApiReply::json(200, V1Json::statusReport(*w, host ? &*host : nullptr, m_engine.tunnelStatus()));
}

ApiReply V1WorkspacesController::metrics(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    std::optional<MetricPoint> point;
    QString limitation;
    if (m_metrics) {
        point = m_metrics->latest(w->id);
        limitation = m_metrics->hostLimitation(w->hostUri);
    } else {
        limitation = QStringLiteral("metrics are not collected by this Atrium");
    }
    return ApiReply::json(200, V1Json::metrics(*w, point, limitation));
}

QFuture<ApiReply> V1WorkspacesController::logs(const ApiRequest &request)
{
    auto ready = [](ApiReply reply) { return QtFuture::makeReadyFuture(std::move(reply)); };
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return ready(errorReply(kSurface, w.error()));
    const QString type = request.hasQuery(QStringLiteral("type")) ? request.queryValue(QStringLiteral("type"))
                                                                             : QStringLiteral("pod");
    // build: what provisioning did; deploy: the lifecycle; pod: what libvirt said about the
    // domain, then what the guest wrote on its serial console.
    std::optional<WorkspaceEvent::Kind> kind;
    if (type == u"build")
        kind = WorkspaceEvent::Kind::Provision;
    else if (type == u"deploy")
        kind = WorkspaceEvent::Kind::Lifecycle;
    else if (type == u"pod")
        kind = WorkspaceEvent::Kind::Domain;
    else
        return ready(errorReply(kSurface, Error::invalid(QStringLiteral("type"), QStringLiteral("type must be build, deploy or pod"))));
    auto events = m_engine.workspaceEvents(w->id, kind, 1000);
    if (!events)
        return ready(errorReply(kSurface, events.error()));
    QString text;
    for (const WorkspaceEvent &e : *events)
        text += isoTime(e.at) + u' ' + e.message + u'\n';
    auto reply = [id = w->id, type](const QString &logs) {
        return ApiReply::json(200, QJsonObject{{QStringLiteral("workspaceId"), id},
                                               {QStringLiteral("logType"), type},
                                               {QStringLiteral("logs"), logs}});
    };

    // The guest's serial console, read through libvirt (also from remote hosts): what a VM said.
    const std::optional<HostInfo> host = m_engine.hostOf(*w);
    if (*kind != WorkspaceEvent::Kind::Domain || w->domainName.isEmpty() || !host || host->simulated
        || host->state != HostState::Connected)
        return ready(reply(text));
    return continueOn(m_engine.serialLog(request.actor, w->id), this, [text, reply](const Result<QByteArray> &serial) {
        QString logs = text;
        if (serial)
            logs += QStringLiteral("--- serial console (last %1 bytes) ---\n").arg(serial->size()) + QString::fromUtf8(*serial);
        else
            logs += QStringLiteral("--- serial console: not available (%1) ---\n").arg(serial.error().message);
        return reply(logs);
    });
}

QFuture<ApiReply> V1WorkspacesController::sync(const ApiRequest &request)
{
    const QString id = request.capture(0);
    return continueOn(m_engine.syncWorkspace(request.actor, id), this, [id](const Result<int> &flushed) {
        if (!flushed)
            return errorReply(kSurface, flushed.error());
        return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspace sync initiated")},
                                               {QStringLiteral("workspaceId"), id},
                                               {QStringLiteral("filesystems"), *flushed}});
    });
}

}  // namespace Atrium::Api
