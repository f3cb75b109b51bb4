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

}  // namespace Atrium
