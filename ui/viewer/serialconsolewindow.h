#pragma once

#include "model/consolestream.h"
#include "model/error.h"
#include "model/identity.h"
#include "model/workspace.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

class TerminalView;

/// A VM's serial console in a window of its own: a terminal on the domain's console stream
/// (Engine::openSerialConsole, libvirt's, so it works over SSH too). It reconnects when the
/// domain runs again, and says why when the stream ends.
class SerialConsoleWindow final : public QMainWindow {
    Q_OBJECT

public:
    SerialConsoleWindow(Engine &engine, Actor actor, const Workspace &workspace, QWidget *parent = nullptr);
    ~SerialConsoleWindow() override;

    TerminalView *terminal() const { return m_terminal; }
    bool isConnected() const { return m_stream && m_stream->isOpen(); }
    QString statusText() const;
    QAction *reconnectAction() const { return m_reconnect; }

public Q_SLOTS:
    void reconnect();

private:
    void open();
    void handleOpened(const Result<std::shared_ptr<ConsoleStream>> &stream);
    void handleClosed(const QString &reason);
    void handleWorkspaceChanged(const Workspace &workspace);
    void setStatus(const QString &text);

    Engine &m_engine;
    Actor m_actor;
    QString m_workspaceId;
    QString m_workspaceName;
    TerminalView *m_terminal = nullptr;
    QLabel *m_status = nullptr;
    QAction *m_reconnect = nullptr;
    std::shared_ptr<ConsoleStream> m_stream;
    bool m_opening = false;
};

}  // namespace Atrium::Ui
