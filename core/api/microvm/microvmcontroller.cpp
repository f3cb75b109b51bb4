#include "api/microvm/microvmcontroller.h"

#include "api/http/errorreply.h"
#include "api/http/queryparams.h"
#include "api/microvm/microvmjson.h"
#include "base/continuation.h"
#include "engine/engine.h"
#include "metrics/metricssampler.h"
#include "model/workspacevalidator.h"

#include <QJsonArray>
#include <QTimer>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::ClientPair;

QFuture<ApiReply> readyReply(ApiReply reply)
{
    return QtFuture::makeReadyFuture(std::move(reply));
}

}  // namespace

MicroVmController::MicroVmController(Engine &engine, const MetricsSampler *metrics, QuotaSettings quota, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_metrics(metrics)
    , m_quota(quota)
{
}

void MicroVmController::registerRoutes(Router &router)
{
    router.addAsync(HttpMethod::Post, QStringLiteral("/workspace"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return create(r); });
    router.add(HttpMethod::Get, QStringLiteral("/workspace"), kSurface, Access::Read, [this](const ApiRequest &r) { return list(r); });
    // Before /workspace/{id}: "quota" is not a workspace id.
    router.add(HttpMethod::Get, QStringLiteral("/workspace/quota"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return quota(r); });
    router.add(HttpMethod::Get, QStringLiteral("/workspace/{id}"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return get(r, false); });
    router.add(HttpMethod::Get, QStringLiteral("/workspace/{id}/details"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return get(r, true); });
    router.add(HttpMethod::Put, QStringLiteral("/workspace/{id}"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return update(r); });
    router.addAsync(HttpMethod::Delete, QStringLiteral("/workspace/{id}"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return remove(r); });
}

Result<Workspace> MicroVmController::ownWorkspace(const Actor &actor, const QString &id) const
{
    auto w = m_engine.workspace(id);
    if (!w || w->ownerId != actor.identity.id)
        return fail(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"));
    return *w;
}

ApiReply MicroVmController::created(const Workspace &w) const
{
    return ApiReply::json(201, QJsonObject{{QStringLiteral("success"), true},
                                           {QStringLiteral("workspace"), MicroVmJson::workspace(w, QDateTime::currentDateTimeUtc())}});
}

QFuture<ApiReply> MicroVmController::create(const ApiRequest &request)
{
    auto body = JsonBody::parse(request.body);
    if (!body)
        return readyReply(errorReply(kSurface, body.error()));
    auto patch = MicroVmJson::createPatch(*body, request.actor);
    if (!patch)
        return readyReply(errorReply(kSurface, patch.error()));
    // Bad input is bad input whatever the pool holds: judged before the host and the quota.
    Workspace candidate = applyPatch(Workspace{}, *patch);
    candidate.id = QStringLiteral("ws-candidate");
    if (auto ok = validateWorkspace(candidate); !ok)
        return readyReply(errorReply(kSurface, ok.error()));

    // Without a reachable host the capacity is unknown (0): say so, not "pool full".
    const std::optional<HostInfo> host = m_engine.hostInfo(m_engine.defaultHostUri());
    if (!host || host->state != HostState::Connected) {
        return readyReply(errorReply(kSurface, Error(ErrorCode::VmUnavailable,
                                                     host ? QStringLiteral("VM backend %1 is unreachable: %2").arg(host->uri, host->lastError)
                                                          : QStringLiteral("No VM backend is configured"))));
    }

    const Quota quota = Quota::compute(m_engine, request.actor, m_quota);
    const ResourceAmounts wanted{*patch->cpus, *patch->memoryMb, *patch->storageMb};
    if (auto ok = quota.admitNew(wanted); !ok)
        return readyReply(errorReply(kSurface, ok.error()));
    if (auto ok = quota.admitRunning(wanted); !ok)
        return readyReply(errorReply(kSurface, ok.error()));
    auto workspace = m_engine.createWorkspace(request.actor, *patch);
    if (!workspace)
        return readyReply(errorReply(kSurface, workspace.error()));
    const QString id = workspace->id;
    const Actor actor = request.actor;
    auto started = m_engine.startWorkspace(actor, id);
    if (!patch->config->waitForInit) {
        // The VM boots on; the client polls GET /workspace/{id}. A failure shows there as "error".
        if (started.isFinished() && started.resultCount() > 0 && !started.result()) {
            m_engine.deleteWorkspace(actor, id);
            return readyReply(errorReply(kSurface, Error(ErrorCode::CreateFailed, started.result().error().message)));
        }
        return readyReply(created(*m_engine.workspace(id)));
    }
    return continueOn(started, this, [this, actor, id](const Result<Workspace> &result) {
        if (result)
            return created(*result);
        // Creation failed: the half-made workspace goes, the reason stays in the audit log.
        m_engine.deleteWorkspace(actor, id);
        const ErrorCode code = result.error().code == ErrorCode::VmUnavailable ? ErrorCode::VmUnavailable : ErrorCode::CreateFailed;
        return errorReply(kSurface, Error(code, result.error().message));
    });
}

ApiReply MicroVmController::list(const ApiRequest &request)
{
    auto page = QueryParams::integer(request, QStringLiteral("page"), 1, 1, std::numeric_limits<int>::max(), QueryParams::AboveMaximum::Clamp);
    auto limit = QueryParams::integer(request, QStringLiteral("limit"), 20, 1, 100, QueryParams::AboveMaximum::Clamp);
    if (!page || !limit)
        return errorReply(kSurface, !page ? page.error() : limit.error());
    std::optional<WorkspaceMode> mode;
    if (request.hasQuery(QStringLiteral("mode"))) {
        mode = workspaceModeFromString(request.queryValue(QStringLiteral("mode")));
        if (!mode)
            return errorReply(kSurface, Error::invalid(QStringLiteral("mode"), QStringLiteral("mode must be permanent or temporary")));
    }
    QList<Workspace> own;
    for (const Workspace &w : m_engine.workspaces()) {
        if (w.ownerId == request.actor.identity.id && (!mode || w.mode == *mode))
            own.append(w);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray array;
    const qint64 first = qint64(*page - 1) * *limit;
    for (qint64 i = first; i < own.size() && array.size() < *limit; ++i)
        array.append(MicroVmJson::workspace(own.at(i), now));
    return ApiReply::json(200, QJsonObject{{QStringLiteral("success"), true},
                                           {QStringLiteral("workspaces"), array},
                                           {QStringLiteral("total"), int(own.size())},
                                           {QStringLiteral("page"), *page},
                                           {QStringLiteral("limit"), *limit}});
}

ApiReply MicroVmController::get(const ApiRequest &request, bool withDetails)
{
    auto w = ownWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject json;
    if (withDetails) {
        const std::optional<MetricPoint> point = m_metrics ? m_metrics->latest(w->id) : std::nullopt;
        const QString limitation = m_metrics ? m_metrics->hostLimitation(w->hostUri)
                                             : QStringLiteral("metrics are not collected by this Atrium");
        // The caller's session on it, watchable at /viewer/{session}?ticket=<token>.
        const auto ticket = m_engine.consoleTicketForWorkspace(request.actor, w->id);
        json = MicroVmJson::details(*w, now, point, limitation, ticket ? ticket->secret : QString());
        json.insert(QStringLiteral("viewer_url"), ticket ? QStringLiteral("/viewer/%1?ticket=%2").arg(ticket->sessionId, ticket->secret) : QString());
    } else {
        json = MicroVmJson::workspace(*w, now);
    }
    return ApiReply::json(200, QJsonObject{{QStringLiteral("success"), true}, {QStringLiteral("workspace"), json}});
}

ApiReply MicroVmController::update(const ApiRequest &request)
{
    auto w = ownWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    auto patch = MicroVmJson::updatePatch(*body, *w);
    if (!patch)
        return errorReply(kSurface, patch.error());
    if (changesResources(*w, *patch) && w->isActive()) {
        // The document's order: a running VM's size cannot change at all (409), whatever the pool.
        return errorReply(kSurface, Error(ErrorCode::Conflict,
                                          QStringLiteral("Resources can only be changed while the workspace is stopped (it is %1)")
                                              .arg(nameOf(w->status))));
    }
    const bool grows = patch->cpus.value_or(0) > w->resources.cpus || patch->memoryMb.value_or(0) > w->resources.memoryMb
        || patch->storageMb.value_or(0) > w->resources.storageMb;
    if (grows) {
        // Only growth is judged: shrinking always fits, even in a pool already over its limit.
        Quota quota = Quota::compute(m_engine, request.actor, m_quota);
        // Judge the new size against the pool without the workspace's current one.
        --quota.currentWorkspaces;
        quota.poolUsage.cpus -= w->resources.cpus;
        quota.poolUsage.memoryMb -= w->resources.memoryMb;
        quota.poolUsage.diskMb -= w->resources.storageMb;
        const ResourceAmounts wanted{patch->cpus.value_or(w->resources.cpus), patch->memoryMb.value_or(w->resources.memoryMb),
                                     patch->storageMb.value_or(w->resources.storageMb)};
        if (auto ok = quota.admitNew(wanted); !ok)
            return errorReply(kSurface, ok.error());
    }
    auto updated = m_engine.updateWorkspace(request.actor, w->id, *patch);
    if (!updated)
        return errorReply(kSurface, updated.error());
    return ApiReply::json(200, QJsonObject{{QStringLiteral("success"), true},
                                           {QStringLiteral("workspace"), MicroVmJson::workspace(*updated, QDateTime::currentDateTimeUtc())}});
}

QFuture<ApiReply> MicroVmController::remove(const ApiRequest &request)
{
    auto w = ownWorkspace(request.actor, request.capture(0));
    if (!w)
        return readyReply(errorReply(kSurface, w.error()));
    // Create, then delete, is the document's own flow: a delete while the VM is still being
    // provisioned (or stopped) waits for the step in flight, then deletes — never "busy".
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QDeadlineTimer deadline(kSettleDeadline);
    attemptRemove(request.actor, w->id, deadline, promise);
    return promise->future();
}

void MicroVmController::attemptRemove(const Actor &actor, const QString &id, QDeadlineTimer deadline,
                                      std::shared_ptr<QPromise<ApiReply>> promise)
{
    auto finish = [promise](ApiReply reply) {
        promise->addResult(std::move(reply));
        promise->finish();
    };
    auto retryLater = [this, actor, id, deadline, promise] {
        QTimer::singleShot(kSettlePoll, this, [this, actor, id, deadline, promise] { attemptRemove(actor, id, deadline, promise); });
    };
    const auto w = m_engine.workspace(id);
    if (!w) {
        finish(errorReply(kSurface, Error(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"))));
        return;
    }
    const bool settling = w->status == WorkspaceStatus::Pending || w->status == WorkspaceStatus::Stopping;
    if (settling && !deadline.hasExpired()) {
        retryLater();
        return;
    }
    continueOn(m_engine.deleteWorkspace(actor, id), this, [finish, retryLater, deadline](const Result<void> &done) {
        // The step in flight can outlive its status by a moment (its bookkeeping ends after it);
        // any other refusal is the answer.
        const bool busy = !done && done.error().code == ErrorCode::Conflict
            && done.error().message.startsWith(u"Workspace is busy");
        if (busy && !deadline.hasExpired()) {
            retryLater();
            return;
        }
        if (!done) {
            finish(errorReply(kSurface, done.error()));
            return;
        }
        finish(ApiReply::json(200, QJsonObject{{QStringLiteral("success"), true},
                                               {QStringLiteral("message"), QStringLiteral("Workspace deleted")}}));
    });
}

ApiReply MicroVmController::quota(const ApiRequest &request)
{
    return ApiReply::json(200, Quota::compute(m_engine, request.actor, m_quota).toJson());
}

}  // namespace Atrium::Api
