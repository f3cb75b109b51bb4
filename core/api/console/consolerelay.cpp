#include "api/console/consolerelay.h"

#include "api/console/websocketchannel.h"
#include "engine/engine.h"

#include <QLocalSocket>
#include <QTimer>

namespace Atrium::Api {

namespace {
// The guest's screen is read no faster than the browser takes it: past this much queued
// for the browser, Atrium stops reading from the VNC server until the queue drains.
constexpr qint64 kMaxQueuedForBrowser = 4 << 20;
constexpr qint64 kGuestReadBuffer = 256 << 10;
constexpr int kSessionEndGraceMs = 1500;
}  // namespace

ConsoleRelay::ConsoleRelay(Engine &engine, const Actor &viewer, const Session &session, WebSocketChannel *channel,
                           int graphicsDescriptor, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_viewer(viewer)
    , m_session(session)
    , m_channel(channel)
    , m_graphics(new QLocalSocket(this))
{
    m_age.start();
    m_channel->setParent(this);
    m_graphics->setReadBufferSize(kGuestReadBuffer);
    m_graphics->setSocketDescriptor(graphicsDescriptor);
    connect(m_graphics, &QLocalSocket::readyRead, this, &ConsoleRelay::pumpFromGuest);
    connect(m_channel, &WebSocketChannel::drained, this, &ConsoleRelay::pumpFromGuest);
    connect(m_channel, &WebSocketChannel::binaryReceived, this, [this](const QByteArray &bytes) {
        m_toGuest += bytes.size();
        m_graphics->write(bytes);
    });
    connect(m_graphics, &QLocalSocket::disconnected, this, [this] {
        // A stop ends the display a moment before the session: wait for the better reason.
        QTimer::singleShot(kSessionEndGraceMs, this, [this] {
            end(WebSocket::ConsoleClosed, QStringLiteral("The VM's display closed: the VM stopped or restarted"));
        });
    });
    connect(m_channel, &WebSocketChannel::closed, this, [this](quint16 code, const QString &reason, bool byPeer) {
        if (byPeer)
            finish(QStringLiteral("closed by the browser (%1%2)").arg(code).arg(reason.isEmpty() ? QString() : u", " + reason), true);
        else
            finish(QStringLiteral("closed by Atrium (%1, %2)").arg(code).arg(reason), false);
    });
    connect(&m_engine, &Engine::sessionChanged, this, [this](const Session &changed) {
        if (changed.id != m_session.id || changed.isActive())
            return;
        const auto w = m_engine.workspace(changed.workspaceId);
        if (changed.status == SessionStatus::Terminated && w && !w->userRequestedStop) {
            // It stopped on its own: the page waits for it to run again (ConsoleTickets).
            end(WebSocket::ConsoleClosed, QStringLiteral("The VM stopped on its own; the console comes back when it runs again"));
            return;
        }
        end(WebSocket::SessionEnded, changed.status == SessionStatus::Disconnected
                                         ? QStringLiteral("The session was disconnected")
                                         : QStringLiteral("The session ended: the workspace was stopped or deleted"));
    });
    m_engine.auditConsole(m_viewer, QStringLiteral("open_browser_console"), m_session.id, true,
                          QStringLiteral("%1's session on %2, from %3").arg(m_session.userEmail, m_session.workspaceName,
                                                                          m_viewer.clientAddress));
    if (m_graphics->bytesAvailable() > 0)
        pumpFromGuest();
}

ConsoleRelay::~ConsoleRelay() = default;

void ConsoleRelay::pumpFromGuest()
{
    if (m_finished)
        return;
    while (m_graphics->bytesAvailable() > 0 && m_channel->bytesToWrite() < kMaxQueuedForBrowser) {
        const QByteArray bytes = m_graphics->read(kGuestReadBuffer);
        m_toBrowser += bytes.size();
        m_channel->sendBinary(bytes);
    }
}

void ConsoleRelay::end(quint16 code, const QString &reason)
{
    if (m_finished)
        return;
    if (m_channel->isOpen())
        m_channel->close(code, reason);  // closed() follows, and finishes
    else
        finish(QStringLiteral("ended by Atrium (%1)").arg(reason), false);
}

void ConsoleRelay::finish(const QString &how, bool browserLeft)
{
    if (m_finished)
        return;
    m_finished = true;
    m_graphics->abort();
    m_engine.auditConsole(m_viewer, QStringLiteral("close_browser_console"), m_session.id, true,
                          QStringLiteral("after %1 s, %2; %3 bytes to the browser, %4 to the guest")
                              .arg(m_age.elapsed() / 1000)
                              .arg(how)
                              .arg(m_toBrowser)
                              .arg(m_toGuest));
    // The tab closed is the person leaving, as when the desktop viewer closes. An admin
    // watching someone else's session leaves it as it is.
    if (browserLeft && m_viewer.identity.id == m_session.userId) {
        if (auto current = m_engine.visibleSession(m_viewer, m_session.id); current && current->isActive())
            m_engine.disconnectSession(m_viewer, m_session.id);
    }
    Q_EMIT finished();
    deleteLater();
}

}  // namespace Atrium::Api
