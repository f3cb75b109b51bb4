#include "statscollector.h"

#include "providers/libvirterror.h"

#include <QElapsedTimer>
#include <QRegularExpression>

#include <libvirt/virterror.h>

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

DomainSample parse(const virDomainStatsRecord &record, qint64 atMs)
{
    DomainSample s;
    s.domainName = QString::fromUtf8(virDomainGetName(record.dom));
    s.atMs = atMs;
    static const QRegularExpression indexed(QStringLiteral(R"(^(block|net)\.\d+\.(.+)$)"));
    for (int i = 0; i < record.nparams; ++i) {
        const virTypedParameter &p = record.params[i];
        const QLatin1StringView field(p.field);
        const quint64 v = numeric(p);
        if (field == "cpu.time")
            s.cpuTimeNs = v;
        else if (field == "vcpu.current")
            s.vcpus = int(v);
        else if (field == "balloon.current")
            s.balloonCurrentKiB = v;
        else if (field == "balloon.rss")
            s.balloonRssKiB = v;
        else if (field == "balloon.available")
            s.guestAvailableKiB = v;
        else if (field == "balloon.usable")
            s.guestUsableKiB = v;
        else if (field == "block.count")
            s.blockCount = int(v);
        else if (field == "net.count")
            s.netCount = int(v);
        else if (field.startsWith(QLatin1StringView("block.")) || field.startsWith(QLatin1StringView("net."))) {
            const auto m = indexed.match(QString(field));
            if (!m.hasMatch())
                continue;
            const QString what = m.captured(2);
            if (m.captured(1) == u"block") {
                if (what == u"rd.bytes")
                    add(s.blockReadBytes, v);
                else if (what == u"wr.bytes")
                    add(s.blockWriteBytes, v);
                else if (what == u"allocation")
                    add(s.blockAllocationBytes, v);
                else if (what == u"capacity")
                    add(s.blockCapacityBytes, v);
            } else {
                if (what == u"rx.bytes")
                    add(s.netRxBytes, v);
                else if (what == u"tx.bytes")
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

void probe(virConnectPtr connection, StatsGroups &groups)
{
    groups.probed = true;
    groups.accepted = 0;
    groups.refused.clear();
    for (const Group &g : kGroups) {
        virDomainStatsRecordPtr *records = nullptr;
        const int n = call(connection, g.flag, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS, &records);
        if (n >= 0) {
            groups.accepted |= g.flag;
            virDomainStatsRecordListFree(records);
        } else {
            groups.refused << QString::fromLatin1(g.name);
        }
    }
}

}  // namespace

Result<QList<DomainSample>> collectDomainStats(virConnectPtr connection, StatsGroups &groups)
{
    if (!connection)
        return fail(ErrorCode::VmUnavailable, QStringLiteral("not connected"));
    if (!groups.probed)
        probe(connection, groups);
    if (groups.accepted == 0)
        return QList<DomainSample>{};
    virDomainStatsRecordPtr *records = nullptr;
    const int n = call(connection, groups.accepted, 0, &records);
    const qint64 at = monotonicMs();
    if (n < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read domain statistics")));
    QList<DomainSample> samples;
    samples.reserve(n);
    for (int i = 0; i < n; ++i)
        samples.append(parse(*records[i], at));
    virDomainStatsRecordListFree(records);
    return samples;
}

}  // namespace Atrium
