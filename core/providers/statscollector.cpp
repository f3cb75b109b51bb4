#include "statscollector.h"

#include <vector>

#include "providers/libvirterror.h"

#include <QElapsedTimer>

#include <libvirt/virterror.h>

#include <cstring>

namespace Atrium {

namespace {

struct Group {
    unsigned int flag;
    const char *name;
};

constexpr Group kGroups[] = {
    {VIR_DOMAIN_STATS_STATE, "state"},     {VIR_DOMAIN_STATS_CPU_TOTAL, "cpu"},
    {VIR_DOMAIN_STATS_BALLOON, "balloon"}, {VIR_DOMAIN_STATS_VCPU, "vcpu"},
    {VIR_DOMAIN_STATS_INTERFACE, "net"},   {VIR_DOMAIN_STATS_BLOCK, "block"},
};

constexpr unsigned int allGroups()
{
    unsigned int all = 0;
    for (const Group &g : kGroups)
        all |= g.flag;
    return all;
}

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

quint64 numeric(const virTypedParameter &p)
{
    switch (p.type) {
    case VIR_TYPED_PARAM_INT: return quint64(std::max(0, p.value.i));
    case VIR_TYPED_PARAM_UINT: return p.value.ui;
    case VIR_TYPED_PARAM_LLONG: return quint64(std::max<long long>(0, p.value.l));
    case VIR_TYPED_PARAM_ULLONG: return p.value.ul;
    case VIR_TYPED_PARAM_DOUBLE: return quint64(std::max(0.0, p.value.d));
    default: return 0;
    }
}

void add(std::optional<quint64> &sum, quint64 value)
{
    sum = sum.value_or(0) + value;
}

/// "block.3.rd.bytes" with @p prefix "block." → "rd.bytes"; nullptr unless an index follows the prefix.
const char *afterIndex(const char *field, std::size_t prefixLength)
{
    const char *p = field + prefixLength;
    if (*p < '0' || *p > '9')
        return nullptr;
    while (*p >= '0' && *p <= '9')
        ++p;
    return *p == '.' ? p + 1 : nullptr;
}

// Called for every field of every domain on every tick: plain C string compares, no allocation.
DomainSample parse(const virDomainStatsRecord &record, qint64 atMs)
{
    DomainSample s;
    s.domainName = QString::fromUtf8(virDomainGetName(record.dom));
    s.atMs = atMs;
    for (int i = 0; i < record.nparams; ++i) {
        const virTypedParameter &p = record.params[i];
        const char *field = p.field;
        if (p.type == VIR_TYPED_PARAM_STRING)
            continue;  // names and paths
        const quint64 v = numeric(p);
        if (std::strcmp(field, "cpu.time") == 0) {
            s.cpuTimeNs = v;
        } else if (std::strcmp(field, "vcpu.current") == 0) {
            s.vcpus = int(v);
        } else if (std::strncmp(field, "balloon.", 8) == 0) {
            const char *what = field + 8;
            if (std::strcmp(what, "current") == 0)
                s.balloonCurrentKiB = v;
            else if (std::strcmp(what, "rss") == 0)
                s.balloonRssKiB = v;
            else if (std::strcmp(what, "available") == 0)
                s.guestAvailableKiB = v;
            else if (std::strcmp(what, "usable") == 0)
                s.guestUsableKiB = v;
        } else if (std::strncmp(field, "block.", 6) == 0) {
            if (std::strcmp(field + 6, "count") == 0) {
                s.blockCount = int(v);
            } else if (const char *what = afterIndex(field, 6)) {
                if (std::strcmp(what, "rd.bytes") == 0)
                    add(s.blockReadBytes, v);
                else if (std::strcmp(what, "wr.bytes") == 0)
                    add(s.blockWriteBytes, v);
                else if (std::strcmp(what, "allocation") == 0)
                    add(s.blockAllocationBytes, v);
                else if (std::strcmp(what, "capacity") == 0)
                    add(s.blockCapacityBytes, v);
            }
        } else if (std::strncmp(field, "net.", 4) == 0) {
            if (std::strcmp(field + 4, "count") == 0) {
                s.netCount = int(v);
            } else if (const char *what = afterIndex(field, 4)) {
                if (std::strcmp(what, "rx.bytes") == 0)
                    add(s.netRxBytes, v);
                else if (std::strcmp(what, "tx.bytes") == 0)
                    add(s.netTxBytes, v);
            }
        }
    }
    return s;
}

int call(virConnectPtr connection, unsigned int groups, unsigned int extraFlags, virDomainStatsRecordPtr **records)
{
    const unsigned int flags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT | extraFlags;
    return virConnectGetAllDomainStats(connection, groups, records, flags);
}

/// The host refused some group of a combined call; its error does not say which
/// in a form worth parsing, so ask each group alone, once.
Result<void> probeEachGroup(virConnectPtr connection, StatsGroups &groups)
{
    groups.accepted = 0;
    groups.refused.clear();
    for (const Group &g : kGroups) {
        virDomainStatsRecordPtr *records = nullptr;
        const int n = call(connection, g.flag, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS, &records);
        if (n >= 0) {
            groups.accepted |= g.flag;
            virDomainStatsRecordListFree(records);
        } else if (lastErrorIsUnsupported()) {
            groups.refused << QString::fromLatin1(g.name);
        } else {
            return fail(lastLibvirtError(QStringLiteral("cannot read domain statistics")));
        }
    }
    groups.probed = true;
    return {};
}

QList<DomainSample> parseAll(virDomainStatsRecordPtr *records, int n, qint64 at)
{
    QList<DomainSample> samples;
    samples.reserve(n);
    for (int i = 0; i < n; ++i)
        samples.append(parse(*records[i], at));
    virDomainStatsRecordListFree(records);
    return samples;
}

}  // namespace

Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups)
{
    if (!connection)
        return fail(ErrorCode::VmUnavailable, QStringLiteral("not connected"));
    virDomainStatsRecordPtr *records = nullptr;
    if (!groups.probed) {
        // Everything, enforced: a host that takes it all (QEMU) answers this tick in one call.
        const int n = call(connection, allGroups(), VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS, &records);
        const qint64 at = monotonicMs();
        if (n >= 0) {
            groups.probed = true;
            groups.accepted = allGroups();
            groups.refused.clear();
            return parseAll(records, n, at);
        }
        if (!lastErrorIsUnsupported())
            return fail(lastLibvirtError(QStringLiteral("cannot read domain statistics")));
        if (auto ok = probeEachGroup(connection, groups); !ok)
            return fail(ok.error());
    }
    if (groups.accepted == 0)
        return QList<DomainSample>{};
    const int n = call(connection, groups.accepted, 0, &records);
    const qint64 at = monotonicMs();
    if (n < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read domain statistics")));
    return parseAll(records, n, at);
}

Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups, const QStringList &names)
{
    if (!connection)
        return fail(ErrorCode::VmUnavailable, QStringLiteral("not connected"));
    if (!groups.probed)
        return collectDomainStats(connection, groups);  // learn the host's groups with one full sweep
    if (groups.accepted == 0 || names.isEmpty())
        return QList<DomainSample>{};
    std::vector<virDomainPtr> domains;
    domains.reserve(size_t(names.size()) + 1);
    for (const QString &name : names) {
        virDomainPtr domain = virDomainLookupByName(connection, name.toUtf8().constData());
        if (domain && virDomainIsActive(domain) == 1)
            domains.push_back(domain);
        else if (domain)
            virDomainFree(domain);
    }
    virResetLastError();  // a name gone since is not an error of this call
    Result<QList<DomainSample>> result = QList<DomainSample>{};
    if (!domains.empty()) {
        domains.push_back(nullptr);  // the list is NULL-terminated
        virDomainStatsRecordPtr *records = nullptr;
        const int n = virDomainListGetStats(domains.data(), groups.accepted, &records,
                                            VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
        const qint64 at = monotonicMs();
        result = n < 0 ? Result<QList<DomainSample>>(fail(lastLibvirtError(QStringLiteral("cannot read domain statistics"))))
                       : Result<QList<DomainSample>>(parseAll(records, n, at));
        domains.pop_back();
    }
    for (virDomainPtr domain : domains)
        virDomainFree(domain);
    return result;
}

}  // namespace Atrium
