#include "vncviewerwindow.h"

#include "base/continuation.h"
#include "common/labels.h"
#include "engine/engine.h"
#include "serialconsolewindow.h"
#include "vncclient.h"
#include "vnckeys.h"
#include "vncview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLoggingCategory>
#include <QPointer>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThread>
#include <QToolBar>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcViewer, "atrium.viewer")

namespace Atrium::Ui {

namespace {

constexpr int kMaxRetries = 5;

}  // namespace

VncViewerWindow::VncViewerWindow(Engine &engine, Actor actor, const Workspace &workspace, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
    , m_workspaceId(workspace.id)
    , m_workspaceName(workspace.name)
{
    setWindowTitle(tr("%1 — Console").arg(workspace.name));
    setWindowIcon(Labels::workspaceIcon(workspace.icon, workspace.type));

    // The RFB loop blocks its thread; the GUI only ever reads a finished picture.
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("vnc:") + workspace.id.left(8));
    m_client = new VncClient;
    m_client->moveToThread(m_thread);
    m_thread->start();

    m_view = new VncView(*m_client, this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setStyleSheet(QStringLiteral("QScrollArea { background: black; }"));
    setCentralWidget(m_scroll);
    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    m_exposure = new QLabel(this);
    m_exposure->setObjectName(QStringLiteral("displayExposure"));
    m_exposure->hide();
    statusBar()->addPermanentWidget(m_exposure);

    createActions();
    resize(880, 580);

    connect(m_client, &VncClient::stateChanged, this, &VncViewerWindow::handleClientState);
    connect(m_client, &VncClient::disconnected, this, &VncViewerWindow::handleDisconnected);
    connect(m_client, &VncClient::clipboardReceived, this, [this](const QString &text) {
        m_guestClipboard = text;
        m_copy->setEnabled(!text.isEmpty());
    });
    connect(m_client, &VncClient::framebufferResized, this, [this] { setStatus(m_status, m_detail); });
    connect(&engine, &Engine::workspaceChanged, this, &VncViewerWindow::handleWorkspaceChanged);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &VncViewerWindow::openConnection);

    setStatus(Status::Connecting);
    openConnection();
    m_view->setFocus();
}

VncViewerWindow::~VncViewerWindow()
{
    delete m_serialWindow.data();
    disconnect(m_client, nullptr, this, nullptr);
    m_client->close();
    m_thread->quit();
    m_thread->wait();
    delete m_client;
}

void VncViewerWindow::createActions()
{
    auto action = [this](const QString &text, const char *icon, const QKeySequence &shortcut = {}) {
        auto *a = new QAction(QIcon::fromTheme(QString::fromLatin1(icon)), text, this);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        addAction(a);
        return a;
    };
    m_ctrlAltDel = action(tr("Ctrl+Alt+Del"), "system-reboot");
    m_ctrlAltDel->setToolTip(tr("Sends Ctrl+Alt+Del to the guest"));
    m_fullScreen = action(tr("Full screen"), "view-fullscreen", QKeySequence(Qt::Key_F11));
    m_fullScreen->setCheckable(true);
    m_scale = action(tr("Scale"), "zoom-fit-best");
    m_scale->setToolTip(tr("Scales the screen to the window, keeping its proportions (off: 1:1)"));
    m_scale->setCheckable(true);
    m_scale->setChecked(true);
    m_copy = action(tr("Copy from guest"), "edit-copy");
    m_copy->setToolTip(tr("Copies the text the guest last put on its clipboard"));
    m_copy->setEnabled(false);
    m_sendClipboard = action(tr("Paste to guest"), "edit-paste");
    m_sendClipboard->setToolTip(tr("Puts this desktop's clipboard text on the guest's clipboard (needs a guest agent)"));
    m_typeClipboard = action(tr("Type clipboard"), "input-keyboard");
    m_typeClipboard->setToolTip(tr("Types this desktop's clipboard text on the guest's keyboard"));
    m_screenshot = action(tr("Screenshot…"), "camera-photo", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_screenshot->setToolTip(tr("Saves the guest's screen as an image"));
    m_reconnect = action(tr("Reconnect"), "view-refresh");
    m_serial = action(tr("Serial console"), "utilities-terminal");
    m_serial->setToolTip(tr("Opens the guest's serial console in a terminal window (works on every host, SSH included)"));
    m_view->setReservedShortcuts({m_fullScreen->shortcut(), m_screenshot->shortcut()});

    connect(m_ctrlAltDel, &QAction::triggered, this, [this] { m_view->sendChord(VncKeys::ctrlAltDel()); });
    connect(m_fullScreen, &QAction::toggled, this, &VncViewerWindow::setFullScreen);
    connect(m_scale, &QAction::toggled, this, [this](bool on) {
        m_scroll->setWidgetResizable(on);
        m_view->setScaled(on);
    });
    connect(m_copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(m_guestClipboard); });
    connect(m_sendClipboard, &QAction::triggered, this, [this] { m_client->sendClipboard(QApplication::clipboard()->text()); });
    connect(m_typeClipboard, &QAction::triggered, this, [this] { m_view->typeText(QApplication::clipboard()->text()); });
    connect(m_screenshot, &QAction::triggered, this, &VncViewerWindow::chooseScreenshotFile);
    connect(m_reconnect, &QAction::triggered, this, &VncViewerWindow::reconnect);
    connect(m_serial, &QAction::triggered, this, &VncViewerWindow::openSerialConsole);

    QToolBar *tools = addToolBar(tr("Console"));
    tools->setObjectName(QStringLiteral("consoleToolbar"));
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setFocusPolicy(Qt::NoFocus);
    for (QAction *a : {m_ctrlAltDel, m_fullScreen, m_scale})
        tools->addAction(a);
    tools->addSeparator();
    for (QAction *a : {m_copy, m_sendClipboard, m_typeClipboard, m_screenshot})
        tools->addAction(a);
    tools->addSeparator();
    tools->addAction(m_reconnect);
    tools->addAction(m_serial);
}

bool VncViewerWindow::workspaceRuns() const
{
    const auto w = m_engine.workspace(m_workspaceId);
    return w && (w->status == WorkspaceStatus::Running || w->status == WorkspaceStatus::Paused);
}

void VncViewerWindow::reconnect()
{
    m_retries = 0;
    m_retryTimer.stop();
    openConnection();
}

void VncViewerWindow::openConnection()
{
    if (m_opening || m_client->state() != VncClient::State::Idle)
        return;
    if (!workspaceRuns()) {
        // It connects when the workspace runs (handleWorkspaceChanged).
        setStatus(m_connections > 0 ? Status::Reconnecting : Status::Connecting,
                  tr("waiting for %1 to run").arg(m_workspaceName));
        return;
    }
    m_opening = true;
    setStatus(m_connections > 0 ? Status::Reconnecting : Status::Connecting, m_detail);
    // The engine outlives this window: a socket that arrives after it closed is closed, not leaked.
    QPointer<VncViewerWindow> guard(this);
    continueOn(m_engine.openGraphics(m_actor, m_workspaceId), &m_engine, [guard](const Result<int> &fd) {
        if (guard)
            guard->handleGraphics(fd);
        else if (fd)
            ::close(*fd);
    });
}

void VncViewerWindow::handleGraphics(const Result<int> &fd)
{
    m_opening = false;
    if (!fd) {
        // The domain stopped meanwhile: wait for it; a console that worked before: try again if it runs.
        if (!workspaceRuns()) {
            setStatus(m_connections > 0 ? Status::Reconnecting : Status::Disconnected,
                      tr("waiting for %1 to run again").arg(m_workspaceName));
        } else if (m_connections > 0 && m_retries < kMaxRetries) {
            m_retryTimer.start(500 << m_retries++);
            setStatus(Status::Reconnecting, fd.error().message);
        } else {
            setStatus(Status::Disconnected, fd.error().message);
        }
        return;
    }
    showExposure();
    m_client->start(*fd);
}

void VncViewerWindow::openSerialConsole()
{
    if (m_serialWindow) {
        m_serialWindow->raise();
        m_serialWindow->activateWindow();
        return;
    }
    const auto workspace = m_engine.workspace(m_workspaceId);
    if (!workspace)
        return;
    // A window of its own (deleted on close), beside the screen.
    m_serialWindow = new SerialConsoleWindow(m_engine, m_actor, *workspace);
    m_serialWindow->show();
}

void VncViewerWindow::showExposure()
{
    const auto details = m_engine.domainDetails(m_workspaceId);
    const DomainGraphics graphics = details ? details->graphics : DomainGraphics{};
    const bool exposed = graphics.kind == GraphicsKind::Vnc && !graphics.isPrivate();
    m_exposure->setVisible(exposed);
    if (!exposed)
        return;
    const QString where = graphics.listenAddress.isEmpty() ? tr("every address") : graphics.listenAddress;
    QPalette warning = m_exposure->palette();
    warning.setColor(QPalette::WindowText, Labels::hostStateColor(HostState::Failed, warning));
    m_exposure->setPalette(warning);
    m_exposure->setText(tr("Display open to the network"));
    m_exposure->setToolTip(tr("This display listens on %1 of its host (port %2): anyone who can reach the host over "
                              "the network can connect to it without Atrium. Give the domain <listen type='socket'/> "
                              "or address 127.0.0.1 to close it.")
                               .arg(where, graphics.port > 0 ? QString::number(graphics.port) : tr("chosen at start")));
}

void VncViewerWindow::handleClientState(VncClient::State state)
{
    // The signal's value, not state(): by the time this runs the client may be further on.
    if (state != VncClient::State::Connected)
        return;
    ++m_connections;
    m_retries = 0;
    qCInfo(lcViewer).noquote() << "console of" << m_workspaceName << "connected, connection" << m_connections;
    setStatus(Status::Connected);
    m_view->setFocus();
}

void VncViewerWindow::handleDisconnected(const QString &reason)
{
    m_view->releaseAllKeys();
    if (reason.isEmpty())
        return;  // this window stopped it
    qCInfo(lcViewer).noquote() << "console of" << m_workspaceName << "disconnected:" << reason;
    if (!workspaceRuns()) {
        setStatus(Status::Reconnecting, tr("%1; waiting for %2 to run again").arg(reason, m_workspaceName));
    } else if (m_connections > 0 && m_retries < kMaxRetries) {
        m_retryTimer.start(500 << m_retries++);
        setStatus(Status::Reconnecting, reason);
    } else {
        setStatus(Status::Disconnected, reason);
    }
}

void VncViewerWindow::handleWorkspaceChanged(const Workspace &workspace)
{
    if (workspace.id != m_workspaceId)
        return;
    m_workspaceName = workspace.name;
    if ((workspace.status == WorkspaceStatus::Running || workspace.status == WorkspaceStatus::Paused)
        && m_status != Status::Connected) {
        m_retries = 0;
        m_retryTimer.stop();
        openConnection();
    } else if (!workspace.isActive() && m_status != Status::Connected) {
        // Also while a connection is being opened: its answer (a refusal, now) comes later.
        setStatus(m_connections > 0 ? Status::Reconnecting : Status::Disconnected,
                  tr("waiting for %1 to run again").arg(workspace.name));
    }
}

QString VncViewerWindow::statusText() const
{
    switch (m_status) {
    case Status::Connecting:
        return m_detail.isEmpty() ? tr("Connecting…") : tr("Connecting: %1").arg(m_detail);
    case Status::Connected: {
        const QSize size = m_client->frameSize();
        return size.isEmpty() ? tr("Connected") : tr("Connected (%1 × %2)").arg(size.width()).arg(size.height());
    }
    case Status::Reconnecting:
        return m_detail.isEmpty() ? tr("Reconnecting…") : tr("Reconnecting: %1").arg(m_detail);
    case Status::Disconnected: return tr("Disconnected: %1").arg(m_detail);
    }
    return {};
}

void VncViewerWindow::setStatus(Status status, const QString &detail)
{
    const bool changed = status != m_status;
    m_status = status;
    m_detail = status == Status::Connected ? QString() : detail;
    m_statusLabel->setText(statusText());
    m_view->setOverlayText(status == Status::Connected ? QString() : statusText());
    const bool connected = status == Status::Connected;
    for (QAction *a : {m_ctrlAltDel, m_sendClipboard, m_typeClipboard})
        a->setEnabled(connected);
    m_reconnect->setEnabled(status == Status::Disconnected);
    if (changed)
        Q_EMIT statusChanged(status);
}

void VncViewerWindow::setFullScreen(bool on)
{
    // Full screen hands the whole keyboard to the guest (Alt+Tab too); F11 comes back.
    for (QWidget *w : {static_cast<QWidget *>(statusBar()), static_cast<QWidget *>(findChild<QToolBar *>())})
        w->setVisible(!on);
    if (on) {
        showFullScreen();
        m_view->grabKeyboard();
    } else {
        m_view->releaseKeyboard();
        showNormal();
    }
    m_view->setFocus();
}

bool VncViewerWindow::saveScreenshot(const QString &path) const
{
    const QImage frame = m_client->frame();
    return !frame.isNull() && frame.save(path);
}

void VncViewerWindow::chooseScreenshotFile()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString suggested = QDir(folder).filePath(
        QStringLiteral("%1-%2.png").arg(m_workspaceName, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save screenshot"), suggested, tr("Images (*.png *.jpg)"));
    if (path.isEmpty())
        return;
    if (!saveScreenshot(path))
        statusBar()->showMessage(tr("Cannot write %1").arg(QDir::toNativeSeparators(path)), 5000);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

}  // namespace Atrium::Ui
