// Engine: who may watch a session in a browser (tickets), and the audit of it.

#include "engineprivate.h"

namespace Atrium {

using namespace EngineDetail;

Result<ConsoleTickets::Issued> Engine::issueConsoleTicket(const Actor &actor, const QString &sessionId)
{
    auto session = visibleSession(actor, sessionId);
    if (!session)
        return fail(session.error());
    if (!session->isActive())
        return fail(ErrorCode::Conflict, QStringLiteral("Session %1 is %2: its console is closed").arg(sessionId, nameOf(session->status)));
    return m_consoleTickets.issueTicket({session->id, actor.identity.id});
}

std::optional<ConsoleTickets::Issued> Engine::consoleTicketForWorkspace(const Actor &actor, const QString &workspaceId)
{
    const Session *newest = nullptr;
    for (const Session &s : std::as_const(m_activeSessions)) {
        if (s.workspaceId == workspaceId && s.userId == actor.identity.id && (!newest || s.startedAt > newest->startedAt))
            newest = &s;
    }
    if (!newest)
        return std::nullopt;
    return m_consoleTickets.issueTicket({newest->id, actor.identity.id});
}

Result<std::pair<Actor, Session>> Engine::consoleHolder(const ConsoleTickets::Holder &holder, const QString &clientAddress) const
{
    const auto session = m_activeSessions.constFind(holder.sessionId);
    if (session == m_activeSessions.constEnd())
        return fail(ErrorCode::Unauthenticated, QStringLiteral("The console's session has ended"));
    const auto identity = this->identity(holder.userId);
    if (!identity)
        return fail(ErrorCode::Unauthenticated, QStringLiteral("The ticket's user no longer exists"));
    Actor actor;
    actor.identity = *identity;
    actor.scopes = {QString(Scope::WorkspacesRead)};
    actor.clientAddress = clientAddress;
    actor.client = QStringLiteral("browser");
    if (session->userId != actor.identity.id && !actor.isAdmin())
        return fail(ErrorCode::Forbidden, QStringLiteral("Only the session's user or an admin may watch it"));
    return std::pair{actor, *session};
}

void Engine::auditConsole(const Actor &actor, const QString &action, const QString &sessionId, bool success,
                          const QString &detail)
{
    ChangeSet changes;
    changes.audit << auditEntry(actor, action, QStringLiteral("session:") + sessionId, success, detail);
    commit(changes);
}

}  // namespace Atrium
