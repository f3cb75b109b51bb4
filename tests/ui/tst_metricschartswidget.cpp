#include "metrics/metricschartswidget.h"
#include "metrics/metricssampler.h"
#include "testsupport.h"
#include "screenshots.h"
#include "uitestmain.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::MetricsChartsWidget;

namespace {

const QString kSimulatorReason = QStringLiteral("test:///default is libvirt's simulator, which measures nothing");

struct Values {
    std::optional<double> cpu, memoryUsed, memoryTotal, diskRead, diskWrite, netRx, netTx;
};

MetricPoint pointAt(const QDateTime &at, const Values &v)
{
    MetricPoint p;
    p.at = at;
    p.cpuPercent = v.cpu;
    p.memoryUsedMb = v.memoryUsed;
    p.memoryTotalMb = v.memoryTotal;
    p.diskReadBps = v.diskRead;
    p.diskWriteBps = v.diskWrite;
    p.netRxBps = v.netRx;
    p.netTxBps = v.netTx;
    // Like computePoint: an empty value has a reason.
    if (!v.cpu)
        p.unavailable.insert(QStringLiteral("cpu"), QStringLiteral("measuring: rates need two samples"));
    if (!v.memoryUsed)
        p.unavailable.insert(QStringLiteral("memory"), QStringLiteral("the host reports no memory use for this domain"));
    if (!v.diskRead && !v.diskWrite)
        p.unavailable.insert(QStringLiteral("disk"), QStringLiteral("the domain has no disk"));
    if (!v.netRx && !v.netTx)
        p.unavailable.insert(QStringLiteral("network"), QStringLiteral("the domain has no network interface"));
    return p;
}

Values full(double cpu = 25)
{
    return {cpu, 300, 1024, 20'000, 50'000, 2'000'000, 600'000};
}

}  // namespace

class TestMetricsChartsWidget final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> f;
    std::unique_ptr<MetricsSampler> sampler;

    /// The chart whose title starts with @p title, among the widget's views.
    static QChart *chartTitled(MetricsChartsWidget &w, const QString &title)
    {
        for (QChartView *view : w.findChildren<QChartView *>()) {
            if (view->chart()->title().startsWith(title))
                return view->chart();
        }
        return nullptr;
    }

    static QList<QLineSeries *> lineSeries(QChart *chart, const QString &name)
    {
        QList<QLineSeries *> result;
        for (QAbstractSeries *s : chart->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(s); line && line->name() == name)
                result << line;
        }
        return result;
    }

    void emitPoint(const QString &workspaceId, const MetricPoint &point)
    {
        Q_EMIT sampler->sampled(workspaceId, point);
    }

    bool tick()
    {
        QSignalSpy ticks(sampler.get(), &MetricsSampler::tickCompleted);
        sampler->tick();
        return ticks.wait(10000);
    }

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<EngineFixture>();
        Engine *e = f->engine.get();
        sampler = std::make_unique<MetricsSampler>(
            *f->hosts, *f->store, [e](const QString &uri, const QString &domain) { return e->workspaceIdForDomain(uri, domain); });
    }

    void cleanup()
    {
        sampler.reset();
        f.reset();
    }

    void withoutASamplerSaysSo()
    {
        MetricsChartsWidget w(nullptr);
        w.setWorkspace(QStringLiteral("ws-any"), true, {});
        QVERIFY(!w.chartsVisible());
        QVERIFY(w.unavailableText().startsWith(u"Metrics unavailable"));
        for (const char *chart : {"cpu", "memory", "disk", "network"})
            QCOMPARE(w.pointCount(QLatin1StringView(chart)), 0);
    }

    void stoppedOrLimitedHostsShowOneLine()
    {
        MetricsChartsWidget w(sampler.get());
        w.setWorkspace(QStringLiteral("ws-stopped"), false, {});
        QVERIFY(!w.chartsVisible());
        QCOMPARE(w.unavailableText(), QStringLiteral("Not running: no metrics"));

        w.setWorkspace(QStringLiteral("ws-limited"), true, QStringLiteral("metrics unavailable: ") + kSimulatorReason);
        QVERIFY(!w.chartsVisible());
        QCOMPARE(w.unavailableText(), QStringLiteral("Metrics unavailable on this host: ") + kSimulatorReason);

        // Points for a workspace that shows no charts change nothing.
        emitPoint(QStringLiteral("ws-limited"), pointAt(QDateTime::currentDateTimeUtc(), full()));
        QVERIFY(!w.chartsVisible());
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 0);
    }

    void simulatedVmIsUnavailableNotZero()
    {
        const Workspace vm = must(f->engine->createWorkspace(f->admin, smallVm()));
        auto launched = await(f->engine->launchWorkspace(f->admin, vm.id));
        QVERIFY(launched && *launched);
        QCOMPARE(f->engine->workspace(vm.id)->status, WorkspaceStatus::Running);

        MetricsChartsWidget live(sampler.get());
        live.setWorkspace(vm.id, true, {});
        QVERIFY(!live.chartsVisible());  // nothing sampled yet
        QSignalSpy sampled(sampler.get(), &MetricsSampler::sampled);
        // Rates would need two samples; the simulator still gives none. (A tick before the
        // sampler sees the host connected samples nothing, hence the loop.)
        for (int i = 0; i < 100 && sampled.size() < 2; ++i) {
            QVERIFY(tick());
            QTest::qWait(sampled.size() < 2 ? 50 : 0);
        }
        QVERIFY(sampled.size() >= 2);
        QVERIFY(!live.chartsVisible());
        QVERIFY2(live.unavailableText().contains(kSimulatorReason), qPrintable(live.unavailableText()));
        for (const char *chart : {"cpu", "memory", "disk", "network"})
            QCOMPARE(live.pointCount(QLatin1StringView(chart)), 0);
        for (QChartView *view : live.findChildren<QChartView *>()) {
            for (QAbstractSeries *s : view->chart()->series())
                QCOMPARE(qobject_cast<QLineSeries *>(s)->count(), 0);  // no zero line anywhere
        }

        // Opened later, the widget reads the same from the sampler's history.
        MetricsChartsWidget later(sampler.get());
        later.setWorkspace(vm.id, true, {});
        QVERIFY(!later.chartsVisible());
        QVERIFY(later.unavailableText().contains(kSimulatorReason));

        // What the console passes when it asks the sampler about the host first.
        const QString limitation = sampler->hostLimitation(QStringLiteral("test:///default"));
        QVERIFY(!limitation.isEmpty());
        later.setWorkspace(vm.id, true, limitation);
        QCOMPARE(later.unavailableText(), QStringLiteral("Metrics unavailable on this host: ") + kSimulatorReason);
    }

    void drawsSampledPointsAndLeavesGaps()
    {
        MetricsChartsWidget w(sampler.get());
        const QString id = QStringLiteral("ws-drawn");
        w.setWorkspace(id, true, {});
        QVERIFY(!w.chartsVisible());
        QCOMPARE(w.unavailableText(), QStringLiteral("Waiting for the first sample…"));

        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        emitPoint(id, pointAt(t0, full(10)));
        QVERIFY(w.chartsVisible());
        QCOMPARE(w.unavailableText(), QString());
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 1);
        QCOMPARE(w.pointCount(QStringLiteral("memory")), 2);  // used and total
        QCOMPARE(w.pointCount(QStringLiteral("disk")), 2);
        QCOMPARE(w.pointCount(QStringLiteral("network")), 2);

        emitPoint(id, pointAt(t0.addSecs(2), full(20)));
        Values noCpu = full();
        noCpu.cpu.reset();
        emitPoint(id, pointAt(t0.addSecs(4), noCpu));  // a gap, not a zero
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 2);
        QCOMPARE(w.pointCount(QStringLiteral("memory")), 6);
        emitPoint(id, pointAt(t0.addSecs(6), full(30)));
        emitPoint(id, pointAt(t0.addSecs(8), full(40)));
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 4);

        QChart *cpu = chartTitled(w, QStringLiteral("CPU"));
        QVERIFY(cpu);
        const QList<QLineSeries *> segments = lineSeries(cpu, QStringLiteral("CPU"));
        QCOMPARE(segments.size(), 2);  // before and after the gap
        QCOMPARE(segments.at(0)->count(), 2);
        QCOMPARE(segments.at(1)->count(), 2);
        for (QLineSeries *s : segments) {
            for (const QPointF &p : s->points())
                QVERIFY(p.y() > 0);
        }
        auto *y = qobject_cast<QValueAxis *>(cpu->axes(Qt::Vertical).value(0));
        QVERIFY(y);
        QCOMPARE(y->min(), 0.0);
        QCOMPARE(y->max(), 100.0);

        // Another workspace's points are not this one's.
        emitPoint(QStringLiteral("ws-other"), pointAt(t0.addSecs(10), full(99)));
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 4);
    }

    void scalesRatesToNiceUnits()
    {
        MetricsChartsWidget w(sampler.get());
        const QString id = QStringLiteral("ws-rates");
        w.setWorkspace(id, true, {});
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        emitPoint(id, pointAt(t0, full()));
        QVERIFY(chartTitled(w, QStringLiteral("Disk"))->title().contains(u"KB/s"));
        QVERIFY(chartTitled(w, QStringLiteral("Network"))->title().contains(u"MB/s"));
        QChart *network = chartTitled(w, QStringLiteral("Network"));
        const auto received = lineSeries(network, QStringLiteral("Received"));
        QCOMPARE(received.size(), 1);
        QVERIFY(std::abs(received.at(0)->at(0).y() - 2'000'000 / (1024.0 * 1024.0)) < 1e-6);
        auto *y = qobject_cast<QValueAxis *>(network->axes(Qt::Vertical).value(0));
        QVERIFY(y->max() >= received.at(0)->at(0).y());
        QVERIFY(network->legend()->isVisible());
        QVERIFY(!chartTitled(w, QStringLiteral("CPU"))->legend()->isVisible());
    }

    void aChartWithNothingToDrawSaysWhy()
    {
        MetricsChartsWidget w(sampler.get());
        const QString id = QStringLiteral("ws-diskless");
        w.setWorkspace(id, true, {});
        Values diskless = full();
        diskless.diskRead.reset();
        diskless.diskWrite.reset();
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        emitPoint(id, pointAt(t0, diskless));
        emitPoint(id, pointAt(t0.addSecs(2), diskless));
        QVERIFY(w.chartsVisible());
        QCOMPARE(w.pointCount(QStringLiteral("disk")), 0);
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 2);
        QCOMPARE(w.unavailableText(), QStringLiteral("Disk: The domain has no disk"));

        // All four empty for the same reason: said once, in place of the charts.
        MetricPoint nothing;
        nothing.at = t0.addSecs(4);
        for (const char *metric : {"cpu", "memory", "disk", "network"})
            nothing.unavailable.insert(QLatin1StringView(metric), QStringLiteral("metrics unavailable: ") + kSimulatorReason);
        MetricsChartsWidget empty(sampler.get());
        empty.setWorkspace(QStringLiteral("ws-empty"), true, {});
        emitPoint(QStringLiteral("ws-empty"), nothing);
        QVERIFY(!empty.chartsVisible());
        QCOMPARE(empty.unavailableText(), QStringLiteral("Metrics unavailable: ") + kSimulatorReason);
    }

    void keepsTenMinutes()
    {
        MetricsChartsWidget w(sampler.get());
        const QString id = QStringLiteral("ws-window");
        w.setWorkspace(id, true, {});
        const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-20 * 60);
        for (int i = 0; i < 5; ++i)
            emitPoint(id, pointAt(t0.addSecs(i * 2), full(10 + i)));
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 5);
        emitPoint(id, pointAt(t0.addSecs(9 * 60), full(50)));
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 6);
        emitPoint(id, pointAt(t0.addSecs(15 * 60), full(60)));  // the first five are now too old
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 2);
        // A long silence breaks the line: two lone samples, not one line across six minutes.
        QCOMPARE(lineSeries(chartTitled(w, QStringLiteral("CPU")), QStringLiteral("CPU")).size(), 2);
        // A point from the past is ignored.
        emitPoint(id, pointAt(t0.addSecs(10 * 60), full(70)));
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 2);
    }

    void followsThePalette()
    {
        MetricsChartsWidget w(sampler.get());
        QChart *cpu = chartTitled(w, QStringLiteral("CPU"));
        QVERIFY(cpu);
        QPalette dark = w.palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        w.setPalette(dark);
        QCOMPARE(cpu->theme(), QChart::ChartThemeDark);
        QPalette light = w.palette();
        light.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
        w.setPalette(light);
        QCOMPARE(cpu->theme(), QChart::ChartThemeLight);
        for (QChartView *view : w.findChildren<QChartView *>())
            QVERIFY(view->renderHints().testFlag(QPainter::Antialiasing));
    }

    void screenshot()
    {
        MetricsChartsWidget w(sampler.get());
        const QString id = QStringLiteral("ws-shot");
        w.setWorkspace(id, true, {});
        const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-600);
        for (int i = 0; i <= 300; ++i) {
            const double t = i / 300.0;
            Values v;
            if (i < 140 || i > 160)  // a stretch the host did not measure
                v.cpu = 35 + 25 * std::sin(t * 12) + 10 * std::sin(t * 47);
            v.memoryUsed = 1400 + 600 * t + 80 * std::sin(t * 20);
            v.memoryTotal = 4096;
            v.diskRead = std::max(0.0, 300'000 * std::sin(t * 9) + 100'000);
            v.diskWrite = std::max(0.0, 800'000 * std::sin(t * 5 + 1));
            v.netRx = 120'000 + 90'000 * std::sin(t * 15);
            v.netTx = 30'000 + 20'000 * std::cos(t * 11);
            emitPoint(id, pointAt(t0.addSecs(i * 2), v));
        }
        QCOMPARE(w.pointCount(QStringLiteral("cpu")), 301 - 21);
        w.resize(900, 600);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(50);
        QVERIFY(saveScreenshot(w, QStringLiteral("metrics-charts-drawing")));  // drawn from test points, not a real guest

        // The same with one chart unavailable, for the reason line.
        MetricsChartsWidget partial(sampler.get());
        partial.setWorkspace(QStringLiteral("ws-partial"), true, {});
        for (int i = 0; i <= 60; ++i) {
            Values v = full(30 + (i % 7) * 5);
            v.diskRead.reset();
            v.diskWrite.reset();
            emitPoint(QStringLiteral("ws-partial"), pointAt(t0.addSecs(i * 2), v));
        }
        partial.resize(900, 600);
        partial.show();
        QVERIFY(QTest::qWaitForWindowExposed(&partial));
        QVERIFY(partial.grab().save(QStringLiteral("/tmp/metricscharts-partial.png")));
    }
};

ATRIUM_UI_TEST_MAIN(TestMetricsChartsWidget)
#include "tst_metricschartswidget.moc"
