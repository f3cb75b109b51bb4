// MetricsHistory: the ring of the last hour's points.

#include "metrics/metricshistory.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 3, 5), QTime(14, 30), Qt::UTC);

MetricPoint pointAt(int second)
{
    MetricPoint p;
    p.at = kStart.addSecs(second);
    p.cpuPercent = second;
    return p;
}

QList<int> seconds(const QList<MetricPoint> &points)
{
    QList<int> out;
    for (const MetricPoint &p : points)
        out << int(*p.cpuPercent);
    return out;
}

}  // namespace

class TestMetricsHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void growsThenKeepsTheNewestOldestFirst()
    {
        MetricsHistory ring(4);
        QVERIFY(ring.isEmpty());
        QCOMPARE(ring.capacity(), 4);
        for (int s : {0, 2, 4}) {
            ring.append(pointAt(s));
            QCOMPARE(*ring.latest().cpuPercent, double(s));
        }
        QCOMPARE(ring.size(), 3);
        QCOMPARE(seconds(ring.since({})), QList<int>({0, 2, 4}));
        for (int s : {6, 8, 10, 12, 14, 16}) {
            ring.append(pointAt(s));
            QCOMPARE(*ring.latest().cpuPercent, double(s));
            QCOMPARE(ring.size(), std::min(4, s / 2 + 1));
        }
        QCOMPARE(seconds(ring.since({})), QList<int>({10, 12, 14, 16}));
        QCOMPARE(seconds(ring.since(kStart.addSecs(13))), QList<int>({14, 16}));
        QCOMPARE(seconds(ring.since(kStart.addSecs(100))), QList<int>{});
    }

    void pointsKeepWhatIsChartedAndTheNewestKeepsEverything()
    {
        MetricsHistory ring(8);
        for (int s = 0; s < 3; ++s) {
            MetricPoint p = pointAt(s * 2);
            p.memoryUsedMb = 100 + s;
            p.memoryTotalMb = 256;
            p.memorySource = QStringLiteral("guest");
            p.netRxBps = 1.5;
            p.netRxTotalBytes = quint64(1000 * (s + 1));
            p.diskUsedMb = 42;
            p.cpuCores = 0.25;
            p.unavailable.insert(QStringLiteral("disk"), QStringLiteral("the domain has no disk"));
            ring.append(p);
        }
        const QList<MetricPoint> points = ring.since({});
        QCOMPARE(points.size(), 3);
        for (const MetricPoint &p : points) {
            QCOMPARE(*p.memoryTotalMb, 256.0);
            QCOMPARE(*p.netRxBps, 1.5);
            QCOMPARE(p.memorySource, QStringLiteral("guest"));
            QCOMPARE(p.unavailable.value(QStringLiteral("disk")), QStringLiteral("the domain has no disk"));
            QVERIFY(!p.netTxBps);  // never measured stays empty, not zero
        }
        QCOMPARE(*points.at(1).memoryUsedMb, 101.0);
        QVERIFY(!points.at(1).netRxTotalBytes);  // older points: the charted series only
        QCOMPARE(*points.last().netRxTotalBytes, quint64(3000));
        QCOMPARE(*ring.latest().netRxTotalBytes, quint64(3000));
        QCOMPARE(*ring.latest().diskUsedMb, 42.0);
        QCOMPARE(*points.at(1).cpuCores, 0.25);
        QCOMPARE(points.at(2).at, kStart.addSecs(4));
    }

    void reasonsThatChangeAreKeptPerPoint()
    {
        MetricsHistory ring(100);
        for (int s = 0; s < 90; ++s) {  // more distinct reasons than the context table keeps
            MetricPoint p = pointAt(s);
            p.unavailable.insert(QStringLiteral("cpu"), QStringLiteral("reason %1").arg(s % 70));
            ring.append(p);
        }
        const QList<MetricPoint> points = ring.since({});
        QCOMPARE(points.size(), 90);
        for (int s = 0; s < 90; ++s)
            QCOMPARE(points.at(s).unavailable.value(QStringLiteral("cpu")), QStringLiteral("reason %1").arg(s % 70));
    }

    void monthsOfUptimeKeepExactTimes()
    {
        // Offsets are 32-bit milliseconds: a workspace that runs again weeks later moves the base.
        MetricsHistory ring(4);
        const QDateTime later = kStart.addDays(40);
        for (int s : {0, 2})
            ring.append(pointAt(s));
        for (int s : {0, 2, 4}) {
            MetricPoint p = pointAt(s);
            p.at = later.addSecs(s);
            ring.append(p);
        }
        // The point from 40 days ago is forgotten; the others keep their times to the millisecond.
        const QList<MetricPoint> points = ring.since({});
        QCOMPARE(points.size(), 3);
        QCOMPARE(points.at(0).at, later);
        QCOMPARE(points.at(2).at, later.addSecs(4));
        MetricPoint nearlyLater = pointAt(6);
        nearlyLater.at = later.addSecs(6).addMSecs(7);
        ring.append(nearlyLater);
        QCOMPARE(ring.since({}).last().at, later.addSecs(6).addMSecs(7));
        QCOMPARE(seconds(ring.since(later.addSecs(1))), QList<int>({2, 4, 6}));
    }

    void aPointIsSmall()
    {
        QCOMPARE(MetricsHistory::bytesPerPoint(), size_t(40));
    }

    void aRingOfOne()
    {
        MetricsHistory ring(0);  // at least one point
        QCOMPARE(ring.capacity(), 1);
        ring.append(pointAt(1));
        ring.append(pointAt(2));
        QCOMPARE(seconds(ring.since({})), QList<int>({2}));
    }
};

ATRIUM_TEST_MAIN(TestMetricsHistory)
#include "tst_metricshistory.moc"
