// What one metrics tick costs: the sampler's CPU time (the host worker thread's bulk
// call and parsing, plus the main thread's rates, ring and minute averages), its
// wall time, and the libvirt daemon's CPU time, with 1, 10 and 20 real TCG guests
// on a private libvirtd + QEMU and with 1,000 domains on libvirt's test driver.
//
//   bench_sampler [--real 1,10,20] [--test 1000] [--ticks 60] [--gap-ms 500]
//
// --real 0 or --test 0 leaves that part out. Real guests need root (the harness of
// tests/integration). Prints a Markdown table.

#include "images/imagecatalog.h"
#include "metrics/metricssampler.h"
#include "providers/domainxml.h"
#include "realhypervisor.h"
#include "testmain.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

struct Row {
    QString scenario;
    int domains = 0;
    int ticks = 0;
    QList<double> samplerCpuMs, collectCpuMs, mainCpuMs, wallMs, daemonCpuMs;
    double rssBeforeMb = 0;  ///< before the first tick
    double rssMb = 0;        ///< after the last
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p / 100.0 * double(values.size())));
    return values.at(index);
}

/// The harness's libvirtd (its command line names the harness's own directory).
qint64 libvirtdPid(const QString &harnessDirectory)
{
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!numeric || !cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = cmdline.readAll();
        if (text.startsWith("libvirtd") && text.contains(QByteArray(harnessDirectory.toUtf8() + "/libvirtd.pid")))
            return pid;
    }
    return 0;
}

double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

/// Ticks the sampler @p ticks times, @p gap apart (after two warm-up ticks), and records each tick's cost.
/// Nothing here aborts: a real host's harness must be stopped on the way out.
std::optional<Row> measure(const QString &scenario, MetricsSampler &sampler, int ticks, std::chrono::milliseconds gap,
                           qint64 daemonPid)
{
    Row row;
    row.scenario = scenario;
    row.rssBeforeMb = rssMb();
    auto one = [&sampler]() {
        QSignalSpy done(&sampler, &MetricsSampler::tickCompleted);
        sampler.tick();
        if (done.wait(60000))
            return true;
        std::fprintf(stderr, "a tick did not complete within 60 s\n");
        return false;
    };
    if (!one() || !one())  // learns the host's statistics groups, then the first rates
        return std::nullopt;
    for (int i = 0; i < ticks; ++i) {
        QTest::qWait(int(gap.count()));
        const auto daemonBefore = processCpuNs(daemonPid);
        if (!one())
            return std::nullopt;
        const auto daemonAfter = processCpuNs(daemonPid);
        const SamplerTickCost cost = sampler.lastTickCost();
        row.domains = cost.domains;
        row.samplerCpuMs << cost.cpuNs() / 1e6;
        row.collectCpuMs << cost.collectCpuNs / 1e6;
        row.mainCpuMs << cost.mainCpuNs / 1e6;
        row.wallMs << cost.wallNs / 1e6;
        if (daemonBefore && daemonAfter)
            row.daemonCpuMs << (*daemonAfter - *daemonBefore) / 1e6;
    }
    row.ticks = ticks;
    row.rssMb = rssMb();
    return row;
}

QString resolverFor(Engine *engine, const QString &uri, const QString &domain)
{
    return engine->workspaceIdForDomain(uri, domain);
}

void print(const QList<Row> &rows)
{
    std::printf("\n| scenario | domains | ticks | sampler CPU p50 / p99 (ms) | of which worker (bulk call + parse) p50 | main thread p50 | wall p50 / p99 (ms) | libvirtd CPU per tick (ms) | RSS before → after (MB) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const Row &r : rows) {
        // /proc counts a process's CPU in 10 ms ticks: the mean over many ticks says more than a percentile.
        double daemonMean = 0;
        for (double ms : r.daemonCpuMs)
            daemonMean += ms / double(r.daemonCpuMs.size());
        const QString daemon = r.daemonCpuMs.isEmpty() ? QStringLiteral("in-process")
                                                       : QStringLiteral("%1 (mean)").arg(daemonMean, 0, 'f', 1);
        std::printf("| %s | %d | %d | %.3f / %.3f | %.3f | %.3f | %.2f / %.2f | %s | %.0f → %.0f |\n", qPrintable(r.scenario), r.domains,
                    r.ticks, percentile(r.samplerCpuMs, 50), percentile(r.samplerCpuMs, 99), percentile(r.collectCpuMs, 50),
                    percentile(r.mainCpuMs, 50), percentile(r.wallMs, 50), percentile(r.wallMs, 99), qPrintable(daemon), r.rssBeforeMb,
                    r.rssMb);
    }
    std::fflush(stdout);
}

class Bench : public QObject {
    Q_OBJECT

public:
    QList<int> realCounts{1, 10, 20};
    int testDomains = 1000;
    int ticks = 60;
    std::chrono::milliseconds gap{500};
    QList<Row> rows;
    bool failed = false;

private:
    void testDriver()
    {
        EngineFixture f;  // test:///default
        Engine *engine = f.engine.get();
        QElapsedTimer timer;
        timer.start();
        // The driver starts with its own domain "test", not a workspace: it is sampled too.
        for (int i = 1; i < testDomains; ++i) {
            auto created = engine->createWorkspace(f.admin, smallVm(QStringLiteral("Bench %1").arg(i)));
            if (!created)
                qFatal("create: %s", qPrintable(created.error().message));
            auto launched = await(engine->launchWorkspace(f.admin, created->id), std::chrono::seconds(30));
            if (!launched || !*launched)
                qFatal("launch %d failed", i);
        }
        std::fprintf(stderr, "test driver: %d workspaces running after %lld ms\n", testDomains - 1, timer.elapsed());
        MetricsSampler sampler(*f.hosts, *f.store, [engine](const QString &uri, const QString &domain) {
            return resolverFor(engine, uri, domain);
        });
        const auto row = measure(QStringLiteral("test:///default"), sampler, ticks, gap, 0);
        if (!row) {
            failed = true;
            return;
        }
        rows << *row;
        print({rows.last()});
    }

    void realHost()
    {
        RealHypervisor hypervisor;
        if (!hypervisor.start()) {
            std::fprintf(stderr, "no real hypervisor: %s\n", qPrintable(hypervisor.error()));
            failed = true;
            return;
        }
        if (!hypervisor.buildGuestImage()) {
            std::fprintf(stderr, "%s\n", qPrintable(hypervisor.error()));
            failed = true;
            return;
        }
        EngineOptions options;
        options.images = ImageCatalog({RealHypervisor::guestImageDirectory()});
        options.stopDeadline = std::chrono::seconds(1);
        auto f = std::make_unique<EngineFixture>(QStringList{hypervisor.uri()}, options, QString(kNoTunnelInterface),
                                                 hypervisor.hostOptions());
        Engine *engine = f->engine.get();
        const qint64 daemon = libvirtdPid(hypervisor.directory());
        if (daemon == 0)
            std::fprintf(stderr, "libvirtd's PID not found: its CPU is not measured\n");
        MetricsSampler sampler(*f->hosts, *f->store, [engine](const QString &uri, const QString &domain) {
            return resolverFor(engine, uri, domain);
        });

        QStringList serialLogs;
        for (const int wanted : realCounts) {
            QElapsedTimer timer;
            timer.start();
            // NIC-less tiny guests (atrium-tiny: a disk, a balloon with statistics), booted to idle.
            while (serialLogs.size() < wanted) {
                WorkspacePatch patch = smallVm(QStringLiteral("Bench guest %1").arg(serialLogs.size() + 1));
                patch.image = QString(ImageCatalog::kDefaultImageId);
                auto created = engine->createWorkspace(f->admin, patch);
                auto launched = created ? await(engine->launchWorkspace(f->admin, created->id), std::chrono::seconds(180))
                                        : std::nullopt;
                if (!launched || !*launched) {
                    std::fprintf(stderr, "launch failed: %s\n", launched ? qPrintable((*launched).error().message) : "timeout");
                    failed = true;
                    return;  // f and hypervisor go: the harness stops every QEMU it started
                }
                serialLogs << f->hostOptions.storagePoolPath + u'/' + serialLogVolumeName(engine->workspace(created->id)->domainName);
            }
            for (const QString &log : std::as_const(serialLogs)) {
                QElapsedTimer boot;
                boot.start();
                while (boot.elapsed() < 300000) {
                    QFile file(log);
                    if (file.open(QIODevice::ReadOnly) && file.readAll().contains("ATRIUM-DISK-WRITE"))
                        break;
                    QTest::qWait(250);
                }
            }
            std::fprintf(stderr, "real host: %d guests booted to idle after %lld ms\n", wanted, timer.elapsed());
            QTest::qWait(2000);  // let the last boot's work settle
            const auto row = measure(QStringLiteral("QEMU/TCG, private libvirtd"), sampler, ticks, gap, daemon);
            if (!row) {
                failed = true;
                return;
            }
            rows << *row;
            print({rows.last()});
        }
        // Going out of scope: the sampler, then the engine, then the harness (which stops every QEMU).
    }

private Q_SLOTS:
    void run()
    {
        if (testDomains > 0)
            testDriver();
        if (!realCounts.isEmpty())
            realHost();
        std::printf("\nAll scenarios (%d measured ticks each, %lld ms apart, 2 warm-up ticks first):\n", ticks,
                    qint64(gap.count()));
        print(rows);
        QVERIFY(!failed);
    }
};

QList<int> parseCounts(const QString &text)
{
    QList<int> counts;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        if (part.toInt() > 0)
            counts << part.toInt();
    }
    return counts;
}

}  // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    qputenv("QTEST_FUNCTION_TIMEOUT", "7200000");  // booting 20 TCG guests takes minutes
    if (qEnvironmentVariableIsEmpty("ATRIUM_SOURCE_DIR"))
        qputenv("ATRIUM_SOURCE_DIR", ATRIUM_BENCH_SOURCE_DIR);
    if (qEnvironmentVariableIsEmpty("ATRIUM_GUEST_IMAGE_DIR"))
        qputenv("ATRIUM_GUEST_IMAGE_DIR", ATRIUM_BENCH_GUEST_IMAGE_DIR);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Cost of one metrics tick (see the comment at the top of bench_sampler.cpp)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("real"), QStringLiteral("Real guest counts, cumulative (default 1,10,20; 0: none)."),
                      QStringLiteral("n,…"), QStringLiteral("1,10,20")});
    parser.addOption({QStringLiteral("test"), QStringLiteral("Domains on test:///default (default 1000; 0: none)."),
                      QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("ticks"), QStringLiteral("Measured ticks per scenario (default 60)."), QStringLiteral("n"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("gap-ms"), QStringLiteral("Pause between ticks (default 500)."), QStringLiteral("ms"),
                      QStringLiteral("500")});
    parser.process(app);

    Atrium::LibvirtEventLoop libvirtEvents;
    Bench bench;
    bench.realCounts = parseCounts(parser.value(QStringLiteral("real")));
    bench.testDomains = parser.value(QStringLiteral("test")).toInt();
    bench.ticks = std::max(1, parser.value(QStringLiteral("ticks")).toInt());
    bench.gap = std::chrono::milliseconds(std::max(0, parser.value(QStringLiteral("gap-ms")).toInt()));
    const char *testArgs[] = {argv[0], "-silent"};
    return QTest::qExec(&bench, 2, const_cast<char **>(testArgs));
}

#include "bench_sampler.moc"
