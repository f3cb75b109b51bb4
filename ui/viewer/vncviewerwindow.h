#pragma once

#include "model/error.h"
#include "model/identity.h"
#include "serialconsolewindow.h"
#include "vncclient.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QLabel;
class QScrollArea;
class QThread;

namespace Atrium {
class Engine;
struct Workspace;
}

namespace Atrium::Ui {


class VncView;

/// A VM's console: a VNC view of the domain's screen, reached through libvirt
/// (Engine::openGraphics, no TCP port), with its own thread for the RFB loop.
/// Reconnects when the connection drops while the domain runs, and when the
/// domain runs again after it stopped on its own (a restart, a destroy from
/// outside followed by a start).
class VncViewerWindow final : public QMainWindow {
    Q_OBJECT

public:
    enum class Status { Connecting, Connected, Reconnecting, Disconnected };
    Q_ENUM(Status)

    VncViewerWindow(Engine &engine, Actor actor, const Workspace &workspace, QWidget *parent = nullptr);
    ~VncViewerWindow() override;

    QString workspaceId() const { return m_workspaceId; }
    Status status() const { return m_status; }
    /// "Connecting…", "Connected (720 × 400)", "Reconnecting: …", "Disconnected: …"
    QString statusText() const;
    /// How many times an RFB session was established (1 after the first connect).
    int connectionCount() const { return m_connections; }

    VncView *view() const { return m_view; }
    VncClient *client() const { return m_client; }
    /// Writes the guest's screen as it is now (PNG, JPEG… by suffix).
    bool saveScreenshot(const QString &path) const;

    QAction *ctrlAltDelAction() const { return m_ctrlAltDel; }
    QAction *fullScreenAction() const { return m_fullScreen; }
    QAction *scaleAction() const { return m_scale; }
    QAction *copyAction() const { return m_copy; }
    QAction *sendClipboardAction() const { return m_sendClipboard; }
    QAction *typeClipboardAction() const { return m_typeClipboard; }
    QAction *screenshotAction() const { return m_screenshot; }
    QAction *reconnectAction() const { return m_reconnect; }
    QAction *serialConsoleAction() const { return m_serial; }
    /// The serial console window opened from here, if it is open.
    SerialConsoleWindow *serialConsoleWindow() const { return m_serialWindow; }
    void openSerialConsole();
    /// Says when the domain's display listens where the network can reach it (hidden otherwise).
    QLabel *exposureLabel() const { return m_exposure; }

    /// Opens a new connection now, unless one is open or opening.
    void reconnect();

Q_SIGNALS:
    void statusChanged(Atrium::Ui::VncViewerWindow::Status status);

private:
    void createActions();
    void openConnection();
    void handleGraphics(const Result<int> &fd);
    void showExposure();
    void handleClientState(Atrium::Ui::VncClient::State state);
    void handleDisconnected(const QString &reason);
    void handleWorkspaceChanged(const Workspace &workspace);
    void setStatus(Status status, const QString &detail = {});
    void setFullScreen(bool on);
    void chooseScreenshotFile();
    bool workspaceRuns() const;

    Engine &m_engine;
    Actor m_actor;
    QString m_workspaceId;
    QString m_workspaceName;

    QThread *m_thread = nullptr;
    VncClient *m_client = nullptr;  ///< lives on m_thread
    VncView *m_view = nullptr;
    QScrollArea *m_scroll = nullptr;
    QLabel *m_statusLabel = nullptr;

    Status m_status = Status::Connecting;
    QString m_detail;
    QLabel *m_exposure = nullptr;
    QAction *m_serial = nullptr;
    QPointer<SerialConsoleWindow> m_serialWindow;
    QString m_guestClipboard;
    bool m_opening = false;  ///< a graphics socket has been asked for
    int m_connections = 0;
    int m_retries = 0;
    QTimer m_retryTimer;

    QAction *m_ctrlAltDel = nullptr;
    QAction *m_fullScreen = nullptr;
    QAction *m_scale = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_sendClipboard = nullptr;
    QAction *m_typeClipboard = nullptr;
    QAction *m_screenshot = nullptr;
    QAction *m_reconnect = nullptr;
};

}  // namespace Atrium::Ui
