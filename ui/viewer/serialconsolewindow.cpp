#include "serialconsolewindow.h"

#include "base/continuation.h"
#include "common/labels.h"
#include "engine/engine.h"
#include "terminalview.h"

#include <QAction>
#include <QLabel>
#include <QPointer>
#include <QStatusBar>
#include <QToolBar>

namespace Atrium::Ui {

SerialConsoleWindow::SerialConsoleWindow(Engine &engine, Actor actor, const Workspace &workspace, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
    , m_workspaceId(workspace.id)
    , m_workspaceName(workspace.name)
    , m_terminal(new TerminalView(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("%1 — Serial console").arg(workspace.name));
    setWindowIcon(Labels::workspaceIcon(workspace.icon, workspace.type));
    setAttribute(Qt::WA_DeleteOnClose);
    setCentralWidget(m_terminal);
    statusBar()->addWidget(m_status, 1);

    QToolBar *tools = addToolBar(tr("Serial console"));
    tools->setObjectName(QStringLiteral("serialToolbar"));
    tools->setMovable(false);
    tools->setFocusPolicy(Qt::NoFocus);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *copy = tools->addAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Copy"), m_terminal, &TerminalView::copySelection);
    copy->setToolTip(tr("Copies the selected text (Ctrl+Shift+C)"));
    QAction *paste = tools->addAction(QIcon::fromTheme(QStringLiteral("edit-paste")), tr("Paste"), m_terminal, &TerminalView::paste);
    paste->setToolTip(tr("Types this desktop's clipboard into the console (Ctrl+Shift+V)"));
    tools->addSeparator();
    m_reconnect = tools->addAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("Reconnect"), this, &SerialConsoleWindow::reconnect);

    connect(m_terminal, &TerminalView::input, this, [this](const QByteArray &bytes) {
        if (m_stream)
            m_stream->send(bytes);
    });
    connect(&engine, &Engine::workspaceChanged, this, &SerialConsoleWindow::handleWorkspaceChanged);
    resize(820, 520);
    open();
    m_terminal->setFocus();
}

SerialConsoleWindow::~SerialConsoleWindow()
{
    if (m_stream) {
        disconnect(m_stream.get(), nullptr, this, nullptr);
        m_stream->close();
    }
}

QString SerialConsoleWindow::statusText() const
{
    return m_status->text();
}

void SerialConsoleWindow::setStatus(const QString &text)
{
    m_status->setText(text);
}

void SerialConsoleWindow::reconnect()
{
    if (m_stream) {
        disconnect(m_stream.get(), nullptr, this, nullptr);
        m_stream->close();
        m_stream.reset();
    }
    open();
}

void SerialConsoleWindow::open()
{
    if (m_opening)
        return;
    m_opening = true;
    setStatus(tr("Connecting to the serial console of %1…").arg(m_workspaceName));
    QPointer<SerialConsoleWindow> guard(this);
    continueOn(m_engine.openSerialConsole(m_actor, m_workspaceId), &m_engine,
               [guard](const Result<std::shared_ptr<ConsoleStream>> &stream) {
                   if (guard)
                       guard->handleOpened(stream);
                   else if (stream)
                       (*stream)->close();
               });
}

void SerialConsoleWindow::handleOpened(const Result<std::shared_ptr<ConsoleStream>> &stream)
{
    m_opening = false;
    if (!stream) {
        setStatus(tr("Not connected: %1").arg(stream.error().message));
        return;
    }
    m_stream = *stream;
    connect(m_stream.get(), &ConsoleStream::received, m_terminal, &TerminalView::feed);
    connect(m_stream.get(), &ConsoleStream::closed, this, &SerialConsoleWindow::handleClosed);
    setStatus(tr("Connected to the serial console of %1 (press Return for a prompt)").arg(m_workspaceName));
}

void SerialConsoleWindow::handleClosed(const QString &reason)
{
    m_stream.reset();
    setStatus(reason.isEmpty() ? tr("Disconnected") : tr("Disconnected: %1").arg(reason));
}

void SerialConsoleWindow::handleWorkspaceChanged(const Workspace &workspace)
{
    if (workspace.id != m_workspaceId)
        return;
    m_workspaceName = workspace.name;
    // The domain runs again (restarted here or elsewhere): take its console again.
    if ((workspace.status == WorkspaceStatus::Running) && !m_stream && !m_opening)
        open();
}

}  // namespace Atrium::Ui
