#include "domain.h"

namespace Atrium {

QString nameOf(DomainState state)
{
    switch (state) {
    case DomainState::NoState: return QStringLiteral("nostate");
    case DomainState::Running: return QStringLiteral("running");
    case DomainState::Blocked: return QStringLiteral("blocked");
    case DomainState::Paused: return QStringLiteral("paused");
    case DomainState::ShuttingDown: return QStringLiteral("shutting down");
    case DomainState::Shutoff: return QStringLiteral("shut off");
    case DomainState::Crashed: return QStringLiteral("crashed");
    case DomainState::Suspended: return QStringLiteral("pm-suspended");
    }
    return {};
}

bool isDomainActive(DomainState state)
{
    return state == DomainState::Running || state == DomainState::Blocked || state == DomainState::Paused
        || state == DomainState::ShuttingDown || state == DomainState::Suspended;
}

QString nameOf(DomainEventKind kind)
{
    switch (kind) {
    case DomainEventKind::Defined: return QStringLiteral("defined");
    case DomainEventKind::Undefined: return QStringLiteral("undefined");
    case DomainEventKind::Started: return QStringLiteral("started");
    case DomainEventKind::Suspended: return QStringLiteral("suspended");
    case DomainEventKind::Resumed: return QStringLiteral("resumed");
    case DomainEventKind::Stopped: return QStringLiteral("stopped");
    case DomainEventKind::Shutdown: return QStringLiteral("shutdown");
    case DomainEventKind::Crashed: return QStringLiteral("crashed");
    case DomainEventKind::Other: return QStringLiteral("other");
    }
    return {};
}

}  // namespace Atrium
