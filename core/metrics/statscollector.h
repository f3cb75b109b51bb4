#pragma once

#include "domainsample.h"
#include "model/error.h"

#include <QList>
#include <QStringList>

#include <libvirt/libvirt.h>

namespace Atrium {

/// Which virConnectGetAllDomainStats groups a host accepts. Learnt on the
/// first call (with ENFORCE_STATS); refused groups are never asked for again.
struct StatsGroups {
    bool probed = false;
    unsigned int accepted = 0;
    QStringList refused;  ///< "cpu", "balloon", … the host said no to
};

/// Runs on a host's worker thread: one bulk call for every running domain.
/// NOWAIT: a domain busy with another job is skipped this tick, not waited for.
Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups);

}  // namespace Atrium
