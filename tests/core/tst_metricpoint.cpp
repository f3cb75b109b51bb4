// computePoint: counters to rates, and a reason for every value it cannot give.
// collectDomainStats: groups a host refuses are switched off after the first refusal.

#include "metrics/metricpoint.h"
#include "providers/statscollector.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

namespace {

/// A QEMU-like sample of a domain with one vCPU, a disk and no NIC, @p atMs into the run.
DomainSample qemuLike(qint64 atMs, quint64 cpuNs, quint64 readBytes)
{
    DomainSample s;
    s.domainName = QStringLiteral("atrium-ws-1");
    s.atMs = atMs;
    s.vcpus = 1;
    s.cpuTimeNs = cpuNs;
    s.balloonCurrentKiB = 262144;
    s.balloonRssKiB = 200000;
    s.guestAvailableKiB = 230000;
    s.guestUsableKiB = 200000;
    s.blockCount = 1;
    s.blockReadBytes = readBytes;
    s.blockWriteBytes = 4096;
    s.blockAllocationBytes = 1 << 20;
    s.blockCapacityBytes = 64 << 20;
    return s;
}

const QDateTime kNow = QDateTime(QDate(2026, 3, 5), QTime(14, 30), Qt::UTC);

}  // namespace

class TestMetricPoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ratesComeFromDeltasOverTime()
    {
        const DomainSample before = qemuLike(10'000, 5'000'000'000, 1000);
        const DomainSample after = qemuLike(12'000, 6'500'000'000, 1000 + 2 * 8192);
        const MetricPoint p = computePoint(after, &before, kNow);
        QCOMPARE(p.at, kNow);
        QCOMPARE(*p.cpuCores, 0.75);    // 1.5 s of CPU in 2 s
        QCOMPARE(*p.cpuPercent, 75.0);  // of its one vCPU
        QCOMPARE(*p.diskReadBps, 8192.0);
        QCOMPARE(*p.diskWriteBps, 0.0);  // measured: nothing written
        QCOMPARE(*p.memoryUsedMb, 30000.0 / 1024.0);  // the guest's own view: available - usable
        QCOMPARE(p.memorySource, QStringLiteral("guest"));
        QCOMPARE(*p.memoryTotalMb, 256.0);
        QCOMPARE(*p.diskTotalMb, 64.0);
        QVERIFY(!p.netRxBps && !p.netTxBps);
        QCOMPARE(p.unavailable.keys(), QStringList{QStringLiteral("network")});
        QCOMPARE(p.unavailable.value(QStringLiteral("network")), QStringLiteral("the domain has no network interface"));

        // Two vCPUs share the same work: half the percentage.
        DomainSample twoVcpus = after;
        twoVcpus.vcpus = 2;
        QCOMPARE(*computePoint(twoVcpus, &before, kNow).cpuPercent, 37.5);
    }

    void aFirstSampleOrARestartHasNoRates()
    {
        const MetricPoint first = computePoint(qemuLike(10'000, 5'000'000'000, 1000), nullptr, kNow);
        QVERIFY(!first.cpuPercent && !first.diskReadBps);
        QCOMPARE(first.unavailable.value(QStringLiteral("cpu")), QStringLiteral("measuring: rates need two samples"));
        QCOMPARE(first.unavailable.value(QStringLiteral("disk")), QStringLiteral("measuring: rates need two samples"));
        QVERIFY(first.memoryUsedMb);  // a level, not a rate: there at once

        // The domain restarted between the samples: its counters went back to zero.
        const DomainSample beforeRestart = qemuLike(10'000, 5'000'000'000, 1000);
        const MetricPoint restarted = computePoint(qemuLike(12'000, 1'000'000, 0), &beforeRestart, kNow);
        QVERIFY(!restarted.cpuPercent);
        QVERIFY(restarted.unavailable.contains(QStringLiteral("cpu")));
    }

    void aBusyDomainSkippedByNowaitIsNotGuessed()
    {
        // NOWAIT: QEMU gave what needs no job (cpu.time, sizes) and not what needs its monitor.
        DomainSample busy = qemuLike(12'000, 6'000'000'000, 0);
        busy.balloonRssKiB.reset();
        busy.guestAvailableKiB.reset();
        busy.guestUsableKiB.reset();
        busy.blockReadBytes.reset();
        busy.blockWriteBytes.reset();
        const DomainSample before = qemuLike(10'000, 5'000'000'000, 1000);
        const MetricPoint p = computePoint(busy, &before, kNow);
        QCOMPARE(*p.cpuPercent, 50.0);
        QVERIFY(!p.memoryUsedMb && !p.diskReadBps && !p.diskWriteBps);
        QVERIFY(p.unavailable.value(QStringLiteral("memory")).contains(QStringLiteral("busy")));
        QVERIFY(p.unavailable.value(QStringLiteral("disk")).contains(QStringLiteral("busy")));
        QCOMPARE(*p.diskTotalMb, 64.0);  // sizes come from the definition, busy or not
    }

    void refusedGroupsAreNamedAsTheReason()
    {
        DomainSample s;
        s.domainName = QStringLiteral("test");
        s.atMs = 2000;
        DomainSample earlier = s;
        earlier.atMs = 0;
        const MetricPoint p = computePoint(s, &earlier, kNow,
                                           {QStringLiteral("cpu"), QStringLiteral("balloon"), QStringLiteral("vcpu"),
                                            QStringLiteral("net"), QStringLiteral("block")});
        QVERIFY(!p.hasAnyValue());
        QCOMPARE(p.unavailable.value(QStringLiteral("cpu")), QStringLiteral("the host refuses CPU statistics"));
        QCOMPARE(p.unavailable.value(QStringLiteral("memory")), QStringLiteral("the host refuses memory (balloon) statistics"));
        QCOMPARE(p.unavailable.value(QStringLiteral("disk")), QStringLiteral("the host refuses disk (block) statistics"));
        QCOMPARE(p.unavailable.value(QStringLiteral("network")), QStringLiteral("the host refuses network (interface) statistics"));

        // Without the vCPU count a percentage would be a guess: the cores are given, the percentage is not.
        DomainSample noVcpus = qemuLike(12'000, 6'000'000'000, 1000);
        noVcpus.vcpus = 0;
        const DomainSample before = qemuLike(10'000, 5'000'000'000, 1000);
        const MetricPoint q = computePoint(noVcpus, &before, kNow, {QStringLiteral("vcpu")});
        QCOMPARE(*q.cpuCores, 0.5);
        QVERIFY(!q.cpuPercent);
        QVERIFY(q.unavailable.value(QStringLiteral("cpu")).contains(QStringLiteral("vCPUs")));
    }

    void aHostLimitationLeavesNoNumberStanding()
    {
        const DomainSample before = qemuLike(10'000, 5'000'000'000, 1000);
        const QString why = QStringLiteral("metrics unavailable: test:///default is libvirt's simulator, which measures nothing");
        const MetricPoint p = computePoint(qemuLike(12'000, 6'000'000'000, 2000), &before, kNow, {}, why);
        QCOMPARE(p.at, kNow);
        QVERIFY(!p.hasAnyValue() && !p.memoryTotalMb && !p.diskTotalMb && !p.cpuCores);
        QCOMPARE(p.unavailable.size(), 4);
        for (const char *metric : {"cpu", "memory", "disk", "network"})
            QCOMPARE(p.unavailable.value(QLatin1StringView(metric)), why);
    }

    void theSimulatorsRefusalsAreLearntOnceAndRemembered()
    {
        virConnectPtr conn = virConnectOpen("test:///default");
        QVERIFY(conn);
        StatsGroups groups;
        const auto first = collectDomainStats(conn, groups);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        QVERIFY(groups.probed);
        QCOMPARE(groups.accepted, unsigned(VIR_DOMAIN_STATS_STATE));
        QCOMPARE(groups.refused, QStringList({QStringLiteral("cpu"), QStringLiteral("balloon"), QStringLiteral("vcpu"),
                                              QStringLiteral("net"), QStringLiteral("block")}));
        QCOMPARE(first->size(), 1);  // the driver's own running domain, "test"
        QCOMPARE(first->first().domainName, QStringLiteral("test"));
        QVERIFY(!first->first().cpuTimeNs);  // never invented

        // The next calls ask only for what the host gives: no refusal, same answer.
        const StatsGroups learnt = groups;
        const auto second = collectDomainStats(conn, groups);
        QVERIFY(second);
        QCOMPARE(groups.accepted, learnt.accepted);
        QCOMPARE(groups.refused, learnt.refused);
        QCOMPARE(second->size(), 1);
        virConnectClose(conn);

        QVERIFY(!collectDomainStats(nullptr, groups));
    }
};

ATRIUM_TEST_MAIN(TestMetricPoint)
#include "tst_metricpoint.moc"
