#include "api/http/router.h"

#include <QUrl>

namespace Atrium::Api {

namespace {

QRegularExpression compile(const QString &pathTemplate)
{
    static const QRegularExpression parameter(QStringLiteral(R"(\{[A-Za-z_]+\})"));
    QString regex;
    qsizetype last = 0;
    for (auto it = parameter.globalMatch(pathTemplate); it.hasNext();) {
        const auto m = it.next();
        regex += QRegularExpression::escape(pathTemplate.mid(last, m.capturedStart() - last));
        regex += QStringLiteral("([^/]+)");
        last = m.capturedEnd();
    }
    regex += QRegularExpression::escape(pathTemplate.mid(last));
    QRegularExpression compiled(QStringLiteral("^") + regex + QStringLiteral("/?$"));
    compiled.optimize();
    return compiled;
}

}  // namespace

void Router::insert(Route route)
{
    route.pattern = compile(route.pathTemplate);
    m_routes.append(std::move(route));
}

void Router::add(HttpMethod method, const QString &pathTemplate, Surface surface, Access access, SyncHandler handler)
{
    insert(Route{method, pathTemplate, {}, surface, access, std::move(handler)});
}

void Router::addAsync(HttpMethod method, const QString &pathTemplate, Surface surface, Access access,
                      AsyncHandler handler)
{
    insert(Route{method, pathTemplate, {}, surface, access, std::move(handler)});
}

std::variant<Router::Found, Router::Miss> Router::match(HttpMethod method, const QString &path) const
{
    // HEAD is GET without the body.
    const HttpMethod wanted = method == HttpMethod::Head ? HttpMethod::Get : method;
    Miss miss;
    for (const Route &route : m_routes) {
        const auto m = route.pattern.match(path);
        if (!m.hasMatch())
            continue;
        if (route.method == wanted) {
            Found found{&route, {}};
            for (int i = 1; i <= m.lastCapturedIndex(); ++i)
                found.captures << QUrl::fromPercentEncoding(m.captured(i).toUtf8());
            return found;
        }
        if (!miss.allowed.contains(route.method))
            miss.allowed.append(route.method);
    }
    if (miss.allowed.contains(HttpMethod::Get))
        miss.allowed.append(HttpMethod::Head);
    return miss;
}

Surface Router::surfaceForPath(const QString &path)
{
    if (path.startsWith(u"/api/v1/") || path == u"/api/v1")
        return Surface::ApiKey;
    if (path == u"/workspace" || path.startsWith(u"/workspace/"))
        return Surface::ClientPair;
    return Surface::Bearer;
}

}  // namespace Atrium::Api
