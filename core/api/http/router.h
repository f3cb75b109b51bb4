#pragma once

#include "api/http/httptypes.h"

#include <QFuture>
#include <QStringList>
#include <functional>
#include <variant>

namespace Atrium::Api {

/// Which credential a route takes and how its errors are shaped.
enum class Surface {
    Public,      ///< no credential (/api/health, /api/openapi.json)
    Bearer,      ///< the Workspaces and Sessions APIs and Atrium's own /api/…: {"detail": …}
    ApiKey,      ///< the v1 API (/api/v1/…): {"error": {…}}
    ClientPair,  ///< the micro-VM API (/workspace…): {"success": false, …}
    /// A session's browser console (/viewer/…): a Bearer header or X-API-Key when one is sent;
    /// otherwise the handler checks the console ticket or page key itself (a browser navigating
    /// cannot send a header). Errors as Bearer.
    Console,
};

/// What the credential must allow.
enum class Access { Anyone, Read, Write };

using SyncHandler = std::function<ApiReply(const ApiRequest &)>;
using AsyncHandler = std::function<QFuture<ApiReply>(const ApiRequest &)>;

struct Route {
    HttpMethod method = HttpMethod::Get;
    QString pathTemplate;  ///< "/api/workspaces/{id}/launch"
    QStringList segments;  ///< the template split at '/'; "{…}" marks a parameter
    Surface surface = Surface::Bearer;
    Access access = Access::Read;
    std::variant<SyncHandler, AsyncHandler> handler;
    int literalSegments = 0;  ///< path segments without a parameter: the more, the more specific
};

/// Method + path template → handler. Each controller adds its own routes, so
/// method, path and handler stand together. A trailing slash is tolerated. A last
/// segment "{name+}" takes the rest of the path (one or more segments, '/'-joined).
/// Where several templates match a path, the most specific one (most literal
/// segments) owns it: GET /api/workspaces/reset is 405 (POST only), not the
/// workspace "reset". Paths are matched percent-encoded; parameters are decoded.
class Router final {
public:
    struct Found {
        const Route *route = nullptr;
        QStringList captures;
    };
    struct Miss {
        QList<HttpMethod> allowed;  ///< empty: no such path (404); else 405 with Allow
    };

    void add(HttpMethod method, const QString &pathTemplate, Surface surface, Access access, SyncHandler handler);
    void addAsync(HttpMethod method, const QString &pathTemplate, Surface surface, Access access, AsyncHandler handler);

    std::variant<Found, Miss> match(HttpMethod method, const QString &path) const;
    const QList<Route> &routes() const { return m_routes; }

    /// The surface a path belongs to, for shaping errors before any route matched.
    static Surface surfaceForPath(const QString &path);

private:
    void insert(Route route);
    QList<Route> m_routes;
};

}  // namespace Atrium::Api
