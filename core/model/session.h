#pragma once

#include "workspace.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace Atrium {

enum class SessionStatus { Active, Disconnected, Terminated };

/// What the tunnel was when a session started: measured, never assumed.
enum class TunnelStatus {
    Encrypted,      ///< a NetBird tunnel was up
    Disconnected,   ///< NetBird is installed but its tunnel is down
    Unavailable,    ///< NetBird is not installed on this machine
    NotRequired,    ///< a VM on a local host: no tunnel in the path
};

struct Session {
    QString id;  ///< UUID v4
    QString userId;
    QString userEmail;
    QString workspaceId;
    QString workspaceName;
    WorkspaceType workspaceType = WorkspaceType::Linux;
    SessionStatus status = SessionStatus::Active;
    QDateTime startedAt;
    QDateTime endedAt;  ///< null while active
    QString ipAddress;  ///< the client's real address ("127.0.0.1" for the desktop)
    TunnelStatus tunnelStatus = TunnelStatus::Unavailable;
    bool mfaVerified = false;  ///< Atrium performs no MFA, so false unless it did
    QString client;            ///< "desktop", "api", … (who opened it)

    bool isActive() const { return status == SessionStatus::Active; }
    bool operator==(const Session &) const = default;
};

/// Filter for session listings.
struct SessionQuery {
    QString userId;       ///< empty = all users
    QString workspaceId;  ///< empty = all workspaces
    std::optional<SessionStatus> status;
    int limit = 1000;
    int offset = 0;
};

QString nameOf(SessionStatus value);
QString nameOf(TunnelStatus value);
std::optional<SessionStatus> sessionStatusFromString(QStringView text);
std::optional<TunnelStatus> tunnelStatusFromString(QStringView text);

}  // namespace Atrium
