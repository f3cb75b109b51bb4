#pragma once

#include "model/auditentry.h"
#include "model/host.h"
#include "model/identity.h"
#include "model/session.h"
#include "model/workspace.h"
#include "model/workspaceevent.h"

#include <QList>
#include <QStringList>

namespace Atrium {

/// Everything one engine mutation writes. The store applies a change set in a
/// single transaction: all of it lands, or none of it does.
struct ChangeSet {
    bool deleteAllWorkspaces = false;  ///< applied first (reset)
    QStringList deletedWorkspaces;
    QList<Workspace> workspaces;  ///< inserted or replaced, in this order
    QList<Session> sessions;      ///< inserted or replaced
    QList<Identity> identities;
    QList<ApiToken> tokens;
    QStringList addedHosts;
    QStringList removedHosts;
    QList<HostSettings> hostSettings;  ///< inserted or replaced
    QList<WorkspaceEvent> events;
    QList<AuditEntry> audit;

    bool isEmpty() const;
};

}  // namespace Atrium
