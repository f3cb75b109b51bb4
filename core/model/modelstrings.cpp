#include "host.h"
#include "workspaceevent.h"

namespace Atrium {

QString nameOf(WorkspaceEvent::Kind kind)
{
    switch (kind) {
    case WorkspaceEvent::Kind::Provision: return QStringLiteral("provision");
    case WorkspaceEvent::Kind::Lifecycle: return QStringLiteral("lifecycle");
    case WorkspaceEvent::Kind::Domain: return QStringLiteral("domain");
    }
    return {};
}

QString nameOf(HostState state)
{
    switch (state) {
    case HostState::Connecting: return QStringLiteral("connecting");
    case HostState::Connected: return QStringLiteral("connected");
    case HostState::Disconnected: return QStringLiteral("disconnected");
    case HostState::Failed: return QStringLiteral("failed");
    }
    return {};
}

}  // namespace Atrium
