#include "api/console/viewercontroller.h"

#include "api/console/consolerelay.h"
#include "api/console/websocketchannel.h"
#include "api/console/websocketframes.h"
#include "api/http/apiserver.h"
#include "api/http/credentials.h"
#include "api/http/errorreply.h"
#include "api/http/isotime.h"
#include "base/continuation.h"
#include "engine/engine.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <unistd.h>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Console;

QString base(const QString &sessionId)
{
    return QStringLiteral("/viewer/") + sessionId;
}

QString viewerUrl(const QString &sessionId, const QString &ticket)
{
    return base(sessionId) + QStringLiteral("?ticket=") + ticket;
}

QString cookie(const ApiRequest &request, QByteArrayView name)
{
    for (const QByteArray &part : request.header("cookie").split(';')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith(name) && item.size() > name.size() && item.at(name.size()) == '=')
            return QString::fromLatin1(item.mid(name.size() + 1));
    }
    return {};
}

bool wantsHtml(const ApiRequest &request)
{
    return request.header("accept").contains("text/html");
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

/// A page's headers: nothing outside this origin runs or frames it, and the ticket in its
/// address never leaves in a Referer.
ApiReply withPageHeaders(ApiReply reply, const QString &nonce)
{
    reply.withHeader("Content-Type", "text/html; charset=utf-8")
        .withHeader("Cache-Control", "no-store")
        .withHeader("Referrer-Policy", "no-referrer")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Content-Security-Policy",
                    QStringLiteral("default-src 'none'; script-src 'self' 'nonce-%1'; style-src 'nonce-%1'; "
                                   "connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'")
                        .arg(nonce)
                        .toLatin1());
    return reply;
}

}  // namespace

ViewerController::ViewerController(Engine &engine, QString novncDirectory, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_novnc(std::move(novncDirectory))
{
    m_clock.start();
}

ViewerController::~ViewerController() = default;

void ViewerController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/viewer/{id}"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return page(r); });
    router.add(HttpMethod::Get, QStringLiteral("/viewer/{id}/novnc/{path+}"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return file(r); });
    router.add(HttpMethod::Post, QStringLiteral("/api/sessions/{id}/ticket"), Surface::Bearer, Access::Read,
               [this](const ApiRequest &r) { return ticket(r); });
}

Error ViewerController::refuse(const ApiRequest &request, const Actor *known, const QString &sessionId, Error error)
{
    Actor actor;
    if (known) {
        actor = *known;
    } else {
        actor.identity.email = QStringLiteral("(no valid credential)");
        actor.client = QStringLiteral("browser");
    }
    // Like the API's credential throttle: past 10 refusals a minute from one address, the rest
    // of that minute is 429 and fills no audit log.
    const QString address = clientAddress(request.peer);
    Refusals &recent = m_refusals[address];
    if (recent.count == 0 || m_clock.elapsed() - recent.windowStart >= 60000)
        recent = Refusals{0, m_clock.elapsed()};
    if (++recent.count > kMaxRefusalsPerMinute) {
        if (m_refusals.size() > 100000)
            m_refusals.clear();  // a flood of addresses: forget rather than grow
        const int wait = int((60000 - (m_clock.elapsed() - recent.windowStart) + 999) / 1000);
        return Error(ErrorCode::TooManyRequests, QStringLiteral("Too many refused console requests; try again in %1 s").arg(wait));
    }
    m_engine.auditConsole(actor, QStringLiteral("refuse_browser_console"), sessionId.left(64), false,
                          QStringLiteral("%1 (from %2)").arg(error.message, address));
    return error;
}

Result<ViewerController::Viewer> ViewerController::admit(const ApiRequest &request, const QString &sessionId, Purpose purpose)
{
    const QString address = clientAddress(request.peer);
    const QString ticket = request.queryValue(QStringLiteral("ticket"));
    const bool bearer = !request.actor.identity.id.isEmpty();

    // A ticket, whoever else is asking: it is spent now, and must be this session's and theirs.
    if (!ticket.isEmpty()) {
        auto holder = m_engine.consoleTickets().spendTicket(ticket);
        if (!holder) {
            const auto who = holder.error().holder.userId.isEmpty() ? std::nullopt : m_engine.identity(holder.error().holder.userId);
            Actor known;
            if (who)
                known.identity = *who;
            return std::unexpected(refuse(request, who ? &known : nullptr, sessionId,
                                          Error(ErrorCode::Unauthenticated, QStringLiteral("Console refused: ") + describe(holder.error().why))));
        }
        auto resolved = m_engine.consoleHolder(*holder, address);
        if (!resolved)
            return std::unexpected(refuse(request, nullptr, sessionId, Error(resolved.error().code, QStringLiteral("Console refused: ") + resolved.error().message)));
        auto &[actor, session] = *resolved;
        if (bearer && request.actor.identity.id != actor.identity.id) {
            return std::unexpected(refuse(request, &request.actor, sessionId,
                                          Error(ErrorCode::Forbidden, QStringLiteral("Console refused: this ticket was issued to another user"))));
        }
        if (session.id != sessionId) {
            return std::unexpected(refuse(request, &actor, sessionId,
                                          Error(ErrorCode::Forbidden, QStringLiteral("Console refused: this ticket is for another session"))));
        }
        return Viewer{actor, session, {}, false};
    }

    if (bearer) {
        auto session = m_engine.visibleSession(request.actor, sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!session->isActive())
            return std::unexpected(Error(ErrorCode::Conflict, QStringLiteral("Session is %1").arg(nameOf(session->status))));
        return Viewer{request.actor, *session, {}, false};
    }

    const QString key = cookie(request, kPageKeyCookie);
    if (key.isEmpty()) {
        return std::unexpected(refuse(request, nullptr, sessionId,
                                      Error(ErrorCode::Unauthenticated,
                                            QStringLiteral("Not authenticated: open the launch response's viewer_url (it carries a "
                                                           "one-time ticket; POST /api/sessions/{id}/ticket gives a new one) or send "
                                                           "'Authorization: Bearer <token>'"))));
    }
    auto &tickets = m_engine.consoleTickets();
    auto page = purpose == Purpose::Socket ? tickets.claimSocket(key) : tickets.pageKey(key);
    if (!page || page->pageSessionId != sessionId) {
        if (page && purpose == Purpose::Socket)
            tickets.releaseSocket(key);
        const ConsoleTickets::Refusal why = page ? ConsoleTickets::Refusal::Unknown : page.error().why;
        const QString message = why == ConsoleTickets::Refusal::SocketOpen
            ? describe(why)
            : QStringLiteral("this page's key is not valid for this session (the session ended, or the page is another's)");
        return std::unexpected(refuse(request, nullptr, sessionId, Error(ErrorCode::Unauthenticated, QStringLiteral("Console refused: ") + message)));
    }
    if (page->orphaned) {
        // The VM stopped on its own: the open page may reconnect once it runs again (on a new
        // session of the same person), and its modules still load; nothing else opens.
        const auto identity = m_engine.identity(page->holder.userId);
        if (purpose == Purpose::Page || !identity) {
            return std::unexpected(refuse(request, nullptr, sessionId,
                                          Error(ErrorCode::Unauthenticated,
                                                QStringLiteral("Console refused: ") + describe(ConsoleTickets::Refusal::Orphaned))));
        }
        Viewer viewer;
        viewer.actor.identity = *identity;
        viewer.actor.scopes = {QString(Scope::WorkspacesRead)};
        viewer.actor.clientAddress = address;
        viewer.actor.client = QStringLiteral("browser");
        viewer.session.id = page->holder.sessionId;
        viewer.session.workspaceId = page->workspaceId;
        viewer.pageKey = purpose == Purpose::Socket ? key : QString();
        viewer.resume = purpose == Purpose::Socket;
        return viewer;
    }
    auto resolved = m_engine.consoleHolder(page->holder, address);
    if (!resolved) {
        if (purpose == Purpose::Socket)
            tickets.releaseSocket(key);
        return std::unexpected(refuse(request, nullptr, sessionId, Error(resolved.error().code, QStringLiteral("Console refused: ") + resolved.error().message)));
    }
    return Viewer{resolved->first, resolved->second, purpose == Purpose::Socket ? key : QString(), false};
}

ApiReply ViewerController::htmlPage(const QString &resource, const QString &title, const QString &pageBase,
                                    const QString &message) const
{
    QFile file(resource);
    file.open(QIODevice::ReadOnly);
    const QString nonce = ConsoleTickets::randomSecret();
    QString html = QString::fromUtf8(file.readAll());
    html.replace(QStringLiteral("{{TITLE}}"), htmlEscaped(title))
        .replace(QStringLiteral("{{NONCE}}"), nonce)
        .replace(QStringLiteral("{{BASE}}"), pageBase)
        .replace(QStringLiteral("{{MESSAGE}}"), htmlEscaped(message));
    ApiReply reply;
    reply.status = 200;
    reply.body = html.toUtf8();
    return withPageHeaders(std::move(reply), nonce);
}

ApiReply ViewerController::page(const ApiRequest &request)
{
    const QString sessionId = request.capture(0);
    auto viewer = admit(request, sessionId, Purpose::Page);
    if (!viewer)
        return errorReply(kSurface, viewer.error());
    const auto workspace = m_engine.workspace(viewer->session.workspaceId);
    if (!workspace)
        return errorReply(kSurface, Error(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found")));
    const bool html = request.actor.identity.id.isEmpty() || wantsHtml(request);

    QJsonObject body{{QStringLiteral("session_id"), sessionId}, {QStringLiteral("workspace_id"), workspace->id}};
    if (workspace->type == WorkspaceType::Browser) {
        const QString message = QStringLiteral("%1 is an isolated browser: it opens in Atrium's desktop window, not in a web page.")
                                    .arg(workspace->name);
        if (html)
            return htmlPage(QStringLiteral(":/atrium/api/viewernotice.html"), workspace->name, base(sessionId), message);
        body.insert(QStringLiteral("kind"), QStringLiteral("browser"));
        body.insert(QStringLiteral("message"), message);
        return ApiReply::json(200, body);
    }
    if (workspace->provider() != ProviderKind::Libvirt) {
        // The endpoint itself is the viewer.
        body.insert(QStringLiteral("kind"), QStringLiteral("url"));
        body.insert(QStringLiteral("url"), workspace->url);
        return ApiReply::json(307, body).withHeader("Location", workspace->url.toUtf8()).withHeader("Cache-Control", "no-store");
    }
    if (!html) {
        // A script asked with its token: where to send a browser.
        auto issued = m_engine.issueConsoleTicket(request.actor, sessionId);
        if (!issued)
            return errorReply(kSurface, issued.error());
        body.insert(QStringLiteral("kind"), QStringLiteral("vnc"));
        body.insert(QStringLiteral("viewer_url"), viewerUrl(sessionId, issued->secret));
        body.insert(QStringLiteral("message"), QStringLiteral("Open viewer_url in a browser within 60 s; it works once"));
        return ApiReply::json(200, body);
    }
    if (!QFileInfo::exists(m_novnc + QStringLiteral("/core/rfb.js"))) {
        return errorReply(kSurface, 503, QStringLiteral("NOVNC_MISSING"),
                          QStringLiteral("noVNC is not installed in %1 (Debian's novnc package): the browser console cannot open").arg(m_novnc));
    }
    ApiReply reply = htmlPage(QStringLiteral(":/atrium/api/viewerpage.html"), workspace->name, base(sessionId), {});
    // The page's key: its modules and its WebSocket, never in a URL.
    // A reload carries the key already; a ticket or a token opens a new page, with a key of its own.
    const auto held = m_engine.consoleTickets().pageKey(cookie(request, kPageKeyCookie));
    const bool reload = held && held->holder.sessionId == sessionId && request.queryValue(QStringLiteral("ticket")).isEmpty()
        && request.actor.identity.id.isEmpty();
    if (!reload) {
        const auto issued = m_engine.consoleTickets().issuePageKey({sessionId, viewer->actor.identity.id}, workspace->id);
        reply.withHeader("Set-Cookie", QStringLiteral("%1=%2; Path=%3; HttpOnly; SameSite=Strict")
                                           .arg(QLatin1StringView(kPageKeyCookie), issued.secret, base(sessionId))
                                           .toLatin1());
    }
    m_engine.auditConsole(viewer->actor, QStringLiteral("open_browser_console_page"), sessionId, true,
                          QStringLiteral("%1 from %2").arg(workspace->name, viewer->actor.clientAddress.isEmpty()
                                                                                 ? clientAddress(request.peer)
                                                                                 : viewer->actor.clientAddress));
    return reply;
}

ApiReply ViewerController::file(const ApiRequest &request)
{
    const QString sessionId = request.capture(0);
    const QString path = request.capture(1);
    // noVNC's modules and nothing else: no "..", no hidden files, JavaScript only.
    static const QRegularExpression allowed(QStringLiteral(R"(^(core|vendor)(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+\.js$)"));
    if (!allowed.match(path).hasMatch() || path.contains(QStringLiteral("..")))
        return errorReply(kSurface, 404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such file of noVNC: %1").arg(path.left(200)));
    if (auto viewer = admit(request, sessionId, Purpose::File); !viewer)
        return errorReply(kSurface, viewer.error());
    auto cached = m_files.constFind(path);
    if (cached == m_files.constEnd()) {
        QFile file(m_novnc + u'/' + path);
        if (!file.open(QIODevice::ReadOnly))
            return errorReply(kSurface, 404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such file of noVNC: %1").arg(path.left(200)));
        cached = m_files.insert(path, file.readAll());
    }
    ApiReply reply;
    reply.status = 200;
    reply.body = *cached;
    reply.withHeader("Content-Type", "text/javascript; charset=utf-8").withHeader("Cache-Control", "private, max-age=3600");
    return reply;
}

ApiReply ViewerController::ticket(const ApiRequest &request)
{
    const QString sessionId = request.capture(0);
    auto issued = m_engine.issueConsoleTicket(request.actor, sessionId);
    if (!issued)
        return errorReply(Surface::Bearer, issued.error());
    return ApiReply::json(200, QJsonObject{
                                   {QStringLiteral("session_id"), sessionId},
                                   {QStringLiteral("ticket"), issued->secret},
                                   {QStringLiteral("viewer_url"), viewerUrl(sessionId, issued->secret)},
                                   {QStringLiteral("expires_at"), isoTime(issued->expiresAt)},
                               })
        .withHeader("Cache-Control", "no-store");
}

void ViewerController::takeUpgrade(ApiRequest request, QTcpSocket *socket)
{
    static const QRegularExpression route(QStringLiteral(R"(^/viewer/([A-Za-z0-9-]{1,64})/websocket/?$)"));
    const auto matched = route.match(request.path);
    if (!matched.hasMatch()) {
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, 404, QStringLiteral("NOT_FOUND"),
                                                           QStringLiteral("No WebSocket at %1").arg(request.path.left(200))));
    }
    const QString sessionId = matched.captured(1);
    // Same origin only: a page elsewhere must not reach a console with this browser's cookie.
    const QByteArray origin = request.header("origin");
    if (!origin.isEmpty() && origin != "http://" + request.header("host")) {
        const Error refused = refuse(request, request.actor.identity.id.isEmpty() ? nullptr : &request.actor, sessionId,
                                     Error(ErrorCode::Forbidden, QStringLiteral("Console refused: a WebSocket from origin %1 (only this server's own pages may connect)")
                                                                     .arg(QString::fromLatin1(origin.left(200)))));
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, refused));
    }
    const QByteArray key = request.header("sec-websocket-key");
    if (request.header("sec-websocket-version") != "13") {
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, 426, QStringLiteral("UPGRADE_REQUIRED"),
                                                           QStringLiteral("Only WebSocket version 13 is spoken here"))
                                                    .withHeader("Sec-WebSocket-Version", "13"));
    }
    if (QByteArray::fromBase64(key).size() != 16 || !request.header("connection").toLower().contains("upgrade")) {
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, 400, QStringLiteral("BAD_HANDSHAKE"),
                                                           QStringLiteral("A WebSocket handshake needs 'Connection: Upgrade' and a 16-byte Sec-WebSocket-Key")));
    }
    if (m_relays.size() >= kMaxConsoles) {
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, 503, QStringLiteral("SERVER_BUSY"),
                                                           QStringLiteral("%1 consoles are open, the most Atrium serves at once").arg(kMaxConsoles)));
    }
    auto viewer = admit(request, sessionId, Purpose::Socket);
    if (!viewer)
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, viewer.error()));

    QPointer<QTcpSocket> guard(socket);
    if (viewer->resume)
        return resume(*viewer, request, guard);
    connectConsole(*viewer, request, guard);
}

void ViewerController::resume(Viewer viewer, const ApiRequest &request, QPointer<QTcpSocket> socket)
{
    // The page of a VM that stopped on its own: once it runs again, its person gets a new
    // session (as the desktop viewer does) and the page goes on on it.
    const auto workspace = m_engine.workspace(viewer.session.workspaceId);
    if (!workspace || workspace->status != WorkspaceStatus::Running) {
        m_engine.consoleTickets().releaseSocket(viewer.pageKey);
        return ApiServer::refuseUpgrade(socket, errorReply(kSurface, 409, QStringLiteral("INVALID_STATE"),
                                                           QStringLiteral("The VM has not run again yet; the page tries again")));
    }
    continueOn(m_engine.launchWorkspace(viewer.actor, workspace->id), this,
               [this, viewer, request, socket](const Result<LaunchResult> &launched) mutable {
                   if (!launched || !socket) {
                       m_engine.consoleTickets().releaseSocket(viewer.pageKey);
                       if (launched && !launched->session.id.isEmpty())
                           m_engine.disconnectSession(viewer.actor, launched->session.id);  // nobody is there any more
                       if (socket)
                           ApiServer::refuseUpgrade(socket, errorReply(kSurface, launched.error()));
                       return;
                   }
                   m_engine.consoleTickets().resume(viewer.pageKey, launched->session.id);
                   viewer.session = launched->session;
                   connectConsole(viewer, request, socket);
               });
}

void ViewerController::connectConsole(const Viewer &viewer, const ApiRequest &request, QPointer<QTcpSocket> socket)
{
    continueOn(m_engine.openGraphics(viewer.actor, viewer.session.workspaceId), this,
               [this, viewer, request, socket](const Result<int> &descriptor) {
                   if (!descriptor) {
                       if (!viewer.pageKey.isEmpty())
                           m_engine.consoleTickets().releaseSocket(viewer.pageKey);
                       if (socket)
                           ApiServer::refuseUpgrade(socket, errorReply(kSurface, descriptor.error()));
                       return;
                   }
                   startRelay(viewer, request, socket, *descriptor);
               });
}

void ViewerController::startRelay(const Viewer &viewer, const ApiRequest &request, QPointer<QTcpSocket> socket, int descriptor)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        ::close(descriptor);
        if (!viewer.pageKey.isEmpty())
            m_engine.consoleTickets().releaseSocket(viewer.pageKey);
        if (socket)
            socket->deleteLater();
        return;
    }
    QByteArray response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: " + WebSocket::acceptKey(request.header("sec-websocket-key")) + "\r\n";
    // noVNC's older pages ask for "binary"; the bytes are binary either way.
    const QList<QByteArray> protocols = request.header("sec-websocket-protocol").split(',');
    for (const QByteArray &p : protocols) {
        if (p.trimmed() == "binary") {
            response += "Sec-WebSocket-Protocol: binary\r\n";
            break;
        }
    }
    socket->write(response + "\r\n");
    auto *channel = new WebSocketChannel(socket, this);
    auto *relay = new ConsoleRelay(m_engine, viewer.actor, viewer.session, channel, descriptor, this);
    m_relays.insert(relay, viewer.session.id);
    connect(relay, &ConsoleRelay::finished, this, [this, relay, key = viewer.pageKey] {
        m_relays.remove(relay);
        if (!key.isEmpty())
            m_engine.consoleTickets().releaseSocket(key);
    });
}

}  // namespace Atrium::Api
