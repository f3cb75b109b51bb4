#include "domaininspection.h"

#include "domaindetailsxml.h"
#include "domainxml.h"
#include "libvirterror.h"
#include "libvirthandles.h"

#include <libvirt/virterror.h>

namespace Atrium {

Result<DomainDetails> readDomainDetails(virDomainPtr domain)
{
    const QString name = QString::fromUtf8(virDomainGetName(domain));
    char *xml = virDomainGetXMLDesc(domain, 0);
    if (!xml)
        return fail(lastLibvirtError(QStringLiteral("cannot read the definition of domain %1").arg(name)));
    auto details = parseDomainDetails(QString::fromUtf8(xml));
    free(xml);
    if (!details)
        return fail(ErrorCode::Internal, QStringLiteral("domain %1: %2").arg(name, details.error().message));
    return details;
}

void fillDiskCapacities(virConnectPtr connection, QHash<QString, DomainDetails *> &byName)
{
    if (byName.isEmpty())
        return;
    virDomainStatsRecordPtr *records = nullptr;
    const int count = virConnectGetAllDomainStats(connection, VIR_DOMAIN_STATS_BLOCK, &records,
                                                  VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (count < 0) {
        virResetLastError();  // no block statistics here: capacities stay "not known"
        return;
    }
    for (int i = 0; i < count; ++i) {
        DomainDetails *details = byName.value(QString::fromUtf8(virDomainGetName(records[i]->dom)));
        if (!details)
            continue;
        QHash<int, QString> targets;
        QHash<int, qint64> capacities;
        for (int p = 0; p < records[i]->nparams; ++p) {
            const virTypedParameter &param = records[i]->params[p];
            const QByteArray field(param.field);
            const QList<QByteArray> parts = field.split('.');
            if (parts.size() != 3 || parts[0] != "block")
                continue;
            const int index = parts[1].toInt();
            if (parts[2] == "name" && param.type == VIR_TYPED_PARAM_STRING)
                targets.insert(index, QString::fromUtf8(param.value.s));
            else if (parts[2] == "capacity" && param.type == VIR_TYPED_PARAM_ULLONG)
                capacities.insert(index, qint64(param.value.ul));
        }
        for (auto it = capacities.cbegin(); it != capacities.cend(); ++it) {
            for (DomainDisk &disk : details->disks) {
                if (disk.target == targets.value(it.key()))
                    disk.capacityBytes = it.value();
            }
        }
    }
    virDomainStatsRecordListFree(records);
}

namespace {

/// The definition and, while it runs, the running domain: what a title or metadata change reaches.
unsigned affectWhat(virDomainPtr domain)
{
    unsigned flags = 0;
    if (virDomainIsPersistent(domain) == 1)
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    if (virDomainIsActive(domain) == 1)
        flags |= VIR_DOMAIN_AFFECT_LIVE;
    return flags;
}

Result<void> setVcpus(virDomainPtr domain, const QString &name, int vcpus)
{
    const int maximum = virDomainGetVcpusFlags(domain, unsigned(VIR_DOMAIN_AFFECT_CONFIG) | unsigned(VIR_DOMAIN_VCPU_MAXIMUM));
    auto set = [&](unsigned flags) -> Result<void> {
        if (virDomainSetVcpusFlags(domain, unsigned(vcpus), unsigned(VIR_DOMAIN_AFFECT_CONFIG) | flags) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot set the vCPUs of domain %1 to %2").arg(name).arg(vcpus)));
        return {};
    };
    // The maximum bounds the count: raise it before, lower it after.
    if (vcpus > maximum) {
        if (auto ok = set(VIR_DOMAIN_VCPU_MAXIMUM); !ok)
            return ok;
        return set(0);
    }
    if (auto ok = set(0); !ok)
        return ok;
    return set(VIR_DOMAIN_VCPU_MAXIMUM);
}

Result<void> setMemory(virDomainPtr domain, const QString &name, qint64 memoryMb)
{
    const unsigned long kib = static_cast<unsigned long>(memoryMb) * 1024;
    const unsigned long maximum = virDomainGetMaxMemory(domain);
    auto set = [&](unsigned flags) -> Result<void> {
        if (virDomainSetMemoryFlags(domain, kib, unsigned(VIR_DOMAIN_AFFECT_CONFIG) | flags) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot set the memory of domain %1 to %2 MiB").arg(name).arg(memoryMb)));
        return {};
    };
    if (kib > maximum) {
        if (auto ok = set(VIR_DOMAIN_MEM_MAXIMUM); !ok)
            return ok;
        return set(0);
    }
    if (auto ok = set(0); !ok)
        return ok;
    return set(VIR_DOMAIN_MEM_MAXIMUM);
}

}  // namespace

Result<void> editDomain(virDomainPtr domain, const DomainEdit &edit)
{
    const QString name = QString::fromUtf8(virDomainGetName(domain));
    if (edit.title) {
        const QByteArray title = edit.title->simplified().left(200).toUtf8();
        if (virDomainSetMetadata(domain, VIR_DOMAIN_METADATA_TITLE, title.constData(), nullptr, nullptr, affectWhat(domain)) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot set the title of domain %1").arg(name)));
    }
    if (edit.metadata) {
        const QByteArray xml = atriumMetadataXml(*edit.metadata).toUtf8();
        const QByteArray uri = QString(kMetadataNamespace).toUtf8();
        if (virDomainSetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, xml.constData(), "atrium", uri.constData(),
                                 affectWhat(domain))
            < 0) {
            return fail(lastLibvirtError(QStringLiteral("cannot write Atrium's metadata into domain %1").arg(name)));
        }
    }
    if (edit.vcpus) {
        if (auto ok = setVcpus(domain, name, *edit.vcpus); !ok)
            return ok;
    }
    if (edit.memoryMb) {
        if (auto ok = setMemory(domain, name, *edit.memoryMb); !ok)
            return ok;
    }
    return {};
}

Result<QStringList> deleteDisks(virConnectPtr connection, const QList<DomainDisk> &disks, QStringList &kept)
{
    QStringList deleted;
    for (const DomainDisk &disk : disks) {
        VolumeHandle volume;
        const qsizetype slash = disk.source.indexOf(u'/');
        if (slash > 0 && !disk.source.startsWith(u'/')) {
            // "pool/volume", as <source pool volume> names it
            PoolHandle pool(virStoragePoolLookupByName(connection, disk.source.left(slash).toUtf8().constData()));
            if (pool)
                volume.reset(virStorageVolLookupByName(pool.get(), disk.source.mid(slash + 1).toUtf8().constData()));
        } else {
            volume.reset(virStorageVolLookupByPath(connection, disk.source.toUtf8().constData()));
        }
        if (!volume) {
            kept << QStringLiteral("%1 (not a volume of any storage pool on the host: left in place)").arg(disk.source);
            virResetLastError();
            continue;
        }
        if (virStorageVolDelete(volume.get(), 0) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot delete disk %1").arg(disk.source)));
        deleted << disk.source;
    }
    return deleted;
}

}  // namespace Atrium
