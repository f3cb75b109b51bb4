#include "api/http/connectionguard.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <algorithm>
#include <cctype>
#include <fcntl.h>

namespace Atrium::Api {

Q_LOGGING_CATEGORY(lcGuard, "atrium.api.guard")

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("Bad Request");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArrayLiteral("Error");
    }
}

/// Content-Length as a number, -1 when absent, -2 when malformed.
qint64 parseContentLength(const QList<QByteArray> &values)
{
    if (values.isEmpty())
        return -1;
    qint64 length = -1;
    for (const QByteArray &value : values) {
        // 1*DIGIT and nothing else: "+5", "5 5", "0x5" and "-1" are framing attacks, not lengths.
        const QByteArray digits = value.trimmed();
        if (digits.isEmpty() || digits.size() > 15
            || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return -2;
        const qint64 n = digits.toLongLong();
        if (length >= 0 && n != length)
            return -2;
        length = n;
    }
    return length;
}

}  // namespace

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, RefusalBody refusalBody, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_refusalBody(std::move(refusalBody))
{
    m_clock.start();
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionGuard::sweep);
    m_sweep.start();
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Room for a whole large answer (the 1,000-workspace list is ~290 KB) in one send: the kernel
    // takes it at once instead of in turns of the event loop. A limit, not an allocation.
    socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 1 << 20);
    if (m_connections.size() >= m_limits.maxConnections) {
        // Too many clients: answer and close instead of queueing without bound.
        m_connections.insert(socket, Connection{});
        refuse(socket, 503, QStringLiteral("Too many connections; try again shortly"));
        return;
    }
    Connection c;
    c.lastActivity = m_clock.elapsed();
    m_connections.insert(socket, c);
    // Ours runs first (connected first): it sees the bytes before the server reads them.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { scan(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);  // QtHttpServer connects its own readyRead in here
    // …and this one runs after the server's: what it left unread is not new next time.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            it->leftover = socket->bytesAvailable();
    });
}

void ConnectionGuard::responded(QTcpSocket *socket)
{
    if (auto it = m_connections.find(socket); it != m_connections.end()) {
        it->inFlight = std::max(0, it->inFlight - 1);
        it->lastActivity = m_clock.elapsed();
    }
}

void ConnectionGuard::scan(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    const QByteArray data = socket->peek(socket->bytesAvailable());
    const qint64 fresh = data.size() - c.leftover;
    c.leftover = 0;
    if (fresh <= 0)
        return;
    c.lastActivity = m_clock.elapsed();
    consume(socket, c, data.constData() + (data.size() - fresh), fresh);
}

bool ConnectionGuard::consume(QTcpSocket *socket, Connection &c, const char *data, qint64 size)
{
    qint64 i = 0;
    while (i < size) {
        switch (c.phase) {
        case Phase::Headers: {
            if (c.pending.isEmpty())
                c.phaseSince = m_clock.elapsed();
            // Take at most what still fits, plus 3 bytes of a terminator split across reads.
            const qint64 room = m_limits.maxHeaderBytes + 4 - c.pending.size();
            const qint64 take = std::min(size - i, room);
            const qsizetype before = c.pending.size();
            c.pending.append(data + i, take);
            const qsizetype end = c.pending.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
            if (end < 0) {
                if (c.pending.size() > m_limits.maxHeaderBytes) {
                    refuse(socket, 431, QStringLiteral("Request headers are larger than %1 KiB").arg(m_limits.maxHeaderBytes / 1024));
                    return false;
                }
                i += take;
                break;
            }
            const qint64 used = end + 4 - before;
            c.pending.truncate(end + 4);
            i += used;
            if (!finishHeaders(socket, c))
                return false;
            break;
        }
        case Phase::Body: {
            const qint64 take = std::min(size - i, c.remaining);
            c.remaining -= take;
            i += take;
            if (c.remaining == 0)
                completeRequest(c);
            break;
        }
        case Phase::ChunkSize:
        case Phase::Trailers: {
            const char *newline = static_cast<const char *>(memchr(data + i, '\n', size_t(size - i)));
            const qint64 take = newline ? (newline - (data + i)) + 1 : size - i;
            c.pending.append(data + i, take);
            i += take;
            if (c.pending.size() > 4096) {
                refuse(socket, 400, QStringLiteral("Malformed chunked body"));
                return false;
            }
            if (!newline)
                break;
            const QByteArray line = c.pending.trimmed();
            c.pending.clear();
            if (c.phase == Phase::Trailers) {
                if (line.isEmpty())
                    completeRequest(c);
                break;
            }
            bool ok = false;
            const QByteArray size = line.split(';').first().trimmed();
            const bool hex = !size.isEmpty() && size.size() <= 12
                && std::all_of(size.begin(), size.end(), [](char ch) { return std::isxdigit(uchar(ch)); });
            const qint64 chunk = hex ? size.toLongLong(&ok, 16) : -1;
            if (!ok || chunk < 0) {
                refuse(socket, 400, QStringLiteral("Malformed chunked body"));
                return false;
            }
            if (chunk == 0) {
                c.phase = Phase::Trailers;
                break;
            }
            c.bodyBytes += chunk;
            if (c.bodyBytes > m_limits.maxBodyBytes) {
                refuse(socket, 413, QStringLiteral("Request body is larger than %1 KiB").arg(m_limits.maxBodyBytes / 1024));
                return false;
            }
            c.remaining = chunk;
            c.phase = Phase::ChunkData;
            break;
        }
        case Phase::ChunkData: {
            const qint64 take = std::min(size - i, c.remaining);
            c.remaining -= take;
            i += take;
            if (c.remaining == 0) {
                c.phase = Phase::ChunkDataEnd;
                c.remaining = 2;  // CRLF
            }
            break;
        }
        case Phase::ChunkDataEnd: {
            const qint64 take = std::min(size - i, c.remaining);
            c.remaining -= take;
            i += take;
            if (c.remaining == 0)
                c.phase = Phase::ChunkSize;
            break;
        }
        }
    }
    return true;
}

bool ConnectionGuard::finishHeaders(QTcpSocket *socket, Connection &c)
{
    const QByteArray head = c.pending;
    const QList<QByteArray> lines = c.pending.split('\n');
    c.pending.clear();
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    c.path = requestLine.size() >= 2 ? QString::fromUtf8(requestLine.at(1).split('?').first()) : QString();
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        refuse(socket, 400, QStringLiteral("The request line is not 'METHOD /path HTTP/1.x'"));
        return false;
    }
    QList<QByteArray> contentLengths;
    QList<QByteArray> transferEncodings;
    bool expectContinue = false;
    bool upgradeToWebSocket = false;
    // The header block ends in an empty line, so the last two split parts are empty.
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray raw = lines.at(n).endsWith('\r') ? lines.at(n).chopped(1) : lines.at(n);
        if (raw.isEmpty())
            continue;
        const qsizetype colon = raw.indexOf(':');
        // RFC 9112: no folded lines, no line without a name, no space before the colon — a
        // proxy in front may read any of them differently, which is how requests get smuggled.
        if (colon <= 0 || raw.front() == ' ' || raw.front() == '\t' || raw.at(colon - 1) == ' ' || raw.at(colon - 1) == '\t') {
            refuse(socket, 400, QStringLiteral("A header line is malformed: %1").arg(QString::fromLatin1(raw.left(60))));
            return false;
        }
        const QByteArray name = raw.left(colon).toLower();
        const QByteArray value = raw.mid(colon + 1).trimmed();
        if (name == "content-length")
            contentLengths << value;
        else if (name == "transfer-encoding")
            transferEncodings << value.toLower();
        else if (name == "expect")
            expectContinue = value.toLower() == "100-continue";
        else if (name == "upgrade")
            upgradeToWebSocket = value.toLower() == "websocket";
    }
    const bool chunked = !transferEncodings.isEmpty();
    if (chunked && (transferEncodings.size() > 1 || transferEncodings.first() != "chunked")) {
        refuse(socket, 501, QStringLiteral("Only 'Transfer-Encoding: chunked' is understood"));
        return false;
    }
    const qint64 length = parseContentLength(contentLengths);
    if (length == -2 || (chunked && length >= 0)) {
        refuse(socket, 400, QStringLiteral("Content-Length is malformed or contradicts Transfer-Encoding"));
        return false;
    }
    if (length > m_limits.maxBodyBytes) {
        refuse(socket, 413, QStringLiteral("Request body is larger than %1 KiB").arg(m_limits.maxBodyBytes / 1024));
        return false;
    }
    QString bare = c.path;
    if (bare.size() > 1 && bare.endsWith(u'/'))
        bare.chop(1);
    if (m_upgrade && requestLine.at(0) == "GET" && !chunked && length <= 0 && (upgradeToWebSocket || m_streamPaths.contains(bare)))
        return handOver(socket, head);
    if (expectContinue && (chunked || length > 0))
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    c.bodyBytes = 0;
    if (chunked) {
        c.phase = Phase::ChunkSize;
    } else if (length > 0) {
        c.phase = Phase::Body;
        c.remaining = length;
    } else {
        completeRequest(c);
    }
    return true;
}

void ConnectionGuard::completeRequest(Connection &c)
{
    c.phase = Phase::Headers;
    c.pending.clear();
    c.remaining = 0;
    ++c.inFlight;
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const QString &message)
{
    const QString path = m_connections.value(socket).path;
    m_connections.remove(socket);
    // The server must not see the rest of this request: take its reader off first.
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    const QByteArray body = m_refusalBody(status, path, message);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
    qCInfo(lcGuard) << "refused a request with" << status << "from" << socket->peerAddress().toString();
}

bool ConnectionGuard::handOver(QTcpSocket *socket, const QByteArray &head)
{
    m_connections.remove(socket);
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    // A duplicate descriptor, and this socket closed as any other: QtHttpServer's bookkeeping of
    // it ends the ordinary way, and the WebSocket owns a socket nobody else holds.
    const int descriptor = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    socket->abort();
    if (descriptor >= 0)
        m_upgrade(descriptor, head);
    return false;
}

void ConnectionGuard::sweep()
{
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QTcpSocket *, int>> toRefuse;
    QList<QTcpSocket *> toClose;
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        const Connection &c = *it;
        const bool midHeaders = c.phase == Phase::Headers && !c.pending.isEmpty();
        const bool midBody = c.phase != Phase::Headers;
        if (midHeaders && now - c.phaseSince > m_limits.headerTimeout.count())
            toRefuse.append({it.key(), 408});
        else if (midBody && now - c.phaseSince > m_limits.bodyTimeout.count())
            toRefuse.append({it.key(), 408});
        else if (!midHeaders && !midBody && c.inFlight == 0 && now - c.lastActivity > m_limits.idleTimeout.count())
            toClose.append(it.key());
    }
    for (const auto &[socket, status] : toRefuse)
        refuse(socket, status, QStringLiteral("The request was not sent in time"));
    for (QTcpSocket *socket : toClose) {
        m_connections.remove(socket);
        socket->disconnectFromHost();
    }
}

}  // namespace Atrium::Api
