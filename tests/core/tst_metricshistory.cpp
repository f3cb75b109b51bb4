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
