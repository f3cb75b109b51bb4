#include "api/atrium/systemcontroller.h"

#include "api/atrium/hostscontroller.h"
#include "api/http/errorreply.h"
#include "api/http/isotime.h"
#include "api/http/queryparams.h"
#include "engine/engine.h"
#include "model/host.h"

#include <QFile>
#include <QJsonArray>

// Resources in a static library are registered only when asked to (outside any namespace).
static void registerApiResources()
{
    Q_INIT_RESOURCE(api);
}

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Bearer;

}  // namespace

SystemController::SystemController(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    m_uptime.start();
}

QByteArray SystemController::openApiDocument()
{
    registerApiResources();
    QFile file(QStringLiteral(":/atrium/api/openapi.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("{}");
}

void SystemController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/api/health"), Surface::Public, Access::Anyone,
               [this](const ApiRequest &r) { return health(r); });
    router.add(HttpMethod::Get, QStringLiteral("/api/openapi.json"), Surface::Public, Access::Anyone,
               [document = openApiDocument()](const ApiRequest &) { return ApiReply::rawJson(200, document); });
    router.add(HttpMethod::Get, QStringLiteral("/api/audit"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return audit(r); });
}

ApiReply SystemController::health(const ApiRequest &)
{
    QJsonArray hosts;
    QJsonArray warnings;
    bool allConnected = true;
    for (const HostInfo &h : m_engine.hostInfos()) {
        hosts.append(QJsonObject{{QStringLiteral("id"), hostId(h.uri)},
                                 {QStringLiteral("uri"), h.uri},
                                 {QStringLiteral("state"), nameOf(h.state)},
                                 {QStringLiteral("simulated"), h.simulated},
                                 {QStringLiteral("virtualization"), HostsController::virtualizationJson(h)}});
        allConnected &= h.state == HostState::Connected;
        if (h.kvmUnusable()) {
            warnings.append(QStringLiteral("%1: KVM unusable here: emulating (QEMU: %2)").arg(h.uri, h.kvmFailure));
        }
    }
    return ApiReply::json(200, QJsonObject{
                                   {QStringLiteral("status"), allConnected ? QStringLiteral("ok") : QStringLiteral("degraded")},
                                   {QStringLiteral("version"), QStringLiteral(ATRIUM_VERSION)},
                                   {QStringLiteral("uptime_seconds"), double(m_uptime.elapsed() / 1000)},
                                   {QStringLiteral("workspaces"), m_engine.workspaceCount()},
                                   {QStringLiteral("tunnel_status"), nameOf(m_engine.tunnelStatus())},
                                   {QStringLiteral("hosts"), hosts},
                                   {QStringLiteral("warnings"), warnings},
                               });
}

ApiReply SystemController::audit(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return errorReply(kSurface, Error::adminRequired());
    AuditQuery query;
    query.action = request.queryValue(QStringLiteral("action"));
    query.actor = request.queryValue(QStringLiteral("actor"));
    query.target = request.queryValue(QStringLiteral("target"));
    auto since = QueryParams::time(request, QStringLiteral("since"));
    auto until = QueryParams::time(request, QStringLiteral("until"));
    auto limit = QueryParams::integer(request, QStringLiteral("limit"), 50, 1, 500);
    auto offset = QueryParams::integer(request, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max());
    for (const Error *error : {since ? nullptr : &since.error(), until ? nullptr : &until.error(),
                               limit ? nullptr : &limit.error(), offset ? nullptr : &offset.error()}) {
        if (error)
            return errorReply(kSurface, *error);
    }
    query.since = *since;
    query.until = *until;
    query.limit = *limit;
    query.offset = *offset;
    auto entries = m_engine.audit(query);
    auto total = m_engine.auditCount(query);
    if (!entries || !total)
        return errorReply(kSurface, !entries ? entries.error() : total.error());
    QJsonArray array;
    for (const AuditEntry &e : *entries) {
        array.append(auditJson(e));
    }
    return ApiReply::json(200, QJsonObject{{QStringLiteral("total"), *total},
                                           {QStringLiteral("limit"), query.limit},
                                           {QStringLiteral("offset"), query.offset},
                                           {QStringLiteral("entries"), array}});
}

QJsonObject SystemController::auditJson(const AuditEntry &e)
{
    return QJsonObject{
        {QStringLiteral("id"), double(e.id)},
        {QStringLiteral("at"), isoTime(e.at)},
        {QStringLiteral("actor_id"), e.actorId},
        {QStringLiteral("actor_email"), e.actorEmail},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("target"), e.target},
        {QStringLiteral("success"), e.success},
        {QStringLiteral("detail"), e.detail},
    };
}

}  // namespace Atrium::Api
