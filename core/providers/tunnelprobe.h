#pragma once

#include "model/session.h"

#include <QString>

namespace Atrium {

/// Reads the real NetBird state of this machine: the tunnel counts as up when
/// NetBird's WireGuard interface (wt0, or $NB_INTERFACE_NAME) is up and running.
/// Cheap enough to ask on every launch.
class TunnelProbe final {
public:
    TunnelProbe();
    explicit TunnelProbe(QString interfaceName);

    TunnelStatus status() const;
    QString interfaceName() const { return m_interfaceName; }

    /// Why the tunnel is in @p status, in words for an error message.
    QString explain(TunnelStatus status) const;

private:
    QString m_interfaceName;
};

}  // namespace Atrium
