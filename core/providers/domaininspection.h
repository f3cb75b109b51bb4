#pragma once

#include "model/domain.h"
#include "model/error.h"

#include <QHash>
#include <QStringList>

#include <libvirt/libvirt.h>

namespace Atrium {

// Reading and changing domains Atrium did not create, on a host's worker thread.

/// The domain's XML (its live definition while it runs), read.
Result<DomainDetails> readDomainDetails(virDomainPtr domain);

/// Fills in disk capacities from one bulk block-statistics call for every domain. Drivers
/// without block statistics (the simulator) leave them 0 ("not known").
void fillDiskCapacities(virConnectPtr connection, QHash<QString, DomainDetails *> &byName);

/// Applies @p edit with libvirt's targeted calls (to the persistent definition; to the running
/// domain as well where libvirt allows it), so no other element of the XML is rewritten.
Result<void> editDomain(virDomainPtr domain, const DomainEdit &edit);

/// Deletes the storage volumes behind @p disks (found by path or pool/volume). Returns what was
/// deleted; a disk that is no volume of any pool is reported as kept, with why.
Result<QStringList> deleteDisks(virConnectPtr connection, const QList<DomainDisk> &disks, QStringList &kept);

}  // namespace Atrium
