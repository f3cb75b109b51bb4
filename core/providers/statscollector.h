#pragma once

#include "model/domainsample.h"
#include "model/error.h"

#include <QList>

#include <libvirt/libvirt.h>

namespace Atrium {

/// Runs on a host's worker thread: one bulk call for every running domain.
/// NOWAIT: a domain busy with another job is not waited for; it comes back with
/// the counters that need no job (cpu.time, block.count…) and without the rest.
Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups);

/// The same for the running domains named in @p names only (virDomainListGetStats): what the
/// admin looks at, between full sweeps of a busy host. Names not running there are left out.
Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups, const QStringList &names);

}  // namespace Atrium
