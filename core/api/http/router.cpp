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
    route.literalSegments = 0;
    for (const QString &segment : route.pathTemplate.split(u'/', Qt::SkipEmptyParts))
        route.literalSegments += segment.contains(u'{') ? 0 : 1;
    m_routes.append(std::move(route));
}

void Router::add(HttpMethod method, const QString &pathTemplate, Surface surface, Access access, SyncHandler handler)
{
    insert(Route{method, pathTemplate, {}, surface, access, std::move(handler), 0});
}

void Router::addAsync(HttpMethod method, const QString &pathTemplate, Surface surface, Access access,
                      AsyncHandler handler)
{
    insert(Route{method, pathTemplate, {}, surface, access, std::move(handler), 0});
}

std::variant<Router::Found, Router::Miss> Router::match(HttpMethod method, const QString &path) const
{
    // HEAD is GET without the body.
    const HttpMethod wanted = method == HttpMethod::Head ? HttpMethod::Get : method;
    int bestSpecificity = -1;
    const Route *found = nullptr;
    QRegularExpressionMatch foundMatch;
    Miss miss;
    for (const Route &route : m_routes) {
        if (route.literalSegments < bestSpecificity)
            continue;
        const auto m = route.pattern.match(path);
        if (!m.hasMatch())
            continue;
        if (route.literalSegments > bestSpecificity) {
            bestSpecificity = route.literalSegments;
            found = nullptr;
            miss.allowed.clear();
        }
        if (route.method == wanted && !found) {
            found = &route;
            foundMatch = m;
        }
        if (!miss.allowed.contains(route.method))
            miss.allowed.append(route.method);
    }
    if (found) {
        Found result{found, {}};
        for (int i = 1; i <= foundMatch.lastCapturedIndex(); ++i)
            result.captures << QUrl::fromPercentEncoding(foundMatch.captured(i).toUtf8());
        return result;
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
