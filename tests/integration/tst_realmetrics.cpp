// Metrics of real guests (TCG, on the test's own libvirtd + QEMU), from the
// sampler's bulk libvirt call through the REST API to the console's charts.

#include "apifixture.h"
#include "detail/workspacedetailpanel.h"
#include "images/imagecatalog.h"
#include "metrics/metricschartswidget.h"
#include "providers/domainxml.h"
#include "guestoutput.h"
#include "realhypervisor.h"
#include "screenshots.h"
#include "uitestmain.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

constexpr QLatin1StringView kBurnImage{"atrium-burn"};

/// atrium-tiny's files under another id whose kernel command line burns one CPU
/// (installer/build-guest-image.sh: atrium.burn=1). Same files, same sums.
bool writeBurnImage(const QString &tinyDir, const QString &dir, QString *error)
{
    QFile source(tinyDir + QStringLiteral("/atrium-tiny.json"));
    if (!source.open(QIODevice::ReadOnly)) {
        *error = source.errorString();
        return false;
    }
    QJsonObject manifest = QJsonDocument::fromJson(source.readAll()).object();
    for (const char *key : {"kernel", "initrd", "disk"}) {
        const QString file = manifest.value(QLatin1StringView(key)).toString();
        if (!QFile::link(tinyDir + u'/' + file, dir + u'/' + file)) {
            *error = QStringLiteral("cannot link %1").arg(file);
            return false;
        }
    }
    manifest.insert(QStringLiteral("id"), QString(kBurnImage));
    manifest.insert(QStringLiteral("name"), QStringLiteral("atrium-tiny, burning one CPU"));
    manifest.insert(QStringLiteral("cmdline"), QString(manifest.value(QStringLiteral("cmdline")).toString() + QStringLiteral(" atrium.burn=1")));
    QFile out(dir + QStringLiteral("/atrium-burn.json"));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(manifest).toJson()) < 0) {
        *error = out.errorString();
        return false;
    }
    return true;
}

/// The QEMU process running @p domain, found by its `-name guest=<domain>,…` from this
/// PID namespace (the harness runs libvirtd and QEMU in one of their own).
qint64 qemuPid(const QString &domain)
{
    const QByteArray wanted = "guest=" + domain.toUtf8() + ',';
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(wanted))
            return pid;
    }
    return 0;
}

double loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().split(' ').value(0).toDouble() : 0;
}

QHash<QString, QString> reasons(const QJsonObject &history)
{
    QHash<QString, QString> out;
    for (const QJsonValue &v : history.value(QStringLiteral("unavailable")).toArray())
        out.insert(v[QStringLiteral("series")].toString(), v[QStringLiteral("reason")].toString());
    return out;
}

QString describe(const MetricPoint &p)
{
    auto n = [](const std::optional<double> &v) { return v ? QString::number(*v, 'f', 2) : QStringLiteral("-"); };
    QStringList why;
    for (auto it = p.unavailable.constBegin(); it != p.unavailable.constEnd(); ++it)
        why << it.key() + u'=' + it.value();
    return QStringLiteral("cpu %1% (%2 cores) mem %3/%4 MB (%5) disk r %6 w %7 B/s used %8 MB net rx %9 | %10")
        .arg(n(p.cpuPercent), n(p.cpuCores), n(p.memoryUsedMb), n(p.memoryTotalMb), p.memorySource, n(p.diskReadBps),
             n(p.diskWriteBps), n(p.diskUsedMb), n(p.netRxBps))
        .arg(why.join(QStringLiteral("; ")));
}

}  // namespace

class TestRealMetrics : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    QTemporaryDir m_burnImageDir;
    std::unique_ptr<ApiFixture> m_api;
    QString m_burning;  ///< a workspace booted from atrium-burn, owned by the fixture's user
    QString m_idle;     ///< atrium-tiny, doing nothing

    MetricsSampler &sampler() { return *m_api->metrics; }
    Engine &engine() { return *m_api->engine.engine; }
    QString domainOf(const QString &id) { return engine().workspace(id)->domainName; }
    QString serialLogOf(const QString &id)
    {
        return m_api->engine.hostOptions.storagePoolPath + u'/' + serialLogVolumeName(domainOf(id));
    }

    bool tick()
    {
        QSignalSpy done(&sampler(), &MetricsSampler::tickCompleted);
        sampler().tick();
        return done.wait(20000);
    }

    /// Ticks @p count times, @p gap apart, as the sampler's timer would.
    bool sample(int count, std::chrono::milliseconds gap)
    {
        for (int i = 0; i < count; ++i) {
            if (!tick())
                return false;
            if (i + 1 < count)
                QTest::qWait(int(gap.count()));
        }
        return true;
    }

    QString launch(const QString &name, const QString &image)
    {
        WorkspacePatch patch = smallVm(name);
        patch.image = image;
        patch.ownerId = m_api->user.identity.id;  // so the micro-VM API (the caller's own micro-VMs) shows it too
        const auto created = engine().createWorkspace(m_api->engine.admin, patch);
        if (!created)
            return {};
        const auto launched = await(engine().launchWorkspace(m_api->engine.admin, created->id), std::chrono::seconds(120));
        if (!launched || !*launched) {
            qWarning("launch failed: %s", launched ? qPrintable((*launched).error().message) : "timeout");
            return {};
        }
        return created->id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ATRIUM_START_REAL_HYPERVISOR(m_hypervisor);
        QString error;
        QVERIFY2(writeBurnImage(RealHypervisor::guestImageDirectory(), m_burnImageDir.path(), &error), qPrintable(error));

        const EngineOptions options = RealHypervisor::engineOptions({m_burnImageDir.path()});
        QVERIFY2(options.images.find(QString(kBurnImage)), "the burning image is in the catalog");
        m_api = std::make_unique<ApiFixture>(options, Api::ApiOptions{}, QString(kNoTunnelInterface), QStringList{m_hypervisor.uri()},
                                             m_hypervisor.hostOptions());
        LibvirtHost *host = m_api->engine.hosts->defaultHost();
        QVERIFY2(host->isConnected(), qPrintable(host->info().lastError));
        QVERIFY(!host->isSimulated());

        m_burning = launch(QStringLiteral("Burning guest"), QString(kBurnImage));
        QVERIFY(!m_burning.isEmpty());
        m_idle = launch(QStringLiteral("Idle guest"), QString(ImageCatalog::kDefaultImageId));
        QVERIFY(!m_idle.isEmpty());
        QVERIFY2(waitForText(serialLogOf(m_burning), QStringLiteral("ATRIUM-BURN started"), std::chrono::seconds(90)) >= 0,
                 qPrintable(readText(serialLogOf(m_burning))));
        // The idle guest must be idle: booted (mounted its disk), not still booting.
        QVERIFY2(waitForText(serialLogOf(m_idle), QStringLiteral("ATRIUM-DISK-WRITE"), std::chrono::seconds(90)) >= 0,
                 qPrintable(readText(serialLogOf(m_idle))));
        QVERIFY(!readText(serialLogOf(m_idle)).contains(QStringLiteral("ATRIUM-BURN")));
    }

    void cleanupTestCase()
    {
        m_api.reset();
        m_hypervisor.stop();
    }

    void theSamplerMeasuresRealGuests()
    {
        const qint64 pid = qemuPid(domainOf(m_burning));
        QVERIFY2(pid > 0, "the burning guest's QEMU process");
        QVERIFY(tick());
        const auto cpuStart = processCpuNs(pid);
        QElapsedTimer wall;
        wall.start();
        QTest::qWait(1000);
        QVERIFY(sample(5, std::chrono::milliseconds(1000)));
        const auto cpuEnd = processCpuNs(pid);
        const double qemuCores = double(*cpuEnd - *cpuStart) / double(wall.nsecsElapsed());
        const QString uri = m_hypervisor.uri();
        QCOMPARE(sampler().refusedGroups(uri), QStringList{});  // QEMU gives every group
        QCOMPARE(sampler().hostLimitation(uri), QString());
        const SamplerTickCost cost = sampler().lastTickCost();
        qInfo("last tick: %d domains, collect %.2f ms CPU / %.2f ms wall, main thread %.3f ms CPU", cost.domains,
              cost.collectCpuNs / 1e6, cost.collectWallNs / 1e6, cost.mainCpuNs / 1e6);
        QCOMPARE(cost.domains, 2);

        const QList<MetricPoint> burning = sampler().history(m_burning);
        const QList<MetricPoint> idle = sampler().history(m_idle);
        QCOMPARE(burning.size(), 6);
        QCOMPARE(idle.size(), 6);
        for (const MetricPoint &p : burning)
            qInfo("burning: %s", qPrintable(describe(p)));
        for (const MetricPoint &p : idle)
            qInfo("idle:    %s", qPrintable(describe(p)));

        // The first point has no rate (one sample); every later one does, from real cpu.time deltas.
        QVERIFY(!burning.first().cpuPercent);
        QCOMPARE(burning.first().unavailable.value(QStringLiteral("cpu")), QStringLiteral("measuring: rates need two samples"));
        double burningSum = 0, burningCores = 0, idleSum = 0;
        for (int i = 1; i < burning.size(); ++i) {
            QVERIFY2(burning[i].cpuPercent && idle[i].cpuPercent, qPrintable(describe(burning[i]) + u'\n' + describe(idle[i])));
            burningSum += *burning[i].cpuPercent;
            burningCores += *burning[i].cpuCores;
            idleSum += *idle[i].cpuPercent;
        }
        const int rated = int(burning.size()) - 1;
        const double burningAverage = burningSum / rated, idleAverage = idleSum / rated;
        const double load = loadAverage();
        qInfo("CPU over 5 s: burning %.1f %% (%.3f cores; its QEMU process per /proc: %.3f cores), idle %.1f %%; load average %.1f",
              burningAverage, burningCores / rated, qemuCores, idleAverage, load);
        // What the sampler says is what the kernel counted for that QEMU process.
        QVERIFY2(qAbs(burningCores / rated - qemuCores) <= std::max(0.05, 0.15 * qemuCores),
                 qPrintable(QStringLiteral("sampler %1 cores, /proc %2 cores").arg(burningCores / rated).arg(qemuCores)));
        QVERIFY2(idleAverage > 0, qPrintable(QString::number(idleAverage)));
        QVERIFY2(burningAverage > 5 * idleAverage && burningAverage > 20, qPrintable(QString::number(burningAverage)));
        // A burning guest gets most of a core unless other work leaves it none (a shared build machine).
        if (load < QThread::idealThreadCount())
            QVERIFY2(burningAverage > 50, qPrintable(QString::number(burningAverage)));
        else
            qWarning("load average %.1f on %d cores: the burning guest got %.0f %% of its vCPU; not asserting > 50 %%", load,
                     QThread::idealThreadCount(), burningAverage);

        for (const MetricPoint &p : {burning.last(), idle.last()}) {
            // Memory: the guest's own figure (virtio balloon statistics), within what it was given.
            QVERIFY2(p.memoryUsedMb && *p.memoryUsedMb > 1 && p.memoryTotalMb, qPrintable(describe(p)));
            QCOMPARE(*p.memoryTotalMb, 256.0);
            QVERIFY2(*p.memoryUsedMb < *p.memoryTotalMb, qPrintable(describe(p)));
            QCOMPARE(p.memorySource, QStringLiteral("guest"));
            // A disk: its rates are measured (zero is a measurement), its size is the overlay's.
            QVERIFY2(!p.unavailable.contains(QStringLiteral("disk")), qPrintable(describe(p)));
            QVERIFY2(p.diskReadBps && p.diskWriteBps && p.diskUsedMb && p.diskTotalMb, qPrintable(describe(p)));
            QCOMPARE(*p.diskTotalMb, 64.0);
            // No NIC: the network is unavailable, not zero.
            QVERIFY(!p.netRxBps && !p.netTxBps && !p.netRxTotalBytes);
            QCOMPARE(p.unavailable.value(QStringLiteral("network")), QStringLiteral("the domain has no network interface"));
        }
        QString definition;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("dumpxml"), domainOf(m_idle)}, &definition));
        QVERIFY2(!definition.contains(QStringLiteral("<interface")), "the guest really has no NIC");

        // Minute averages of what was sampled are there for the long windows too.
        const auto minutes = sampler().minutes(m_burning, QDateTime::currentDateTimeUtc().addSecs(-3600));
        QVERIFY(minutes && !minutes->isEmpty());
        QVERIFY2(minutes->last().cpuPercent && *minutes->last().cpuPercent > 20, "the minute in progress is averaged");
    }

    void theApiServesTheSameRealNumbers()
    {
        QVERIFY(sample(2, std::chrono::milliseconds(1000)));
        const MetricPoint latest = *sampler().latest(m_burning);  // no tick runs while the requests are answered
        const MetricPoint idleLatest = *sampler().latest(m_idle);
        const HttpClient http = m_api->client();

        // Atrium's history: every point timestamped, the real values, the network explicitly unavailable.
        const HttpResponse history = http.get(QStringLiteral("/api/workspaces/%1/metrics/history?window=15m").arg(m_burning),
                                              m_api->bearer(m_api->user));
        QCOMPARE(history.status, 200);
        const QJsonObject h = history.object();
        const QJsonArray points = h.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), sampler().history(m_burning).size());
        const QJsonObject last = points.last().toObject();
        QCOMPARE(QDateTime::fromString(last.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs), latest.at);
        QVERIFY2(qAbs(last.value(QStringLiteral("cpu_percent")).toDouble() - *latest.cpuPercent) < 0.01,
                 qPrintable(QJsonDocument(last).toJson()));
        QVERIFY(last.value(QStringLiteral("cpu_percent")).toDouble() > 20);
        QVERIFY(qAbs(last.value(QStringLiteral("memory_used_mb")).toDouble() - *latest.memoryUsedMb) < 0.1);
        QVERIFY(last.value(QStringLiteral("memory_used_mb")).toDouble() > 1);
        QVERIFY(last.value(QStringLiteral("disk_read_bps")).isDouble() && last.value(QStringLiteral("disk_write_bps")).isDouble());
        QVERIFY(last.value(QStringLiteral("net_rx_bps")).isNull() && last.value(QStringLiteral("net_tx_bps")).isNull());
        const auto why = reasons(h);
        QCOMPARE(QSet<QString>(why.keyBegin(), why.keyEnd()), QSet<QString>({QStringLiteral("net_rx_bps"), QStringLiteral("net_tx_bps")}));
        QCOMPARE(why.value(QStringLiteral("net_rx_bps")), QStringLiteral("the domain has no network interface"));
        const QJsonObject day = http.get(QStringLiteral("/api/workspaces/%1/metrics/history?window=24h").arg(m_burning),
                                         m_api->bearer(m_api->user)).object();
        QCOMPARE(day.value(QStringLiteral("resolution")).toString(), QStringLiteral("minute"));
        QVERIFY(day.value(QStringLiteral("points")).toArray().last()[QStringLiteral("cpu_percent")].toDouble() > 20);

        // The v1 API: vCPUs' worth of work as a string, memory and disk as quantities.
        const HttpResponse v1 = http.get(QStringLiteral("/api/v1/workspaces/%1/metrics").arg(m_burning), m_api->apiKey(m_api->user));
        QCOMPARE(v1.status, 200);
        const QJsonObject m = v1.object();
        qInfo("v1 API /metrics: %s", QJsonDocument(m).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(m.value(QStringLiteral("cpuUsage")).toString(), QString::number(*latest.cpuCores, 'f', 2));
        QVERIFY(m.value(QStringLiteral("cpuUsage")).toString().toDouble() > 0.2);
        QVERIFY2(m.value(QStringLiteral("memoryUsage")).toString().endsWith(QStringLiteral("Mi")), "a small guest's use in Mi, not 0.0Gi");
        QVERIFY(m.value(QStringLiteral("memoryUsage")).toString().chopped(2).toDouble() > 1);
        QVERIFY(!m.value(QStringLiteral("diskUsage")).toString().isEmpty());
        QCOMPARE(m.value(QStringLiteral("gpuUsage")), QJsonValue(QString()));  // a string, as documented: no GPU, nothing measured
        QCOMPARE(m.value(QStringLiteral("unavailable")).toObject().keys(), QStringList{QStringLiteral("gpuUsage")});

        // The micro-VM API: percentages and MB; the network unavailable (null, with the reason), not "0 B".
        for (const auto &[id, point] : {std::pair{m_burning, latest}, std::pair{m_idle, idleLatest}}) {
            const HttpResponse d = http.get(QStringLiteral("/workspace/%1/details").arg(id), m_api->clientPair(m_api->user));
            QCOMPARE(d.status, 200);
            const QJsonObject stats = d.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("stats")).toObject();
            qInfo("micro-VM API details.stats: %s", QJsonDocument(stats).toJson(QJsonDocument::Compact).constData());
            // A number (an idle guest may truly use 0.0 % over one interval: /proc counts in 10 ms ticks).
            QVERIFY(stats.value(QStringLiteral("cpuUsage")).isDouble());
            QVERIFY(qAbs(stats.value(QStringLiteral("cpuUsage")).toDouble() - *point.cpuPercent) < 0.1);
            QVERIFY(stats.value(QStringLiteral("memoryUsedMB")).toDouble() > 1);
            QCOMPARE(stats.value(QStringLiteral("memoryTotalMB")).toDouble(), 256.0);
            QVERIFY(stats.value(QStringLiteral("memoryUsage")).toDouble() > 0 && stats.value(QStringLiteral("memoryUsage")).toDouble() < 100);
            QVERIFY(stats.value(QStringLiteral("networkIn")).isNull() && stats.value(QStringLiteral("networkOut")).isNull());
            const QJsonObject unavailable = stats.value(QStringLiteral("unavailable")).toObject();
            QCOMPARE(unavailable.value(QStringLiteral("network")).toString(), QStringLiteral("the domain has no network interface"));
            QVERIFY2(!unavailable.contains(QStringLiteral("cpu")) && !unavailable.contains(QStringLiteral("memory")),
                     qPrintable(QJsonDocument(unavailable).toJson()));
        }
        const QJsonObject burningStats = http.get(QStringLiteral("/workspace/%1/details").arg(m_burning), m_api->clientPair(m_api->user))
                                             .object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("stats")).toObject();
        QVERIFY(burningStats.value(QStringLiteral("cpuUsage")).toDouble() > 20);
    }

    void podLogsCarryTheGuestsSerialConsole()
    {
        const HttpResponse r = m_api->client().get(QStringLiteral("/api/v1/workspaces/%1/logs?type=pod").arg(m_burning),
                                                   m_api->apiKey(m_api->user));
        QCOMPARE(r.status, 200);
        const QString logs = r.object().value(QStringLiteral("logs")).toString();
        QVERIFY2(logs.contains(QStringLiteral("--- serial console (last ")), qPrintable(logs.left(2000)));
        QVERIFY2(logs.contains(QStringLiteral("ATRIUM-GUEST-READY")), qPrintable(logs.left(2000)));
        QVERIFY(logs.contains(QStringLiteral("ATRIUM-BURN started")));
        // The libvirt events come first, as before.
        QVERIFY(logs.indexOf(QStringLiteral("--- serial console")) > 0);
        // Other types carry no console.
        const QString build = m_api->client().get(QStringLiteral("/api/v1/workspaces/%1/logs?type=build").arg(m_burning),
                                                  m_api->apiKey(m_api->user)).object().value(QStringLiteral("logs")).toString();
        QVERIFY(!build.contains(QStringLiteral("serial console")));
        QVERIFY(build.contains(QStringLiteral("booting image atrium-burn")));
    }

    void theDetailPanelChartsARealBurningGuest()
    {
        Ui::WorkspaceDetailPanel panel(engine(), &sampler(), m_api->engine.admin);
        panel.resize(760, 980);
        panel.setWorkspace(m_burning);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        // The sampler's own timer, as in the console: a point every 2 s for ~24 s.
        sampler().start();
        QTest::qWait(24000);
        sampler().stop();
        QTest::qWait(100);

        Ui::MetricsChartsWidget *charts = panel.charts();
        QVERIFY(charts->chartsVisible());
        QVERIFY2(charts->pointCount(QStringLiteral("cpu")) >= 10, qPrintable(QString::number(charts->pointCount(QStringLiteral("cpu")))));
        QVERIFY(charts->pointCount(QStringLiteral("memory")) >= 10);
        QVERIFY(charts->pointCount(QStringLiteral("disk")) >= 10);
        QCOMPARE(charts->pointCount(QStringLiteral("network")), 0);
        QVERIFY2(charts->unavailableText().contains(QStringLiteral("no network interface")), qPrintable(charts->unavailableText()));
        QVERIFY(saveScreenshot(panel, QStringLiteral("detail-panel-real-metrics")));
    }
};

ATRIUM_UI_TEST_MAIN(TestRealMetrics)
#include "tst_realmetrics.moc"
