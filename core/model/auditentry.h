#pragma once

#include <QDateTime>
#include <QString>

namespace Atrium {

/// One line of the audit log: who did what to what, when, and how it went.
struct AuditEntry {
    qint64 id = 0;  ///< assigned by the store
    QDateTime at;
    QString actorId;
    QString actorEmail;
    QString action;  ///< "launch_workspace", "stop_workspace", "disconnect_session", …
    QString target;  ///< "workspace:ws-…", "session:…", "workspaces"
    bool success = true;
    QString detail;
};

/// A filter over the audit log; empty fields match everything.
struct AuditQuery {
    QString action;
    QString actor;  ///< matches actor id or email
    QString target;
    QDateTime since;
    QDateTime until;
    int limit = 50;
    int offset = 0;
};

}  // namespace Atrium
