#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>
#include <QTimer>
#include <chrono>
#include <functional>

class QTcpSocket;

namespace Atrium::Api {

/// Limits QtHttpServer 6.4 does not enforce itself.
struct ConnectionLimits {
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    // One deadline for every wait on the client: a connection that sends nothing, stops in
    // the middle of its headers or its body, or idles between requests is closed after it.
    std::chrono::milliseconds headerTimeout{10000};  ///< to send a request's headers
    std::chrono::milliseconds bodyTimeout{10000};    ///< to send its body
    std::chrono::milliseconds idleTimeout{10000};    ///< before the first byte, and keep-alive with nothing to do
    int maxConnections = 512;
};

/// The listening socket in front of QtHttpServer. It sees every byte first
/// (peeking, so the server still reads them), tracks request boundaries
/// (Content-Length and chunked), answers `Expect: 100-continue`, and refuses
/// oversized headers (431) and bodies (413) before they are buffered. One sweep
/// timer closes slow (408) and idle connections; a connection waiting for an
/// answer from Atrium is never idle.
class ConnectionGuard final : public QTcpServer {
    Q_OBJECT

public:
    /// Builds the JSON body of a refusal for a request path (shaped per surface).
    using RefusalBody = std::function<QByteArray(int status, const QString &path, const QString &message)>;
    /// Takes a WebSocket upgrade request: @p descriptor is the connection's own (a duplicate;
    /// the guard's socket is closed), @p head the request line and headers as sent.
    using UpgradeHandler = std::function<void(int descriptor, const QByteArray &head)>;

    ConnectionGuard(ConnectionLimits limits, RefusalBody refusalBody, QObject *parent = nullptr);

    /// Hands WebSocket upgrades, and GETs of @p streamPaths (answers that never end: server-sent
    /// events), to @p handler. Without one they are ordinary requests (QtHttpServer answers them).
    void setUpgradeHandler(UpgradeHandler handler, QStringList streamPaths)
    {
        m_upgrade = std::move(handler);
        m_streamPaths = std::move(streamPaths);
    }

    /// Atrium has answered one request on @p socket.
    void responded(QTcpSocket *socket);
    int connectionCount() const { return int(m_connections.size()); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    enum class Phase { Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers };

    struct Connection {
        Phase phase = Phase::Headers;
        QByteArray pending;      ///< header block or chunk line being assembled
        qint64 remaining = 0;    ///< body or chunk bytes still to come
        qint64 bodyBytes = 0;    ///< body bytes of the current request so far
        qint64 leftover = 0;     ///< bytes the server left unread last time
        QString path;            ///< of the current request, to shape refusals
        qint64 phaseSince = 0;   ///< m_clock ms when the current request began
        qint64 lastActivity = 0;
        int inFlight = 0;        ///< complete requests not yet answered
    };

    void scan(QTcpSocket *socket);
    bool consume(QTcpSocket *socket, Connection &c, const char *data, qint64 size);
    bool finishHeaders(QTcpSocket *socket, Connection &c);
    void completeRequest(Connection &c);
    void refuse(QTcpSocket *socket, int status, const QString &message);
    /// Hands a WebSocket upgrade to its handler on a descriptor of its own; false (stop reading).
    bool handOver(QTcpSocket *socket, const QByteArray &head);
    void sweep();

    ConnectionLimits m_limits;
    RefusalBody m_refusalBody;
    UpgradeHandler m_upgrade;
    QStringList m_streamPaths;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
    QElapsedTimer m_clock;
};

}  // namespace Atrium::Api
