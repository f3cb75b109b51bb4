#include "api/workspaces/workspacescontroller.h"

#include "api/http/errorreply.h"
#include "api/http/gzip.h"
#include "api/http/isotime.h"
#include "api/workspaces/workspacesjson.h"
#include "base/continuation.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Bearer;

ApiReply adminRequired()
{
    return errorReply(kSurface, Error::adminRequired());
}

QFuture<ApiReply> readyReply(ApiReply reply)
{
    return QtFuture::makeReadyFuture(std::move(reply));
}

QJsonObject reachabilityJson(const QString &id, const std::optional<Reachability> &r)
{
    if (!r) {
        return QJsonObject{{QStringLiteral("workspace_id"), id}, {QStringLiteral("measured"), false},
                           {QStringLiteral("reachable"), QJsonValue::Null}, {QStringLiteral("rtt_ms"), QJsonValue::Null},
                           {QStringLiteral("target"), QJsonValue::Null}, {QStringLiteral("error"), QJsonValue::Null},
                           {QStringLiteral("checked_at"), QJsonValue::Null}};
    }
    return QJsonObject{{QStringLiteral("workspace_id"), id},
                       {QStringLiteral("measured"), true},
                       {QStringLiteral("reachable"), r->reachable},
                       {QStringLiteral("rtt_ms"), r->rttMs ? QJsonValue(std::round(*r->rttMs * 1000) / 1000) : QJsonValue()},
                       {QStringLiteral("target"), r->target},
                       {QStringLiteral("error"), r->error.isEmpty() ? QJsonValue() : QJsonValue(r->error)},
                       {QStringLiteral("checked_at"), isoTime(r->checkedAt)}};
}

}  // namespace

WorkspacesController::WorkspacesController(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

void WorkspacesController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/api/workspaces"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return list(r); });
    router.add(HttpMethod::Post, QStringLiteral("/api/workspaces"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return create(r); });
    router.addAsync(HttpMethod::Post, QStringLiteral("/api/workspaces/reset"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return reset(r); });
    router.add(HttpMethod::Get, QStringLiteral("/api/workspaces/{id}"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return get(r); });
    router.add(HttpMethod::Put, QStringLiteral("/api/workspaces/{id}"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return update(r); });
    router.addAsync(HttpMethod::Delete, QStringLiteral("/api/workspaces/{id}"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return remove(r); });
    router.addAsync(HttpMethod::Post, QStringLiteral("/api/workspaces/{id}/launch"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return launch(r); });
    router.addAsync(HttpMethod::Post, QStringLiteral("/api/workspaces/{id}/stop"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return stop(r); });
    router.add(HttpMethod::Get, QStringLiteral("/api/workspaces/{id}/reachability"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return lastReachability(r); });
    router.addAsync(HttpMethod::Post, QStringLiteral("/api/workspaces/{id}/reachability"), kSurface, Access::Write,
                    [this](const ApiRequest &r) { return probe(r); });
}

ApiReply WorkspacesController::list(const ApiRequest &request)
{
    // Serialising 1,000 workspaces per request costs more than the network: keep
    // the bytes until the catalog changes, and let clients revalidate with an ETag.
    const QString viewer = request.actor.isAdmin() ? QStringLiteral("*") : request.actor.identity.id;
    CachedList &cached = m_listCache[viewer];
    if (cached.body.isNull() || cached.revision != m_engine.catalogRevision()) {
        QJsonArray array;
        const QSet<QString> used = WorkspacesJson::workspacesInUse(m_engine.activeSessions());
        for (const Workspace &w : m_engine.visibleWorkspaces(request.actor))
            array.append(WorkspacesJson::workspace(w, used.contains(w.id)));
        cached.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
        cached.revision = m_engine.catalogRevision();
        const QByteArray hash = QCryptographicHash::hash(cached.body, QCryptographicHash::Sha1).toHex().left(20);
        cached.etag = '"' + hash + '"';
        cached.gzipEtag = '"' + hash + "-gzip\"";
        cached.gzipBody.clear();
    }
    if (m_listCache.size() > 256)
        m_listCache.removeIf([this](const auto &entry) { return entry.value().revision != m_engine.catalogRevision(); });
    // gzip for clients that ask, compressed once per catalog revision (a 1,000-workspace list shrinks ~15x).
    const bool gzip = acceptsGzip(request.header("accept-encoding"));
    if (gzip && cached.gzipBody.isEmpty())
        cached.gzipBody = gzipCompress(cached.body);
    const bool compressed = gzip && !cached.gzipBody.isEmpty();
    const QByteArray &etag = compressed ? cached.gzipEtag : cached.etag;
    const QByteArray ifNoneMatch = request.header("if-none-match");
    if (!ifNoneMatch.isEmpty() && (ifNoneMatch == etag || ifNoneMatch == "W/" + etag || ifNoneMatch == "*"))
        return ApiReply::empty(304).withHeader("ETag", etag).withHeader("Vary", "Accept-Encoding");
    ApiReply reply = ApiReply::rawJson(200, compressed ? cached.gzipBody : cached.body);
    if (compressed)
        reply.withHeader("Content-Encoding", "gzip");
    return reply.withHeader("ETag", etag).withHeader("Vary", "Accept-Encoding").withHeader("Cache-Control", "no-cache");
}

bool WorkspacesController::inUse(const QString &workspaceId) const
{
    return WorkspacesJson::workspacesInUse(m_engine.activeSessions()).contains(workspaceId);
}

ApiReply WorkspacesController::get(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    return ApiReply::json(200, WorkspacesJson::workspace(*w, inUse(w->id)));
}

ApiReply WorkspacesController::create(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return adminRequired();
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    auto patch = WorkspacesJson::createPatch(*body);
    if (!patch)
        return errorReply(kSurface, patch.error());
    auto created = m_engine.createWorkspace(request.actor, *patch);
    if (!created)
        return errorReply(kSurface, created.error());
    return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspace created")},
                                           {QStringLiteral("workspace"), WorkspacesJson::workspace(*created, false)}});
}

ApiReply WorkspacesController::update(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return adminRequired();
    const QString id = request.capture(0);
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    auto patch = WorkspacesJson::updatePatch(*body, id);
    if (!patch)
        return errorReply(kSurface, patch.error());
    // An object read and sent back says the status it was read with: that is no change, whether
    // the workspace is in use ("running") or its VM runs with nobody in it ("available").
    if (const auto current = m_engine.visibleWorkspace(request.actor, id);
        current && patch->status
        && body->object().value(QStringLiteral("status")).toString() == WorkspacesJson::documentStatus(*current, inUse(id)))
        patch->status.reset();
    auto updated = m_engine.updateWorkspace(request.actor, id, *patch);
    if (!updated)
        return errorReply(kSurface, updated.error());
    return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspace updated")},
                                           {QStringLiteral("workspace"), WorkspacesJson::workspace(*updated, inUse(updated->id))}});
}

QFuture<ApiReply> WorkspacesController::remove(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return readyReply(adminRequired());
    // What happens to a VM's domain: Atrium's own go with their disk, found ones are forgotten,
    // unless `domain` says otherwise.
    DomainRemoval removal = DomainRemoval::Default;
    if (request.hasQuery(QStringLiteral("domain"))) {
        const QString asked = request.queryValue(QStringLiteral("domain"));
        if (asked == u"forget")
            removal = DomainRemoval::Forget;
        else if (asked == u"undefine")
            removal = DomainRemoval::Undefine;
        else if (asked == u"undefine_with_disks")
            removal = DomainRemoval::UndefineWithDisks;
        else
            return readyReply(errorReply(kSurface, Error::invalid(QStringLiteral("domain"),
                                                                  QStringLiteral("domain must be one of forget, undefine, undefine_with_disks"))));
    }
    return continueOn(m_engine.deleteWorkspace(request.actor, request.capture(0), removal), this, [](const Result<void> &done) {
        if (!done)
            return errorReply(kSurface, done.error());
        return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspace deleted")}});
    });
}

QFuture<ApiReply> WorkspacesController::reset(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return readyReply(adminRequired());
    return continueOn(m_engine.resetWorkspaces(request.actor), this, [](const Result<int> &count) {
        if (!count)
            return errorReply(kSurface, count.error());
        return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspaces reset to defaults")},
                                               {QStringLiteral("count"), *count}});
    });
}

QFuture<ApiReply> WorkspacesController::launch(const ApiRequest &request)
{
    return continueOn(m_engine.launchWorkspace(request.actor, request.capture(0)), this,
                      [this, actor = request.actor](const Result<LaunchResult> &launched) {
        if (!launched)
            return errorReply(kSurface, launched.error());
        // A browser cannot send the token: viewer_url carries a one-time ticket instead.
        const auto ticket = m_engine.issueConsoleTicket(actor, launched->session.id);
        return ApiReply::json(200, WorkspacesJson::launch(*launched, ticket ? ticket->secret : QString()));
    });
}

QFuture<ApiReply> WorkspacesController::stop(const ApiRequest &request)
{
    return continueOn(m_engine.stopWorkspace(request.actor, request.capture(0)), this, [](const Result<void> &stopped) {
        if (!stopped)
            return errorReply(kSurface, stopped.error());
        return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Workspace stopped successfully")}});
    });
}

}  // namespace Atrium::Api

namespace Atrium::Api {

ApiReply WorkspacesController::lastReachability(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    return ApiReply::json(200, reachabilityJson(w->id, m_engine.lastReachability(w->id)));
}

QFuture<ApiReply> WorkspacesController::probe(const ApiRequest &request)
{
    const QString id = request.capture(0);
    return continueOn(m_engine.probeWorkspace(request.actor, id), this, [id](const Result<Reachability> &measured) {
        if (!measured)
            return errorReply(kSurface, measured.error());
        return ApiReply::json(200, reachabilityJson(id, *measured));
    });
}

}  // namespace Atrium::Api
