#pragma once

#include "domainsample.h"
#include "model/error.h"

#include <QList>
#include <QStringList>

#include <libvirt/libvirt.h>

namespace Atrium {

/// Which virConnectGetAllDomainStats groups a host accepts. The first call asks
/// for all of them (ENFORCE_STATS); only if the host refuses does each group get
/// asked alone, once, and a refused group is never asked for again.
struct StatsGroups {
    bool probed = false;
    unsigned int accepted = 0;
    QStringList refused;  ///< "cpu", "balloon", "vcpu", "net", "block" the host said no to
};

/// Runs on a host's worker thread: one bulk call for every running domain.
/// NOWAIT: a domain busy with another job is not waited for; it comes back with
/// the counters that need no job (cpu.time, block.count…) and without the rest.
Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups);

}  // namespace Atrium
