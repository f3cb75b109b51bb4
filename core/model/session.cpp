#include "session.h"

namespace Atrium {

QString nameOf(SessionStatus value)
{
    switch (value) {
    case SessionStatus::Active: return QStringLiteral("active");
    case SessionStatus::Disconnected: return QStringLiteral("disconnected");
    case SessionStatus::Terminated: return QStringLiteral("terminated");
    }
    return {};
}

QString nameOf(TunnelStatus value)
{
    switch (value) {
    case TunnelStatus::Encrypted: return QStringLiteral("encrypted");
    case TunnelStatus::Disconnected: return QStringLiteral("disconnected");
    case TunnelStatus::Unavailable: return QStringLiteral("unavailable");
    case TunnelStatus::NotRequired: return QStringLiteral("not_required");
    }
    return {};
}

std::optional<SessionStatus> sessionStatusFromString(QStringView text)
{
    for (auto s : {SessionStatus::Active, SessionStatus::Disconnected, SessionStatus::Terminated}) {
        if (text == nameOf(s))
            return s;
    }
    return std::nullopt;
}

std::optional<TunnelStatus> tunnelStatusFromString(QStringView text)
{
    for (auto s : {TunnelStatus::Encrypted, TunnelStatus::Disconnected, TunnelStatus::Unavailable,
                   TunnelStatus::NotRequired}) {
        if (text == nameOf(s))
            return s;
    }
    return std::nullopt;
}

}  // namespace Atrium
