// The VM console, measured against a real guest on the test harness's own
// libvirtd + QEMU (TCG; tests/integration/libvirtd-harness.sh, needs root):
//
//   - Launch → first VNC frame: from Engine::launchWorkspace (what the Launch
//     button calls) to the domain running, the viewer connected, the first
//     non-black frame, and the guest's banner on its serial console. One fresh
//     workspace per run; p50 and max over the runs.
//   - Memory per open viewer: this process's resident memory with no viewer,
//     with one, and with N, all on one running guest (QEMU serves several VNC
//     clients), each connected and showing the guest's console.
//
//   bench_viewer [--runs 5] [--viewers 5]
//
// Prints a Markdown table. Offscreen unless QT_QPA_PLATFORM says otherwise.

#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "providers/libvirteventloop.h"
#include "realhypervisor.h"
#include "residentmemory.h"
#include "testsupport.h"
#include "viewer/sessionviewers.h"
#include "viewer/vncclient.h"
#include "viewer/vncviewerwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::SessionViewers;
using Atrium::Ui::VncViewerWindow;

namespace {

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::System).size());
}

bool lit(const QImage &frame)
{
    qint64 count = 0;
    for (int y = 0; y < frame.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(frame.constScanLine(y));
        for (int x = 0; x < frame.width(); ++x)
            count += qGray(line[x]) > 40;
    }
    return !frame.isNull() && count * 1000 > qint64(frame.width()) * frame.height();  // > 0.1 %
}

/// Runs the event loop until @p done or @p timeoutMs; false on timeout.
template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(5);
    }
    return true;
}

bool serialHas(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.readAll().contains(text.toUtf8());
}

struct Run {
    qint64 running = 0, connected = 0, firstFrame = 0, banner = 0;
};

qint64 percentile(std::vector<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::size_t(p * double(values.size() - 1) + 0.5)];
}

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_viewer: %s\n", qPrintable(why));
    std::exit(1);
}

}  // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("ATRIUM_SOURCE_DIR"))
        qputenv("ATRIUM_SOURCE_DIR", ATRIUM_SOURCE_DIR);
    if (qEnvironmentVariableIsEmpty("ATRIUM_GUEST_IMAGE_DIR"))
        qputenv("ATRIUM_GUEST_IMAGE_DIR", ATRIUM_GUEST_IMAGE_DIR);
    QApplication app(argc, argv);
    LibvirtEventLoop libvirtEvents;

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Launches to time."), QStringLiteral("n"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("viewers"), QStringLiteral("Viewers open at once for memory."), QStringLiteral("n"),
                      QStringLiteral("5")});
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const int viewerCount = std::max(1, parser.value(QStringLiteral("viewers")).toInt());

    RealHypervisor hypervisor;
    if (!hypervisor.start())
        die(QStringLiteral("cannot start the private libvirtd: ") + hypervisor.error());
    if (!hypervisor.buildGuestImage())
        die(hypervisor.error());
    const EngineOptions options = RealHypervisor::engineOptions();
    const HostOptions hostOptions = hypervisor.hostOptions();
    EngineFixture f(QStringList{hypervisor.uri()}, options, QString(kNoTunnelInterface), hostOptions);
    Engine &engine = *f.engine;
    auto viewers = std::make_unique<SessionViewers>(engine, f.admin);

    auto createGuest = [&](int n) {
        WorkspacePatch patch = smallVm(QStringLiteral("Bench guest %1").arg(n));
        patch.image = QString(ImageCatalog::kDefaultImageId);
        patch.storageMb = 64;
        auto created = engine.createWorkspace(f.admin, patch);
        if (!created)
            die(created.error().message);
        return created->id;
    };
    auto serialOf = [&](const QString &id) -> QString {
        const QString domain = engine.workspace(id).value_or(Workspace{}).domainName;
        return QDir(hypervisor.directory() + QStringLiteral("/pool")).filePath(serialLogVolumeName(domain));
    };

    // --- Memory per open viewer --------------------------------------------------------
    // First, in a process that has shown no viewer yet: the first one carries
    // one-time costs (widgets, fonts, libvncclient), the others only their own.
    const QString id = createGuest(99);
    const auto launched = await(engine.launchWorkspace(f.admin, id), std::chrono::seconds(180));
    if (!launched || !*launched)
        die(QStringLiteral("launch failed"));
    const QString serial = serialOf(id);
    waitFor([&] { return serialHas(serial, QStringLiteral("ATRIUM-GUEST-READY")); }, 120000);
    QTest::qWait(1000);
    const qint64 rss0 = residentKiB();
    viewers->open((*launched)->session);
    std::vector<std::unique_ptr<VncViewerWindow>> more;
    auto *first = qobject_cast<VncViewerWindow *>(viewers->viewer(id));
    auto shows = [](VncViewerWindow *w) {
        return w->status() == VncViewerWindow::Status::Connected && lit(w->client()->frame());
    };
    if (!waitFor([&] { return shows(first); }, 60000))
        die(QStringLiteral("the first viewer shows nothing"));
    QTest::qWait(1000);
    const qint64 rss1 = residentKiB();
    const Workspace workspace = *engine.workspace(id);
    for (int i = 1; i < viewerCount; ++i) {
        more.push_back(std::make_unique<VncViewerWindow>(engine, f.admin, workspace));
        more.back()->show();
        if (!waitFor([&] { return shows(more.back().get()); }, 60000))
            die(QStringLiteral("viewer %1 shows nothing").arg(i + 1));
    }
    QTest::qWait(1000);
    const qint64 rssN = residentKiB();
    more.clear();
    first->close();
    if (!await(engine.deleteWorkspace(f.admin, id), std::chrono::seconds(60)))
        die(QStringLiteral("cannot delete the bench guest"));
    QTest::qWait(200);  // deferred deletes

    // --- Launch → first frame --------------------------------------------------------
    const int descriptorsBefore = openDescriptors();
    std::vector<Run> results;
    for (int i = 0; i < runs + 1; ++i) {  // run 0 (the image is already in the pool) is not counted
        const QString id = createGuest(i);
        Run run;
        QElapsedTimer timer;
        timer.start();
        const auto launched = await(engine.launchWorkspace(f.admin, id), std::chrono::seconds(180));
        if (!launched || !*launched)
            die(QStringLiteral("launch failed: ") + (launched ? launched->error().message : QStringLiteral("timeout")));
        run.running = timer.elapsed();
        viewers->open((*launched)->session);  // as MainWindow::launch does
        auto *window = qobject_cast<VncViewerWindow *>(viewers->viewer(id));
        if (!window || !waitFor([&] { return window->status() == VncViewerWindow::Status::Connected; }, 60000))
            die(QStringLiteral("the viewer did not connect: ") + (window ? window->statusText() : QString()));
        run.connected = timer.elapsed();
        if (!waitFor([&] { return lit(window->client()->frame()); }, 120000))
            die(QStringLiteral("the console stayed black"));
        run.firstFrame = timer.elapsed();
        const QString serial = serialOf(id);
        if (!waitFor([&] { return serialHas(serial, QStringLiteral("ATRIUM-GUEST-READY")); }, 120000))
            die(QStringLiteral("no guest banner"));
        run.banner = timer.elapsed();
        if (i > 0)
            results.push_back(run);
        window->close();  // disconnects the session
        if (!await(engine.deleteWorkspace(f.admin, id), std::chrono::seconds(60)))
            die(QStringLiteral("cannot delete the bench guest"));
        QTest::qWait(100);  // deferred deletes
        std::fprintf(stderr, "run %d%s: running %lld ms, connected %lld ms, first frame %lld ms, banner %lld ms; %d fds open\n",
                     i, i == 0 ? " (warm-up)" : "", run.running, run.connected, run.firstFrame, run.banner, openDescriptors());
    }
    QTest::qWait(200);  // deferred deletes
    const int descriptorsAfter = openDescriptors();

    // --- Report -------------------------------------------------------------------------
    auto column = [&](qint64 Run::*field) {
        std::vector<qint64> v;
        for (const Run &r : results)
            v.push_back(r.*field);
        return v;
    };
    std::printf("| Launch → … (%d runs, TCG guest, offscreen) | p50 | max |\n|---|---|---|\n", int(results.size()));
    const std::pair<const char *, qint64 Run::*> rows[] = {{"domain running (launch finished)", &Run::running},
                                                           {"VNC connected (RFB handshake done)", &Run::connected},
                                                           {"first non-black VNC frame", &Run::firstFrame},
                                                           {"guest banner on its serial console", &Run::banner}};
    for (const auto &[label, field] : rows)
        std::printf("| %s | %lld ms | %lld ms |\n", label, percentile(column(field), 0.5), percentile(column(field), 1.0));
    std::printf("\n| Resident memory of the console process | MB |\n|---|---|\n");
    std::printf("| no viewer open | %.1f |\n", rss0 / 1024.0);
    std::printf("| 1 viewer (720×400 guest console) | %.1f (+%.1f) |\n", rss1 / 1024.0, (rss1 - rss0) / 1024.0);
    std::printf("| %d viewers | %.1f (+%.1f; +%.1f per viewer after the first) |\n", viewerCount, rssN / 1024.0,
                (rssN - rss0) / 1024.0, viewerCount > 1 ? (rssN - rss1) / 1024.0 / (viewerCount - 1) : 0.0);
    std::printf("\nfile descriptors: %d before the launches, %d after (all viewers closed)\n", descriptorsBefore, descriptorsAfter);
    return 0;
}
