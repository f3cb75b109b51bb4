#include "sessionviewers.h"

#include "base/continuation.h"
#include "engine/engine.h"
#include "vncviewerwindow.h"
#ifdef ATRIUM_HAVE_WEBENGINE
#include "webprofiles.h"
#include "webviewerwindow.h"
#endif

#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QUrl>
#include <QWidget>

namespace Atrium::Ui {

SessionViewers::SessionViewers(Engine &engine, Actor actor, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
{
    connect(&engine, &Engine::workspaceChanged, this, &SessionViewers::handleWorkspaceChanged);
    connect(&engine, &Engine::sessionChanged, this, &SessionViewers::handleSessionChanged);
    connect(&engine, &Engine::workspaceRemoved, this, &SessionViewers::closeViewer);
    connect(&engine, &Engine::catalogReset, this, [this] {
        for (const QString &id : m_viewers.keys())
            closeViewer(id);
    });
}

SessionViewers::~SessionViewers()
{
    const auto viewers = std::exchange(m_viewers, {});
    for (const Viewer &v : viewers)
        delete v.window.data();
}

void SessionViewers::open(const Session &session)
{
    const auto workspace = m_engine.workspace(session.workspaceId);
    if (!workspace)
        return;
    if (auto it = m_viewers.find(session.workspaceId); it != m_viewers.end()) {
        // A viewer shows one session: the newer one replaces what it had. (Set it
        // first: the old one's end must not read as "disconnected elsewhere".)
        const QString replaced = std::exchange(it->sessionId, session.isActive() ? session.id : QString());
        if (!replaced.isEmpty() && replaced != session.id)
            m_engine.disconnectSession(m_actor, replaced);
        raise(session.workspaceId);
        return;
    }
    Viewer viewer;
    viewer.isVm = workspace->provider() == ProviderKind::Libvirt;
    viewer.sessionId = session.isActive() ? session.id : QString();
    viewer.window = viewer.isVm ? openVmViewer(*workspace) : openWebViewer(*workspace, session);
    if (!viewer.window)
        return;  // shown outside Atrium: nothing to follow
    viewer.window->setAttribute(Qt::WA_DeleteOnClose);
    viewer.window->installEventFilter(this);
    m_viewers.insert(session.workspaceId, viewer);
    viewer.window->show();
    Q_EMIT viewerOpened(session.workspaceId, viewer.window);
}

QWidget *SessionViewers::openVmViewer(const Workspace &workspace)
{
    return new VncViewerWindow(m_engine, m_actor, workspace);
}

// web-viewer-hook: the viewer of a remote endpoint or an isolated browser: Atrium's
// own web view when built with Qt WebEngine. Without it the URL opens in the
// desktop's browser (no window to follow, so the session stays until it is
// disconnected elsewhere).
QWidget *SessionViewers::openWebViewer(const Workspace &workspace, const Session &session)
{
    Q_UNUSED(session);
#ifdef ATRIUM_HAVE_WEBENGINE
    // Endpoints' profiles (their remembered logins) live next to the database,
    // and in memory as long as this object.
    auto *profiles = findChild<WebProfiles *>(QString(), Qt::FindDirectChildrenOnly);
    if (!profiles)
        profiles = new WebProfiles(QDir(m_engine.dataDirectory()).filePath(QStringLiteral("web-profiles")), this);
    return new WebViewerWindow(workspace, *profiles);
#else
    if (!workspace.url.isEmpty())
        QDesktopServices::openUrl(QUrl(workspace.url));
    return nullptr;
#endif
}

bool SessionViewers::raise(const QString &workspaceId)
{
    QWidget *window = viewer(workspaceId);
    if (!window)
        return false;
    window->show();
    window->raise();
    window->activateWindow();
    return true;
}

QWidget *SessionViewers::viewer(const QString &workspaceId) const
{
    return m_viewers.value(workspaceId).window.data();
}

QString SessionViewers::sessionId(const QString &workspaceId) const
{
    return m_viewers.value(workspaceId).sessionId;
}

void SessionViewers::handleWorkspaceChanged(const Workspace &workspace)
{
    auto it = m_viewers.find(workspace.id);
    if (it == m_viewers.end())
        return;
    // Atrium was asked to stop it (GUI, API, TTL): the viewer goes with it.
    if (workspace.status == WorkspaceStatus::Stopping || workspace.status == WorkspaceStatus::Stopped
        || (!workspace.isActive() && (workspace.userRequestedStop || !it->isVm))) {
        closeViewer(workspace.id);
        return;
    }
    // The domain runs again after stopping on its own: the viewer reconnects by
    // itself; the person watching gets a session again.
    if (it->isVm && workspace.status == WorkspaceStatus::Running && it->sessionId.isEmpty())
        resumeSession(workspace.id);
}

void SessionViewers::resumeSession(const QString &workspaceId)
{
    Viewer &viewer = m_viewers[workspaceId];
    // Someone (the catalog's Launch) may already have opened one for this person.
    for (const Session &s : m_engine.activeSessions()) {
        if (s.workspaceId == workspaceId && s.userId == m_actor.identity.id) {
            viewer.sessionId = s.id;
            return;
        }
    }
    if (viewer.relaunching)
        return;
    viewer.relaunching = true;
    continueOn(m_engine.launchWorkspace(m_actor, workspaceId), this, [this, workspaceId](const Result<LaunchResult> &launched) {
        auto it = m_viewers.find(workspaceId);
        if (it == m_viewers.end()) {
            // The viewer was closed meanwhile: nobody is watching.
            if (launched && !launched->session.id.isEmpty())
                m_engine.disconnectSession(m_actor, launched->session.id);
            return;
        }
        it->relaunching = false;
        if (!launched) {
            Q_EMIT errorOccurred(tr("Cannot open a new session on %1: %2").arg(workspaceId, launched.error().message));
            return;
        }
        if (it->sessionId.isEmpty())
            it->sessionId = launched->session.id;
        else if (it->sessionId != launched->session.id)
            m_engine.disconnectSession(m_actor, launched->session.id);  // one was adopted meanwhile
    });
}

void SessionViewers::handleSessionChanged(const Session &session)
{
    auto it = m_viewers.find(session.workspaceId);
    if (it == m_viewers.end() || it->sessionId != session.id || session.isActive())
        return;
    it->sessionId.clear();
    // Disconnected by someone else (the Sessions tab, the API): the person left.
    // Terminated means the workspace ended: its status decides (see above).
    if (session.status == SessionStatus::Disconnected)
        closeViewer(session.workspaceId);
}

void SessionViewers::closeViewer(const QString &workspaceId)
{
    const Viewer viewer = m_viewers.take(workspaceId);
    if (!viewer.window)
        return;
    viewer.window->removeEventFilter(this);
    viewer.window->close();  // WA_DeleteOnClose
    Q_EMIT viewerClosed(workspaceId);
}

void SessionViewers::handleClosedByUser(const QString &workspaceId)
{
    const Viewer viewer = m_viewers.take(workspaceId);
    if (!viewer.sessionId.isEmpty()) {
        if (auto done = m_engine.disconnectSession(m_actor, viewer.sessionId); !done)
            Q_EMIT errorOccurred(tr("Cannot disconnect session %1: %2").arg(viewer.sessionId.left(8), done.error().message));
    }
    Q_EMIT viewerClosed(workspaceId);
}

QString SessionViewers::workspaceOf(const QObject *window) const
{
    for (auto it = m_viewers.cbegin(); it != m_viewers.cend(); ++it) {
        if (it->window == window)
            return it.key();
    }
    return {};
}

bool SessionViewers::eventFilter(QObject *watched, QEvent *event)
{
    // Atrium's own closes remove the filter first, so a Close here is the person's.
    if (event->type() == QEvent::Close) {
        const QString id = workspaceOf(watched);
        if (!id.isEmpty()) {
            watched->removeEventFilter(this);
            handleClosedByUser(id);
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace Atrium::Ui
