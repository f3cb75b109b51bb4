#include "tunnelprobe.h"

#include <QNetworkInterface>
#include <QStandardPaths>

namespace Atrium {

TunnelProbe::TunnelProbe()
    : TunnelProbe(qEnvironmentVariable("NB_INTERFACE_NAME", QStringLiteral("wt0")))
{
}

TunnelProbe::TunnelProbe(QString interfaceName)
    : m_interfaceName(std::move(interfaceName))
{
}

TunnelStatus TunnelProbe::status() const
{
    const QNetworkInterface iface = QNetworkInterface::interfaceFromName(m_interfaceName);
    if (iface.isValid()) {
        const auto flags = iface.flags();
        if (flags.testFlag(QNetworkInterface::IsUp) && flags.testFlag(QNetworkInterface::IsRunning))
            return TunnelStatus::Encrypted;
        return TunnelStatus::Disconnected;
    }
    if (!QStandardPaths::findExecutable(QStringLiteral("netbird")).isEmpty())
        return TunnelStatus::Disconnected;
    return TunnelStatus::Unavailable;
}

QString TunnelProbe::explain(TunnelStatus status) const
{
    switch (status) {
    case TunnelStatus::Encrypted:
        return QStringLiteral("the NetBird tunnel (%1) is up").arg(m_interfaceName);
    case TunnelStatus::Disconnected:
        return QStringLiteral("the NetBird tunnel (%1) is down; run `netbird up`").arg(m_interfaceName);
    case TunnelStatus::Unavailable:
        return QStringLiteral("NetBird is not installed on this machine (no %1 interface, no netbird command)")
            .arg(m_interfaceName);
    case TunnelStatus::NotRequired:
        return QStringLiteral("no tunnel is needed");
    }
    return {};
}

}  // namespace Atrium
