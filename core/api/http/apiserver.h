#pragma once

#include "api/http/connectionguard.h"
#include "api/http/credentials.h"
#include "api/http/router.h"
#include "model/error.h"

#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace Atrium {
class TokenService;
}

namespace Atrium::Api {

/// Atrium's REST API on one listening address. Owns the HTTP server, the
/// connection guard and the router; controllers add their routes to router().
///
/// Before any handler runs: the Host header must name this server (DNS
/// rebinding), browsers' cross-site requests are refused, the path and method
/// must match a route (404 / 405 with Allow; OPTIONS answers Allow), and the
/// surface's credential and scope are checked. Handlers may answer later (a
/// QFuture); replies on one connection are still written in request order.
class ApiServer final : public QObject {
    Q_OBJECT

public:
    ApiServer(TokenService &tokens, ConnectionLimits limits = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    Router &router() { return m_router; }

    /// Starts listening. Port 0 picks a free port; the result is the port used.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:8765"
    QString baseUrl() const;

    /// Extra names the Host header may carry (besides loopback names and the listen address).
    void addAllowedHost(const QString &host);

    int connectionCount() const { return m_guard->connectionCount(); }

    /// Takes WebSocket upgrade requests that passed the Host check (and, when they carry a
    /// Bearer header or X-API-Key, the credential check: request.actor is then set). The
    /// handler owns @p socket (nothing read from it beyond the request) and answers it.
    using UpgradeHandler = std::function<void(ApiRequest request, QTcpSocket *socket)>;
    void setUpgradeHandler(UpgradeHandler handler);
    /// Serves GET @p path as a stream that never ends (server-sent events): the handler gets the
    /// socket once the Host, origin and credential checks passed (Bearer or X-API-Key, read scope),
    /// and writes the response itself. Documented like any route (add a route for @p path too).
    void addStream(const QString &path, UpgradeHandler handler);
    /// Writes @p reply on an upgrade request's socket and closes it.
    static void refuseUpgrade(QTcpSocket *socket, const ApiReply &reply);

private:
    struct Pending {
        std::shared_ptr<QHttpServerResponder> responder;
        std::optional<ApiReply> reply;
        bool head = false;
    };
    struct Queue {
        quint64 next = 0;     ///< sequence number of the next request
        quint64 written = 0;  ///< sequence number of the next reply to write
        QMap<quint64, Pending> pending;
    };

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    ApiReply preflight(const ApiRequest &request, Surface surface, bool &proceed) const;
    std::optional<ApiReply> dispatch(ApiRequest &request, quint64 sequence, QTcpSocket *socket);
    void deliver(QTcpSocket *socket, quint64 sequence, ApiReply reply);
    void flush(QTcpSocket *socket);
    void write(QHttpServerResponder &responder, const ApiReply &reply, bool head);
    bool hostAllowed(const QByteArray &host) const;
    void takeUpgrade(int descriptor, const QByteArray &head);
    /// The credential step of a route (or an upgrade) of @p surface: nullopt when @p request
    /// may go on (its actor set when it carried a credential).
    std::optional<ApiReply> authenticate(ApiRequest &request, Surface surface, Access access);

    TokenService &m_tokens;
    Credentials m_credentials;
    Router m_router;
    QHttpServer *m_http = nullptr;
    ConnectionGuard *m_guard = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
    QStringList m_allowedHosts;
    QHash<QTcpSocket *, Queue> m_queues;
    UpgradeHandler m_upgrade;
    QHash<QString, UpgradeHandler> m_streams;
    void enableHandOver();
};

}  // namespace Atrium::Api
