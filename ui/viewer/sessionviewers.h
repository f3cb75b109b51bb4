#pragma once

#include "model/identity.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QWidget;

namespace Atrium {
class Engine;
struct Session;
struct Workspace;
}

namespace Atrium::Ui {

/// The viewer windows of launched sessions, one per workspace: a VNC view for a
/// VM, a web view for the other types. The Sessions API's semantics: the person
/// closing a viewer disconnects its session (the workspace keeps running);
/// stopping or deleting the workspace closes its viewer. A VM whose domain stops
/// without Atrium asking (a crash, a destroy from outside) keeps its viewer,
/// which reconnects, with a new session, once the domain runs again.
class SessionViewers final : public QObject {
    Q_OBJECT

public:
    SessionViewers(Engine &engine, Actor actor, QObject *parent = nullptr);
    /// Closes the remaining viewers; their sessions are left as they are.
    ~SessionViewers() override;

    /// Shows the viewer of @p session's workspace, opening one if there is none.
    void open(const Session &session);
    /// Brings an open viewer of @p workspaceId to the front; false if there is none.
    bool raise(const QString &workspaceId);

    /// The viewer window of a workspace, or nullptr.
    QWidget *viewer(const QString &workspaceId) const;
    /// The session a workspace's viewer shows; empty while it has none.
    QString sessionId(const QString &workspaceId) const;
    int count() const { return int(m_viewers.size()); }

Q_SIGNALS:
    void viewerOpened(const QString &workspaceId, QWidget *viewer);
    void viewerClosed(const QString &workspaceId);
    void errorOccurred(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Viewer {
        QPointer<QWidget> window;
        QString sessionId;      ///< empty while the viewer has no active session
        bool isVm = false;
        bool relaunching = false;  ///< a new session is being opened after the domain came back
    };

    QWidget *openVmViewer(const Workspace &workspace);
    QWidget *openWebViewer(const Workspace &workspace, const Session &session);
    void handleWorkspaceChanged(const Workspace &workspace);
    void handleSessionChanged(const Session &session);
    void resumeSession(const QString &workspaceId);
    /// Closes a viewer because its workspace or session ended: no disconnect.
    void closeViewer(const QString &workspaceId);
    /// The person closed the window: disconnect its session.
    void handleClosedByUser(const QString &workspaceId);
    QString workspaceOf(const QObject *window) const;

    Engine &m_engine;
    Actor m_actor;
    QHash<QString, Viewer> m_viewers;  ///< by workspace id
};

}  // namespace Atrium::Ui
