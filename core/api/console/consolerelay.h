#pragma once

#include "model/identity.h"
#include "model/session.h"

#include <QElapsedTimer>
#include <QObject>

class QLocalSocket;

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

class WebSocketChannel;

/// One browser console: the page's WebSocket joined to the guest's VNC server (a descriptor
/// from Engine::openGraphics, local or through the SSH tunnel), byte for byte — the browser
/// speaks RFB itself (noVNC). Audited when it opens and when it ends, with who ended it.
///
/// It ends when the browser closes it (the tab closed: the session is disconnected, as when
/// the desktop viewer closes, if the viewer is the session's own user), when the session ends
/// (the reason goes to the page in the close frame), or when the guest's display goes away.
class ConsoleRelay final : public QObject {
    Q_OBJECT

public:
    /// Takes @p channel and @p graphicsDescriptor.
    ConsoleRelay(Engine &engine, const Actor &viewer, const Session &session, WebSocketChannel *channel,
                 int graphicsDescriptor, QObject *parent = nullptr);
    ~ConsoleRelay() override;

    QString sessionId() const { return m_session.id; }
    /// Ends the console with @p code and @p reason shown in the page.
    void end(quint16 code, const QString &reason);

Q_SIGNALS:
    /// The console is over (emitted once, then the relay deletes itself).
    void finished();

private:
    void pumpFromGuest();
    void finish(const QString &how, bool browserLeft);

    Engine &m_engine;
    Actor m_viewer;
    Session m_session;
    WebSocketChannel *m_channel;
    QLocalSocket *m_graphics;
    QElapsedTimer m_age;
    qint64 m_toBrowser = 0;
    qint64 m_toGuest = 0;
    bool m_finished = false;
};

}  // namespace Atrium::Api
