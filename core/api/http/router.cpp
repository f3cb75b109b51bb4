#include "api/http/router.h"

#include <QUrl>

namespace Atrium::Api {

namespace {

bool isParameter(const QString &segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u'}');
}

bool isTail(const QString &segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u"+}");
}

}  // namespace

void Router::insert(Route route)
{
    route.segments = route.pathTemplate.split(u'/', Qt::SkipEmptyParts);
    route.literalSegments = 0;
    for (const QString &segment : std::as_const(route.segments))
        route.literalSegments += isParameter(segment) ? 0 : 1;
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
    // Segment by segment, no regular expressions: this runs for every request. One trailing
    // slash is tolerated; an empty segment inside the path matches nothing.
    QStringView rest = path;
    if (rest.size() > 1 && rest.endsWith(u'/'))
        rest.chop(1);
    if (!rest.startsWith(u'/'))
        return Miss{};
    const QList<QStringView> parts = rest.mid(1).split(u'/');
    auto matches = [&parts](const Route &route) {
        const bool tail = !route.segments.isEmpty() && isTail(route.segments.last());
        if (tail ? parts.size() < route.segments.size() : route.segments.size() != parts.size())
            return false;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString &segment = route.segments.at(std::min(i, route.segments.size() - 1));
            if (isParameter(segment) ? parts.at(i).isEmpty() : parts.at(i) != segment)
                return false;
        }
        return true;
    };
    int bestSpecificity = -1;
    const Route *found = nullptr;
    Miss miss;
    for (const Route &route : m_routes) {
        if (route.literalSegments < bestSpecificity || !matches(route))
            continue;
        if (route.literalSegments > bestSpecificity) {
            bestSpecificity = route.literalSegments;
            found = nullptr;
            miss.allowed.clear();
        }
        if (route.method == wanted && !found)
            found = &route;
        if (!miss.allowed.contains(route.method))
            miss.allowed.append(route.method);
    }
    if (found) {
        Found result{found, {}};
        const qsizetype last = found->segments.size() - 1;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString decoded = QUrl::fromPercentEncoding(parts.at(i).toUtf8());
            if (i > last)
                result.captures.last() += u'/' + decoded;  // the tail goes on
            else if (isParameter(found->segments.at(i)))
                result.captures << decoded;
        }
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
