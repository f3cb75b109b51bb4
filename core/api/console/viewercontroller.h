#pragma once

#include "api/http/router.h"
#include "model/error.h"
#include "model/session.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

class ConsoleRelay;

/// A session's stream in a browser (the launch response's stream_url and viewer_url):
///
/// - `GET /viewer/{session}`: for a VM, an HTML page running noVNC (Debian's, served from where
///   it is installed) against this server's WebSocket; for an endpoint, a redirect to its URL;
///   for an isolated browser, a page saying it is the desktop window's. Scripts that send a
///   Bearer header without asking for HTML get the same as JSON.
/// - `GET /viewer/{session}/novnc/…`: noVNC's modules, for the page that holds the page key.
/// - `GET /viewer/{session}/websocket` (an upgrade): the VM's console as RFB over a WebSocket.
/// - `POST /api/sessions/{id}/ticket`: a fresh one-time ticket (the session's user or an admin).
///
/// Every refusal of a ticket, key or origin is a 401/403 and a line in the audit log.
class ViewerController final : public QObject {
    Q_OBJECT

public:
    /// @p novncDirectory: where noVNC's `core/` and `vendor/` are (Debian: /usr/share/novnc).
    ViewerController(Engine &engine, QString novncDirectory, QObject *parent = nullptr);
    ~ViewerController() override;

    void registerRoutes(Router &router);
    /// A WebSocket upgrade request (ApiServer::setUpgradeHandler).
    void takeUpgrade(ApiRequest request, QTcpSocket *socket);

    int openConsoles() const { return int(m_relays.size()); }
    static constexpr int kMaxConsoles = 64;
    static constexpr char kPageKeyCookie[] = "atrium_viewer";

private:
    enum class Purpose { Page, File, Socket };
    struct Viewer {
        Actor actor;
        Session session;
        QString pageKey;  ///< set when the page's key admitted a WebSocket (released when it ends)
        bool resume = false;  ///< the page's session ended as its VM stopped on its own
    };

    /// Who may watch @p sessionId for @p purpose: from the Bearer header, the ticket (spent here)
    /// or the page's key. Refusals are audited.
    Result<Viewer> admit(const ApiRequest &request, const QString &sessionId, Purpose purpose);
    Error refuse(const ApiRequest &request, const Actor *known, const QString &sessionId, Error error);

    ApiReply page(const ApiRequest &request);
    ApiReply file(const ApiRequest &request);
    ApiReply ticket(const ApiRequest &request);
    ApiReply htmlPage(const QString &resource, const QString &title, const QString &base, const QString &message) const;
    void resume(Viewer viewer, const ApiRequest &request, QPointer<QTcpSocket> socket);
    void connectConsole(const Viewer &viewer, const ApiRequest &request, QPointer<QTcpSocket> socket);
    void startRelay(const Viewer &viewer, const ApiRequest &request, QPointer<QTcpSocket> socket, int descriptor);

    Engine &m_engine;
    QString m_novnc;
    QHash<QString, QByteArray> m_files;  ///< noVNC's modules, read once
    QHash<ConsoleRelay *, QString> m_relays;  ///< open consoles → the session each shows
    struct Refusals {
        int count = 0;
        qint64 windowStart = 0;
    };
    static constexpr int kMaxRefusalsPerMinute = 10;
    QHash<QString, Refusals> m_refusals;  ///< per client address, this minute
    QElapsedTimer m_clock;
};

}  // namespace Atrium::Api
