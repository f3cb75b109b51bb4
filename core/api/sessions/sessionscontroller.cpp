#include "api/sessions/sessionscontroller.h"

#include "api/http/errorreply.h"
#include "api/http/queryparams.h"
#include "api/sessions/sessionsjson.h"
#include "engine/engine.h"

#include <QJsonArray>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Bearer;
constexpr int kMaxSessions = 1000;


}  // namespace

SessionsController::SessionsController(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

void SessionsController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/api/sessions"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return list(r, false); });
    router.add(HttpMethod::Get, QStringLiteral("/api/sessions/active"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return list(r, true); });
    router.add(HttpMethod::Get, QStringLiteral("/api/sessions/{id}"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return get(r); });
    router.add(HttpMethod::Post, QStringLiteral("/api/sessions/{id}/disconnect"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return disconnect(r); });
}

ApiReply SessionsController::list(const ApiRequest &request, bool activeOnly)
{
    SessionQuery query;
    const QString all = request.queryValue(QStringLiteral("all"));
    if (!all.isEmpty() && all != u"true" && all != u"false")
        return errorReply(kSurface, Error::invalid(QStringLiteral("all"), QStringLiteral("all must be true or false")));
    if (all == u"true" && !request.actor.isAdmin())
        return errorReply(kSurface, Error::adminRequired());
    if (all != u"true")
        query.userId = request.actor.identity.id;
    if (activeOnly)
        query.status = SessionStatus::Active;
    auto limit = QueryParams::integer(request, QStringLiteral("limit"), kMaxSessions, 1, kMaxSessions);
    auto offset = QueryParams::integer(request, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max());
    if (!limit || !offset)
        return errorReply(kSurface, !limit ? limit.error() : offset.error());
    query.limit = *limit;
    query.offset = *offset;
    auto sessions = m_engine.sessions(query);
    if (!sessions)
        return errorReply(kSurface, sessions.error());
    QJsonArray array;
    for (const Session &s : *sessions)
        array.append(SessionsJson::session(s));
    return ApiReply::json(200, array);
}

ApiReply SessionsController::get(const ApiRequest &request)
{
    auto session = m_engine.visibleSession(request.actor, request.capture(0));
    if (!session)
        return errorReply(kSurface, session.error());
    return ApiReply::json(200, SessionsJson::session(*session));
}

ApiReply SessionsController::disconnect(const ApiRequest &request)
{
    auto session = m_engine.disconnectSession(request.actor, request.capture(0));
    if (!session)
        return errorReply(kSurface, session.error());
    return ApiReply::json(200, QJsonObject{{QStringLiteral("message"), QStringLiteral("Session disconnected")}});
}

}  // namespace Atrium::Api
