#include "api/http/apiserver.h"

#include "api/http/errorreply.h"
#include "base/continuation.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrl>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <QUrlQuery>

namespace Atrium::Api {

Q_LOGGING_CATEGORY(lcApi, "atrium.api")

namespace {

HttpMethod fromQt(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return HttpMethod::Get;
    case QHttpServerRequest::Method::Head: return HttpMethod::Head;
    case QHttpServerRequest::Method::Post: return HttpMethod::Post;
    case QHttpServerRequest::Method::Put: return HttpMethod::Put;
    case QHttpServerRequest::Method::Patch: return HttpMethod::Patch;
    case QHttpServerRequest::Method::Delete: return HttpMethod::Delete;
    case QHttpServerRequest::Method::Options: return HttpMethod::Options;
    default: return HttpMethod::Other;
    }
}

QByteArray allowHeader(const QList<HttpMethod> &methods)
{
    QList<QByteArray> names;
    for (HttpMethod m : methods)
        names << methodName(m);
    names << QByteArrayLiteral("OPTIONS");
    return names.join(", ");
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 426: return "Upgrade Required";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/// A body is JSON, and says so: a form or a text/plain body (what a browser can send across
/// sites without asking) is never read as JSON.
std::optional<ApiReply> refuseMediaType(const ApiRequest &request, Surface surface)
{
    if (request.body.isEmpty())
        return std::nullopt;
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type == "application/json" || (type.startsWith("application/") && type.endsWith("+json")))
        return std::nullopt;
    const QString given = type.isEmpty() ? QStringLiteral("no Content-Type")
                                         : QStringLiteral("Content-Type %1").arg(QString::fromLatin1(type.left(100)));
    return errorReply(surface, 415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"),
                      QStringLiteral("The request body must be sent as application/json (got %1)").arg(given));
}

}  // namespace

ApiServer::ApiServer(TokenService &tokens, ConnectionLimits limits, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_credentials(tokens)
{
    m_http = new QHttpServer(this);
    m_guard = new ConnectionGuard(
        limits,
        [](int status, const QString &path, const QString &message) {
            const QString code = status == 413 ? QStringLiteral("PAYLOAD_TOO_LARGE")
                : status == 431                ? QStringLiteral("HEADERS_TOO_LARGE")
                : status == 408                ? QStringLiteral("REQUEST_TIMEOUT")
                : status == 503                ? QStringLiteral("SERVER_BUSY")
                : status == 501                ? QStringLiteral("NOT_IMPLEMENTED")
                                               : QStringLiteral("BAD_REQUEST");
            return errorBody(Router::surfaceForPath(path), code, message);
        },
        this);
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_guard->listen(address, port)) {
        return fail(ErrorCode::Internal, QStringLiteral("cannot listen on %1:%2: %3")
                                             .arg(address.toString())
                                             .arg(port)
                                             .arg(m_guard->errorString()));
    }
    m_http->bind(m_guard);
    m_address = address;
    m_port = m_guard->serverPort();
    return m_port;
}

QString ApiServer::baseUrl() const
{
    const QString host = m_address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(m_address.toString())
        : m_address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

void ApiServer::addAllowedHost(const QString &host)
{
    m_allowedHosts << host.toLower();
}

bool ApiServer::hostAllowed(const QByteArray &hostHeader) const
{
    // A page on evil.example whose name resolves to 127.0.0.1 still says "evil.example" here.
    // RFC 9110's Host is uri-host [":" port] and nothing else: no user info ("evil@127.0.0.1"),
    // path or query a URL parser would quietly take apart.
    static const QRegularExpression grammar(
        QStringLiteral(R"(^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?$)"));
    const auto parsed = grammar.match(QString::fromLatin1(hostHeader));
    if (!parsed.hasMatch())
        return false;
    if (parsed.hasCaptured(2) && parsed.captured(2).toInt() != m_port)
        return false;
    QString host = parsed.captured(1).toLower();
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    if (host == u"localhost" || m_allowedHosts.contains(host))
        return true;
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    if (address.isLoopback())
        return true;
    return address.isEqual(m_address, QHostAddress::TolerantConversion)
        || (m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv6 || m_address == QHostAddress::AnyIPv4);
}

ApiReply ApiServer::preflight(const ApiRequest &request, Surface surface, bool &proceed) const
{
    proceed = false;
    const QByteArray host = request.header("host");
    if (host.isEmpty())
        return errorReply(surface, 400, QStringLiteral("HOST_REQUIRED"), QStringLiteral("The Host header is missing"));
    if (!hostAllowed(host)) {
        return errorReply(surface, 421, QStringLiteral("HOST_NOT_SERVED"),
                          QStringLiteral("Host '%1' is not served here").arg(QString::fromLatin1(host.left(200))));
    }
    // Browsers say where a request comes from; only this origin may call (no CORS).
    const QByteArray origin = request.header("origin");
    const QByteArray fetchSite = request.header("sec-fetch-site");
    const bool crossSite = fetchSite == "cross-site" || fetchSite == "same-site"
        || (!origin.isEmpty() && origin != "http://" + host);
    if (crossSite) {
        return errorReply(surface, 403, QStringLiteral("CROSS_SITE_REFUSED"),
                          QStringLiteral("Cross-site requests are refused"));
    }
    proceed = true;
    return {};
}

void ApiServer::handle(const QHttpServerRequest &qrequest, QHttpServerResponder &&responder)
{
    QTcpSocket *socket = responder.socket();
    if (!m_queues.contains(socket))
        connect(socket, &QObject::destroyed, this, [this, socket] { m_queues.remove(socket); });
    Queue &queue = m_queues[socket];
    const quint64 sequence = queue.next++;

    // Copy what we need now: the server reuses its request object on keep-alive.
    ApiRequest request;
    request.method = fromQt(qrequest.method());
    // Still percent-encoded: the router splits on the '/' the client sent and decodes each
    // parameter once, so "%2F" can never become a separator behind an access check's back.
    request.path = qrequest.url().path(QUrl::FullyEncoded);
    request.query = qrequest.query();
    for (const auto &[name, value] : qrequest.headers())
        request.headers.insert(name.toLower(), value);
    request.body = qrequest.body();
    request.peer = qrequest.remoteAddress();

    Pending pending;
    pending.responder = std::make_shared<QHttpServerResponder>(std::move(responder));
    pending.head = request.method == HttpMethod::Head;
    queue.pending.insert(sequence, std::move(pending));

    if (auto reply = dispatch(request, sequence, socket))
        deliver(socket, sequence, std::move(*reply));
}

std::optional<ApiReply> ApiServer::dispatch(ApiRequest &request, quint64 sequence, QTcpSocket *socket)
{
    const Surface pathSurface = Router::surfaceForPath(request.path);
    bool proceed = false;
    ApiReply refused = preflight(request, pathSurface, proceed);
    if (!proceed)
        return refused;

    if (request.path.contains(u"%2f", Qt::CaseInsensitive) || request.path.contains(u"%00")) {
        return errorReply(pathSurface, 400, QStringLiteral("INVALID_PATH"),
                          QStringLiteral("The path has an encoded '/' or NUL in a segment (%1); ids never contain one")
                              .arg(request.path.left(200)));
    }

    const auto matched = m_router.match(request.method, request.path);
    if (const auto *miss = std::get_if<Router::Miss>(&matched)) {
        if (miss->allowed.isEmpty()) {
            return errorReply(pathSurface, 404, QStringLiteral("NOT_FOUND"),
                              QStringLiteral("No such endpoint: %1").arg(request.path.left(200)));
        }
        if (request.method == HttpMethod::Options)
            return ApiReply::empty(204).withHeader("Allow", allowHeader(miss->allowed));
        return errorReply(pathSurface, 405, QStringLiteral("METHOD_NOT_ALLOWED"),
                          QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(methodName(request.method)), request.path.left(200)))
            .withHeader("Allow", allowHeader(miss->allowed));
    }
    const auto &found = std::get<Router::Found>(matched);
    const Route &route = *found.route;
    request.captures = found.captures;

    if (auto refused = authenticate(request, route.surface, route.access))
        return refused;

    if (auto refusal = refuseMediaType(request, route.surface))
        return refusal;

    if (const auto *sync = std::get_if<SyncHandler>(&route.handler))
        return (*sync)(request);

    const auto &async = std::get<AsyncHandler>(route.handler);
    QPointer<QTcpSocket> guard(socket);
    continueOn(
        async(request), this,
        [this, guard, socket, sequence](ApiReply reply) {
            if (guard)
                deliver(socket, sequence, std::move(reply));
        },
        [this, guard, socket, sequence, surface = route.surface] {
            if (guard)
                deliver(socket, sequence, errorReply(surface, 503, QStringLiteral("SHUTTING_DOWN"),
                                                     QStringLiteral("Atrium is shutting down")));
        });
    return std::nullopt;
}

std::optional<ApiReply> ApiServer::authenticate(ApiRequest &request, Surface surface, Access access)
{
    if (surface == Surface::Public)
        return std::nullopt;
    // A browser console's page, files and WebSocket may come without a header: the handler
    // then checks the ticket or page key.
    if (surface == Surface::Console && request.header("authorization").isEmpty() && request.header("x-api-key").isEmpty())
        return std::nullopt;
    auto actor = m_credentials.authenticate(surface == Surface::Console ? Surface::Bearer : surface, request);
    if (!actor) {
        ApiReply reply = errorReply(surface, actor.error().error);
        if (actor.error().retryAfterSeconds > 0)
            reply.withHeader("Retry-After", QByteArray::number(actor.error().retryAfterSeconds));
        if (reply.status == 401 && surface != Surface::ClientPair)
            reply.withHeader("WWW-Authenticate", surface == Surface::ApiKey ? "ApiKey" : "Bearer");
        return reply;
    }
    request.actor = *actor;
    const QLatin1StringView needed = access == Access::Write ? Scope::WorkspacesWrite : Scope::WorkspacesRead;
    if (access != Access::Anyone && !request.actor.hasScope(needed)) {
        return errorReply(surface, 403, QStringLiteral("SCOPE_REQUIRED"),
                          QStringLiteral("This token lacks the %1 scope").arg(needed));
    }
    return std::nullopt;
}

void ApiServer::setUpgradeHandler(UpgradeHandler handler)
{
    m_upgrade = std::move(handler);
    enableHandOver();
}

void ApiServer::addStream(const QString &path, UpgradeHandler handler)
{
    m_streams.insert(path, std::move(handler));
    enableHandOver();
}

void ApiServer::enableHandOver()
{
    m_guard->setUpgradeHandler([this](int descriptor, const QByteArray &head) { takeUpgrade(descriptor, head); },
                               m_streams.keys());
}

void ApiServer::refuseUpgrade(QTcpSocket *socket, const ApiReply &reply)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n" + reply.body;
    socket->write(out);
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
    else
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

void ApiServer::takeUpgrade(int descriptor, const QByteArray &head)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(descriptor);
        delete socket;
        return;
    }
    ApiRequest request;
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    const QUrl target = QUrl::fromEncoded(requestLine.value(1));
    request.method = HttpMethod::Get;
    request.path = target.path(QUrl::FullyEncoded);
    request.query = QUrlQuery(target.query(QUrl::FullyEncoded));
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray line = lines.at(n).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            const QByteArray name = line.left(colon).toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            // Repeated headers join as HTTP says (cookies with "; ").
            auto it = request.headers.find(name);
            if (it == request.headers.end())
                request.headers.insert(name, value);
            else
                *it += (name == "cookie" ? "; " : ", ") + value;
        }
    }
    request.peer = socket->peerAddress();

    const bool webSocket = request.header("upgrade").toLower() == "websocket";
    QString bare = request.path;
    if (bare.size() > 1 && bare.endsWith(u'/'))
        bare.chop(1);
    const auto stream = m_streams.constFind(bare);
    if (!webSocket && stream == m_streams.constEnd())
        return refuseUpgrade(socket, errorReply(Surface::Bearer, 404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such stream")));
    if (webSocket && !m_upgrade)
        return refuseUpgrade(socket, errorReply(Surface::Bearer, 404, QStringLiteral("NOT_FOUND"), QStringLiteral("No WebSocket here")));

    // A WebSocket checks its own origin (and may come with a ticket instead of a header); a
    // stream is an API read like any other.
    const Surface surface = webSocket ? Surface::Console : Surface::Bearer;
    if (webSocket) {
        const QByteArray host = request.header("host");
        if (host.isEmpty() || !hostAllowed(host)) {
            return refuseUpgrade(socket, host.isEmpty()
                ? errorReply(surface, 400, QStringLiteral("HOST_REQUIRED"), QStringLiteral("The Host header is missing"))
                : errorReply(surface, 421, QStringLiteral("HOST_NOT_SERVED"),
                             QStringLiteral("Host '%1' is not served here").arg(QString::fromLatin1(host.left(200)))));
        }
    } else {
        bool proceed = false;
        ApiReply refused = preflight(request, surface, proceed);
        if (!proceed)
            return refuseUpgrade(socket, refused);
    }
    if (auto refused = authenticate(request, surface, Access::Read))
        return refuseUpgrade(socket, *refused);
    if (webSocket)
        m_upgrade(std::move(request), socket);
    else
        (*stream)(std::move(request), socket);
}

void ApiServer::deliver(QTcpSocket *socket, quint64 sequence, ApiReply reply)
{
    auto queue = m_queues.find(socket);
    if (queue == m_queues.end())
        return;
    auto pending = queue->pending.find(sequence);
    if (pending == queue->pending.end())
        return;
    pending->reply = std::move(reply);
    flush(socket);
}

void ApiServer::flush(QTcpSocket *socket)
{
    auto queue = m_queues.find(socket);
    if (queue == m_queues.end())
        return;
    // Pipelined requests are answered in order, however their handlers finish.
    while (!queue->pending.isEmpty() && queue->pending.firstKey() == queue->written && queue->pending.first().reply) {
        Pending pending = queue->pending.take(queue->written);
        ++queue->written;
        if (socket->state() == QAbstractSocket::ConnectedState)
            write(*pending.responder, *pending.reply, pending.head);
        m_guard->responded(socket);
        if (pending.reply->closeConnection)
            socket->disconnectFromHost();
    }
}

void ApiServer::write(QHttpServerResponder &responder, const ApiReply &reply, bool head)
{
    QTcpSocket *socket = responder.socket();
    QByteArray out;
    out.reserve(512);
    out += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "X-Content-Type-Options: nosniff\r\n";
    if (reply.status != 204 && reply.status != 304)
        out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    if (reply.closeConnection)
        out += "Connection: close\r\n";
    out += "\r\n";
    const bool withBody = !head && reply.status != 204 && reply.status != 304;
    const QByteArray &body = withBody ? reply.body : QByteArray();
    // Straight to the kernel in one sendmsg when nothing is queued before it: QTcpSocket would copy
    // the body into its buffer and hand it over on a later turn of the event loop. What the kernel
    // does not take now goes through QTcpSocket, in order, after.
    qint64 sent = 0;
    if (socket->bytesToWrite() == 0 && socket->socketDescriptor() != -1) {
        iovec parts[2] = {{const_cast<char *>(out.constData()), size_t(out.size())},
                          {const_cast<char *>(body.constData()), size_t(body.size())}};
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = body.isEmpty() ? 1 : 2;
        const ssize_t n = ::sendmsg(int(socket->socketDescriptor()), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        sent = n > 0 ? n : 0;
    }
    if (sent < out.size()) {
        socket->write(out.constData() + sent, out.size() - sent);
        socket->write(body);
    } else if (sent - out.size() < body.size()) {
        socket->write(body.constData() + (sent - out.size()), body.size() - (sent - out.size()));
    }
}

}  // namespace Atrium::Api
