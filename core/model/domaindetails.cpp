#include "domaindetails.h"

namespace Atrium {

bool DomainGraphics::isPrivate() const
{
    if (listenType == u"none" || listenType == u"socket")
        return true;
    if (listenType == u"address")
        return listenAddress == u"127.0.0.1" || listenAddress == u"::1" || listenAddress == u"localhost";
    return false;  // "network", or an address libvirt picks: reachable from outside
}

QList<DomainDisk> DomainDetails::dataDisks() const
{
    QList<DomainDisk> list;
    for (const DomainDisk &disk : disks) {
        if ((disk.device == u"disk" || disk.device == u"lun") && !disk.source.isEmpty())
            list << disk;
    }
    return list;
}

qint64 DomainDetails::storageBytes() const
{
    qint64 total = 0;
    for (const DomainDisk &disk : dataDisks())
        total += disk.capacityBytes;
    return total;
}

}  // namespace Atrium
