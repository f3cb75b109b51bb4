#pragma once

#include "model/domain.h"
#include "model/error.h"

#include <QStringList>

#include <libvirt/libvirt.h>

namespace Atrium {

// The networks Atrium attaches guests to (the micro-VM API's network_config).
// Called on a host's worker thread.

/// Atrium's isolated network: a bridge with no forwarding, no address and no
/// DHCP, so its guests reach nothing beyond each other (not the host, not the
/// internet). Atrium defines it on a host the first time a guest needs it.
inline constexpr char kIsolatedNetwork[] = "atrium-isolated";
inline constexpr char kIsolatedBridge[] = "atrium-iso0";

/// The libvirt XML of the isolated network.
QString isolatedNetworkXml();

/// Resolves @p spec.network to the libvirt network the guest's NIC joins
/// (spec.networkName; empty = no NIC). Isolated: Atrium's network, defined and
/// started when missing. Internet: the host's own network named
/// spec.internetNetwork when it exists (Atrium never creates a NAT network:
/// that changes the host's firewall), else no NIC, said in @p log.
Result<void> resolveGuestNetwork(virConnectPtr conn, DomainSpec &spec, QStringList &log);

}  // namespace Atrium
