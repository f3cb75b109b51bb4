// Engine: sessions — opening, listing and ending them.

#include "engineprivate.h"

#include <QUuid>

namespace Atrium {

using namespace EngineDetail;

Result<QList<Session>> Engine::sessions(const SessionQuery &query) const
{
    return m_store.sessions(query);
}

Result<Session> Engine::visibleSession(const Actor &actor, const QString &id) const
{
    if (auto it = m_activeSessions.constFind(id); it != m_activeSessions.constEnd()) {
        if (it->userId == actor.identity.id || actor.isAdmin())
            return *it;
        return fail(ErrorCode::SessionNotFound, QStringLiteral("Session not found"));
    }
    auto stored = m_store.session(id);
    if (!stored)
        return fail(stored.error());
    if (!*stored || ((*stored)->userId != actor.identity.id && !actor.isAdmin()))
        return fail(ErrorCode::SessionNotFound, QStringLiteral("Session not found"));
    return **stored;
}

QList<Session> Engine::activeSessions() const
{
    QList<Session> list = m_activeSessions.values();
    std::sort(list.begin(), list.end(), [](const Session &a, const Session &b) { return a.startedAt > b.startedAt; });
    return list;
}

Result<Session> Engine::disconnectSession(const Actor &actor, const QString &sessionId)
{
    std::optional<Session> found;
    if (auto it = m_activeSessions.constFind(sessionId); it != m_activeSessions.constEnd()) {
        found = *it;
    } else {
        auto stored = m_store.session(sessionId);
        if (!stored)
            return fail(stored.error());
        found = *stored;
    }
    // Someone else's session is "not found": its existence is not the caller's business.
    if (!found || (found->userId != actor.identity.id && !actor.isAdmin()))
        return fail(ErrorCode::SessionNotFound, QStringLiteral("Session not found"));
    if (!found->isActive())
        return fail(ErrorCode::Conflict, QStringLiteral("Session is already %1").arg(nameOf(found->status)));

    Session session = *found;
    session.status = SessionStatus::Disconnected;
    session.endedAt = now();
    ChangeSet changes;
    changes.sessions << session;
    if (auto w = workspace(session.workspaceId)) {
        bool othersActive = false;
        for (const Session &s : std::as_const(m_activeSessions))
            othersActive |= s.workspaceId == w->id && s.id != session.id;
        // A remote endpoint is "running" only while someone uses it. A VM keeps
        // running when its last viewer leaves: its state is the domain's.
        if (w->provider() == ProviderKind::Remote && !othersActive && w->status == WorkspaceStatus::Running) {
            w->status = WorkspaceStatus::Available;
            w->startedAt = {};
            w->updatedAt = session.endedAt;
            changes.workspaces << *w;
        }
        changes.events << event(w->id, WorkspaceEvent::Kind::Lifecycle,
                                QStringLiteral("session %1 disconnected by %2").arg(session.id, actor.identity.email));
    }
    changes.audit << auditEntry(actor, QStringLiteral("disconnect_session"), QStringLiteral("session:") + session.id, true,
                                QStringLiteral("Disconnected %1's session on %2").arg(session.userEmail, session.workspaceName));
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    return session;
}

Session Engine::newSession(const Actor &actor, const Workspace &workspace, TunnelStatus tunnel) const
{
    Session s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);  // version 4 (random)
    s.userId = actor.identity.id;
    s.userEmail = actor.identity.email;
    s.workspaceId = workspace.id;
    s.workspaceName = workspace.name;
    s.workspaceType = workspace.type;
    s.status = SessionStatus::Active;
    s.startedAt = now();
    s.ipAddress = actor.clientAddress;
    s.tunnelStatus = tunnel;
    s.mfaVerified = false;  // Atrium performs no MFA; it never claims one
    s.client = actor.client;
    return s;
}

QList<Session> Engine::endActiveSessions(const QString &workspaceId, SessionStatus status)
{
    QList<Session> ended;
    const QDateTime at = now();
    for (const Session &s : std::as_const(m_activeSessions)) {
        if (s.workspaceId != workspaceId)
            continue;
        Session copy = s;
        copy.status = status;
        copy.endedAt = at;
        ended.append(copy);
    }
    return ended;
}

}  // namespace Atrium
