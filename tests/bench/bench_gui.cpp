// The desktop console at scale: time to first paint, to a filtered view, scroll
// frame time, resident memory and idle CPU with 100 / 1,000 / 10,000 workspaces.
//
//   bench_gui [--sizes 100,1000,10000] [--idle-seconds 10] [--running-percent 10]
//             [--history-ticks 1800] [--screenshot-dir DIR]
//
// Each size runs in two fresh processes of this same program: one seeds a
// catalog of N workspaces into a new SQLite store (one transaction), the other
// measures. The measuring process is what `atrium` is: a Runtime (store,
// libvirt's test:///default, engine, metrics sampler, REST API) and the real
// main window, shown (offscreen unless a display is set). Nothing carries over
// between sizes, so resident memory is each size's own.

#include "base/continuation.h"
#include "mainwindow.h"
#include "windowparts.h"
#include "runtime.h"

#include "catalog/catalogview.h"
#include "catalog/workspacefilterproxy.h"
#include "catalog/workspacelistmodel.h"
#include "model/workspacevalidator.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace Atrium;

namespace {

constexpr auto kResultTag = "BENCH_RESULT ";
constexpr auto kSpawnEnv = "ATRIUM_BENCH_SPAWN_NS";

qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// When this process began: the driver's clock reading just before it spawned
/// us, or else the kernel's start time (10 ms resolution).
qint64 processStartNs()
{
    if (const QByteArray spawned = qgetenv(kSpawnEnv); !spawned.isEmpty())
        return spawned.toLongLong();
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return monotonicNs();
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, in clock ticks since boot) counted after the ')' that ends the command name.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double startSeconds = fields.value(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double ageSeconds = double(boot.tv_sec) + boot.tv_nsec / 1e9 - startSeconds;
    return monotonicNs() - qint64(ageSeconds * 1e9);
}

double msSince(qint64 startNs)
{
    return double(monotonicNs() - startNs) / 1e6;
}

/// kB from /proc/self/status ("VmRSS", "VmHWM").
qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);  // every thread: GUI, libvirt workers, libvirt's event loop
    auto seconds = [](const timeval &t) { return double(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Time this process's threads spent runnable but waiting for a CPU (ms): what
/// other programs on a busy machine add to every wall-clock number here.
double runQueueWaitMs()
{
    double total = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + QStringLiteral("/schedstat")));
        if (stat.open(QIODevice::ReadOnly))
            total += stat.readAll().split(' ').value(1).toDouble() / 1e6;
    }
    return total;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::clamp(p / 100.0 * double(values.size() - 1) + 0.5, 0.0, double(values.size() - 1)));
    return values[rank];
}

void runEventLoop(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Runs the event loop until @p done or the timeout; true when done.
template <typename Predicate>
bool waitFor(Predicate done, std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    while (!done() && !deadline.hasExpired())
        QTest::qWait(1);
    return done();
}

// --- seeding -------------------------------------------------------------------

/// A catalog like a large site's: mostly VMs and TSPlus/RDP/web endpoints of
/// many teams, a few out of service or failed. Remote endpoints point at
/// loopback; none has health checks on, so nothing is contacted.
int seed(const QString &dataDir, int count)
{
    static const char *const teams[] = {"Finance", "Payroll", "Design", "Support", "Research", "Legal", "Sales",
                                        "Ops", "Training", "Data", "Security", "Marketing", "QA", "Build", "HR"};
    struct Kind {
        WorkspaceType type;
        ConnectionType connection;
        const char *icon;
        const char *purpose;
        int weight;
    };
    static const Kind kinds[] = {
        {WorkspaceType::Linux, ConnectionType::Vnc, "linux", "Linux", 30},
        {WorkspaceType::Windows, ConnectionType::Vnc, "windows", "Windows", 10},
        {WorkspaceType::Dev, ConnectionType::Vnc, "code", "dev box", 10},
        {WorkspaceType::Html5, ConnectionType::Html5, "sap", "TSPlus", 15},
        {WorkspaceType::Rdp, ConnectionType::Html5, "rdp", "RDP", 10},
        {WorkspaceType::Web, ConnectionType::Web, "panel", "panel", 15},
        {WorkspaceType::Browser, ConnectionType::Browser, "browser", "browser", 5},
        {WorkspaceType::Admin, ConnectionType::Web, "admin", "admin", 5},
    };
    std::vector<const Kind *> wheel;
    for (const Kind &k : kinds)
        wheel.insert(wheel.end(), size_t(k.weight), &k);

    auto store = Store::open(Runtime::databasePath(dataDir));
    if (!store) {
        QTextStream(stderr) << "bench_gui: " << store.error().message << Qt::endl;
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ChangeSet changes;
    changes.workspaces.reserve(count);
    for (int i = 0; i < count; ++i) {
        const Kind &kind = *wheel[size_t(i * 37) % wheel.size()];  // spread the kinds along the catalog
        const QString team = QString::fromLatin1(teams[i % std::size(teams)]);
        WorkspacePatch p;
        p.name = QStringLiteral("%1 %2 %3").arg(team, QString::fromLatin1(kind.purpose)).arg(i, 5, 10, QLatin1Char('0'));
        p.description = QStringLiteral("%1 team's %2 workspace, floor %3").arg(team, QString::fromLatin1(kind.purpose)).arg(i % 12);
        p.type = kind.type;
        p.connectionType = kind.connection;
        p.icon = QString::fromLatin1(kind.icon);
        p.requiresNetbird = false;
        p.cpus = 1 + i % 8;
        p.memoryMb = 1024 * (1 + i % 16);
        // The simulator's pool holds 100 GiB, and every started VM gets a disk there.
        p.storageMb = isVmType(kind.type) ? 64 : 10240 * (1 + i % 10);
        if (!isVmType(kind.type) && kind.type != WorkspaceType::Browser)
            p.url = QStringLiteral("http://127.0.0.1:%1/%2/%3").arg(8000 + i % 50).arg(team.toLower()).arg(i);
        Workspace w = applyPatch(Workspace{}, p);
        w.id = generateWorkspaceId();
        w.createdAt = w.updatedAt = now.addSecs(-(count - i));
        if (i % 29 == 3) {
            w.status = WorkspaceStatus::Stopped;  // taken out of service by an admin
        } else if (i % 53 == 7) {
            w.status = WorkspaceStatus::Error;
            w.statusMessage = QStringLiteral("the last launch failed: host refused the domain");
        }
        if (auto ok = validateWorkspace(w); !ok) {
            QTextStream(stderr) << "bench_gui: generated an invalid workspace: " << ok.error().message << Qt::endl;
            return 1;
        }
        changes.workspaces << std::move(w);
    }
    AuditEntry audit;
    audit.at = now;
    audit.action = QStringLiteral("seed_benchmark");
    audit.target = QStringLiteral("workspaces");
    audit.success = true;
    audit.detail = QStringLiteral("bench_gui seeded %1 workspaces").arg(count);
    changes.audit << audit;
    if (auto ok = (*store)->apply(changes); !ok) {
        QTextStream(stderr) << "bench_gui: " << ok.error().message << Qt::endl;
        return 1;
    }
    return 0;
}

// --- measuring -----------------------------------------------------------------

/// Notes when the catalog's viewport is painted with cards in it. The time is
/// taken when control is back in the event loop, i.e. after the paint (and the
/// flush of the window's backing store) finished.
class PaintProbe final : public QObject {
public:
    explicit PaintProbe(QListView *list)
        : m_list(list)
    {
        list->viewport()->installEventFilter(this);
    }

    /// Starts waiting for the next paint that shows cards; returns its time via paintedAtNs().
    void arm()
    {
        m_paintedAtNs = 0;
        m_armed = true;
    }
    qint64 paintedAtNs() const { return m_paintedAtNs; }
    int paints() const { return m_paints; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_list->viewport() && event->type() == QEvent::Paint) {
            ++m_paints;
            const QSize cell = m_list->gridSize();
            const bool cardsShown = m_list->indexAt(QPoint(cell.width() / 2, cell.height() / 2)).isValid();
            if (m_armed && cardsShown) {
                m_armed = false;
                QTimer::singleShot(0, this, [this] { m_paintedAtNs = monotonicNs(); });
            }
        }
        return false;
    }

private:
    QListView *m_list;
    bool m_armed = false;
    qint64 m_paintedAtNs = 0;
    int m_paints = 0;
};

struct MeasureOptions {
    QString dataDir;
    int idleSeconds = 10;
    int runningPercent = 10;
    QString screenshotDir;
    bool firstPaintOnly = false;
    int historyTicks = 1800;
};

void screenshot(QWidget &window, const MeasureOptions &options, int n, const char *what)
{
    if (options.screenshotDir.isEmpty())
        return;
    QDir().mkpath(options.screenshotDir);
    window.grab().save(QDir(options.screenshotDir).filePath(QStringLiteral("bench_gui-%1-%2.png").arg(n).arg(QLatin1String(what))));
}

int measure(int &argc, char **argv, const MeasureOptions &options)
{
    const qint64 startNs = processStartNs();
    QJsonObject r;
    r[QStringLiteral("mainMs")] = msSince(startNs);  // exec, dynamic linking, static initialisers
    QApplication app(argc, argv);
    r[QStringLiteral("platform")] = QApplication::platformName();
    r[QStringLiteral("appReadyMs")] = msSince(startNs);

    RuntimeOptions runtimeOptions;
    runtimeOptions.dataDir = options.dataDir;
    runtimeOptions.hostUris = {QStringLiteral("test:///default")};
    auto runtime = Runtime::create(runtimeOptions);
    if (!runtime) {
        QTextStream(stderr) << "bench_gui: " << runtime.error().message << Qt::endl;
        return 1;
    }
    Engine &engine = (*runtime)->engine();
    const int n = engine.workspaceCount();
    r[QStringLiteral("workspaces")] = n;
    r[QStringLiteral("engineReadyMs")] = msSince(startNs);
    auto identity = (*runtime)->tokens().localAdmin();
    if (!identity) {
        QTextStream(stderr) << "bench_gui: " << identity.error().message << Qt::endl;
        return 1;
    }
    Actor actor;
    actor.identity = *identity;
    actor.client = QStringLiteral("desktop");
    actor.clientAddress = QStringLiteral("local");
    // As `atrium` does: the API listens while the window is open.
    auto port = (*runtime)->startApi(QHostAddress::LocalHost, 0);
    if (!port) {
        QTextStream(stderr) << "bench_gui: " << port.error().message << Qt::endl;
        return 1;
    }

    // --- time to first paint
    Ui::MainWindow window(engine, &(*runtime)->metrics(), actor, (*runtime)->api()->server().baseUrl());
    QListView *list = Testing::catalogOf(window)->listView();
    r[QStringLiteral("windowBuiltMs")] = msSince(startNs);
    PaintProbe probe(list);
    probe.arm();
    window.show();
    r[QStringLiteral("windowShownMs")] = msSince(startNs);
    if (!waitFor([&] { return probe.paintedAtNs() != 0; }, std::chrono::seconds(60))) {
        QTextStream(stderr) << "bench_gui: the catalog was never painted with cards" << Qt::endl;
        return 1;
    }
    r[QStringLiteral("firstPaintMs")] = double(probe.paintedAtNs() - startNs) / 1e6;
    r[QStringLiteral("firstPaintCpuMs")] = cpuSeconds() * 1000.0;  // the same, as CPU time: what a busy machine does not inflate
    r[QStringLiteral("firstPaintRunQueueMs")] = runQueueWaitMs();
    if (options.firstPaintOnly) {  // for profiling start-up
        QTextStream(stdout) << kResultTag << QJsonDocument(r).toJson(QJsonDocument::Compact) << Qt::endl;
        return 0;
    }
    runEventLoop(std::chrono::milliseconds(500));  // the list lays out its remaining batches
    r[QStringLiteral("rssLoadKb")] = statusKb("VmRSS");
    screenshot(window, options, n, "loaded");

    // --- filtered view: type into the search box as a person does, one key at a time,
    // each key's filtering painted before the next (the worst key is what a person feels)
    const QString search = QStringLiteral("payroll windows 1");
    Ui::WorkspaceFilterProxy *proxy = Testing::proxyOf(*Testing::catalogOf(window));
    QLineEdit *searchBox = Testing::searchBoxOf(*Testing::catalogOf(window));
    searchBox->setFocus();
    std::vector<double> keys;
    for (const QChar c : search) {
        probe.arm();
        const qint64 keyNs = monotonicNs();
        QTest::keyClick(searchBox, c.toLatin1());
        const qint64 handledNs = monotonicNs();
        // A key that leaves the words as they were (the space) repaints no card.
        const bool painted = waitFor([&] { return probe.paintedAtNs() != 0; }, std::chrono::milliseconds(300));
        keys.push_back(double((painted ? probe.paintedAtNs() : handledNs) - keyNs) / 1e6);
    }
    if (proxy->rowCount() == 0 || proxy->rowCount() == n) {
        QTextStream(stderr) << "bench_gui: the search filtered nothing, or everything" << Qt::endl;
        return 1;
    }
    r[QStringLiteral("filterMs")] = double(std::accumulate(keys.begin(), keys.end(), 0.0));  // typing, minus a person's pauses
    r[QStringLiteral("filterKeyP50Ms")] = percentile(keys, 50);
    r[QStringLiteral("filterKeyMaxMs")] = *std::max_element(keys.begin(), keys.end());
    r[QStringLiteral("filterText")] = search;
    r[QStringLiteral("filterShown")] = proxy->rowCount();
    screenshot(window, options, n, "filtered");
    probe.arm();
    const qint64 clearedNs = monotonicNs();
    searchBox->clear();
    waitFor([&] { return probe.paintedAtNs() != 0; }, std::chrono::seconds(60));
    r[QStringLiteral("unfilterMs")] = double(probe.paintedAtNs() - clearedNs) / 1e6;
    runEventLoop(std::chrono::milliseconds(300));

    // --- scrolling: through the whole list a page at a time, each frame painted at once
    QScrollBar *bar = list->verticalScrollBar();
    std::vector<double> frames;
    const int step = std::max(1, bar->pageStep());
    for (int value = 0; value <= bar->maximum(); value += step) {
        const qint64 t = monotonicNs();
        bar->setValue(value);
        list->viewport()->repaint();
        frames.push_back(double(monotonicNs() - t) / 1e6);
    }
    r[QStringLiteral("scrollFrames")] = int(frames.size());
    r[QStringLiteral("scrollP50Ms")] = percentile(frames, 50);
    r[QStringLiteral("scrollP99Ms")] = percentile(frames, 99);
    r[QStringLiteral("scrollMaxMs")] = frames.empty() ? 0 : *std::max_element(frames.begin(), frames.end());
    bar->setValue(0);
    r[QStringLiteral("rssAfterScrollKb")] = statusKb("VmRSS");

    // --- a share of the VMs running on the simulator, started through the engine
    QStringList vms;
    for (const Workspace &w : engine.workspaces()) {
        if (w.provider() == ProviderKind::Libvirt && w.status == WorkspaceStatus::Available)
            vms << w.id;
    }
    const int wanted = std::min<int>(int(vms.size()), n * options.runningPercent / 100);
    const double stride = wanted > 0 ? double(vms.size()) / wanted : 1;
    int started = 0;
    int failed = 0;
    QString firstFailure;
    const qint64 launchNs = monotonicNs();
    for (int i = 0; i < wanted; ++i) {
        continueOn(engine.startWorkspace(actor, vms.at(int(i * stride))), &app, [&](const Result<Workspace> &done) {
            ++(done ? started : failed);
            if (!done && firstFailure.isEmpty())
                firstFailure = done.error().message;
        });
    }
    waitFor([&] { return started + failed == wanted; }, std::chrono::seconds(600));
    r[QStringLiteral("running")] = started;
    r[QStringLiteral("startFailures")] = failed;
    if (failed > 0)
        r[QStringLiteral("firstStartFailure")] = firstFailure;
    r[QStringLiteral("startAllMs")] = msSince(launchNs);
    if (started > 0)
        Testing::catalogOf(window)->selectWorkspace(vms.at(0));  // the detail panel's charts follow it live
    runEventLoop(std::chrono::milliseconds(2500));  // one metrics tick with every domain running

    // --- idle: the event loop, the metrics sampler, libvirt events and every status signal live
    const int paintsBefore = probe.paints();
    const int ticksBefore = (*runtime)->metrics().ticksCompleted();
    const double cpuBefore = cpuSeconds();
    const qint64 idleNs = monotonicNs();
    runEventLoop(std::chrono::seconds(options.idleSeconds));
    const double wall = double(monotonicNs() - idleNs) / 1e9;
    r[QStringLiteral("idleCpuPercent")] = (cpuSeconds() - cpuBefore) / wall * 100.0;
    r[QStringLiteral("idleSeconds")] = wall;
    r[QStringLiteral("idlePaints")] = probe.paints() - paintsBefore;
    r[QStringLiteral("idleTicks")] = (*runtime)->metrics().ticksCompleted() - ticksBefore;
    const SamplerTickCost tick = (*runtime)->metrics().lastTickCost();
    r[QStringLiteral("tickDomains")] = tick.domains;
    r[QStringLiteral("tickCpuMs")] = double(tick.cpuNs()) / 1e6;
    r[QStringLiteral("rssEndKb")] = statusKb("VmRSS");
    r[QStringLiteral("hwmKb")] = statusKb("VmHWM");
    screenshot(window, options, n, "running");

    // --- an hour of metrics: the sampler's ring fills (1,800 ticks at 2 s), back to back
    if (options.historyTicks > 0 && started > 0) {
        MetricsSampler &sampler = (*runtime)->metrics();
        sampler.stop();  // its timer; the ticks below are driven by hand
        const qint64 fillNs = monotonicNs();
        for (int i = 0; i < options.historyTicks; ++i) {
            const int before = sampler.ticksCompleted();
            sampler.tick();
            if (!waitFor([&] { return sampler.ticksCompleted() > before; }, std::chrono::seconds(30)))
                break;
        }
        r[QStringLiteral("historyTicks")] = options.historyTicks;
        r[QStringLiteral("historyFillMs")] = msSince(fillNs);
        r[QStringLiteral("rssHistoryKb")] = statusKb("VmRSS");
        r[QStringLiteral("hwmHistoryKb")] = statusKb("VmHWM");
    }

    QTextStream(stdout) << kResultTag << QJsonDocument(r).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}

// --- driving -----------------------------------------------------------------

/// Runs this program again with @p arguments; returns its BENCH_RESULT (empty on failure).
QJsonObject runChild(const QStringList &arguments, const QProcessEnvironment &env, bool expectResult)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment withClock = env;
    withClock.insert(QString::fromLatin1(kSpawnEnv), QString::number(monotonicNs()));  // "process start" for the child
    child.setProcessEnvironment(withClock);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    if (!child.waitForFinished(30 * 60 * 1000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        QTextStream(stderr) << "bench_gui: " << arguments.join(u' ') << " failed (exit " << child.exitCode() << ")" << Qt::endl;
        return {};
    }
    const QByteArray out = child.readAllStandardOutput();
    if (!expectResult)
        return {{QStringLiteral("ok"), true}};
    const qsizetype at = out.lastIndexOf(kResultTag);
    if (at < 0)
        return {};
    const QByteArray json = out.mid(at + qsizetype(strlen(kResultTag))).split('\n').value(0);
    return QJsonDocument::fromJson(json).object();
}

int drive(const QList<int> &sizes, const MeasureOptions &options)
{
    QTextStream out(stdout);
    out << "Atrium desktop console at scale: " << sysconf(_SC_NPROCESSORS_ONLN) << " cores, libvirt test:///default, "
        << options.runningPercent << "% of workspaces running VMs, idle over " << options.idleSeconds << " s, "
        << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << Qt::endl;
    std::vector<QJsonObject> results;
    for (int n : sizes) {
        QTemporaryDir dir(QDir::temp().filePath(QStringLiteral("atrium-bench-gui-XXXXXX")));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_NO_GLIB"), QStringLiteral("1"));
        if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")) && !env.contains(QStringLiteral("DISPLAY")))
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The user's own settings (window geometry, pictures) stay out of it.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("share")));
        const QString data = dir.filePath(QStringLiteral("data"));
        QElapsedTimer seeding;
        seeding.start();
        if (runChild({QStringLiteral("--seed"), QString::number(n), QStringLiteral("--data-dir"), data}, env, false).isEmpty())
            return 1;
        const qint64 seedMs = seeding.elapsed();
        QStringList args{QStringLiteral("--measure"), QStringLiteral("--data-dir"), data,
                         QStringLiteral("--idle-seconds"), QString::number(options.idleSeconds),
                         QStringLiteral("--running-percent"), QString::number(options.runningPercent),
                         QStringLiteral("--history-ticks"), QString::number(options.historyTicks)};
        if (!options.screenshotDir.isEmpty())
            args << QStringLiteral("--screenshot-dir") << options.screenshotDir;
        QJsonObject result = runChild(args, env, true);
        if (result.isEmpty())
            return 1;
        result[QStringLiteral("seedMs")] = double(seedMs);
        out << "  " << n << " workspaces: " << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
        results.push_back(result);
    }

    auto num = [](const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toDouble(); };
    auto ms = [&num](const QJsonObject &o, const char *key) {
        return QString(QString::number(num(o, key), 'f', 0) + QStringLiteral(" ms"));
    };
    auto mb = [&num](const QJsonObject &o, const char *key) {
        return QString(QString::number(num(o, key) / 1024.0, 'f', 0) + QStringLiteral(" MB"));
    };
    out << Qt::endl;
    out << "| workspaces | VMs running | first paint | search typed: slowest key / all keys | scroll frame p50 / p99 / max "
           "| RSS after load | RSS with VMs running (peak) | idle CPU, 1 core | RSS after "
        << (options.historyTicks == 1800 ? QStringLiteral("1 h of metrics") : QStringLiteral("%1 metrics ticks").arg(options.historyTicks))
        << " |"
        << Qt::endl;
    out << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" << Qt::endl;
    for (const QJsonObject &o : results) {
        const QStringList cells{
            QLocale(QLocale::English).toString(int(num(o, "workspaces"))),
            QLocale(QLocale::English).toString(int(num(o, "running"))),
            QStringLiteral("%1 (CPU %2)").arg(ms(o, "firstPaintMs"), ms(o, "firstPaintCpuMs")),
            QStringLiteral("%1 / %2 (%3 shown)").arg(ms(o, "filterKeyMaxMs"), ms(o, "filterMs")).arg(int(num(o, "filterShown"))),
            QStringLiteral("%1 / %2 / %3 ms")
                .arg(num(o, "scrollP50Ms"), 0, 'f', 1)
                .arg(num(o, "scrollP99Ms"), 0, 'f', 1)
                .arg(num(o, "scrollMaxMs"), 0, 'f', 1),
            mb(o, "rssLoadKb"),
            QStringLiteral("%1 (%2)").arg(mb(o, "rssEndKb"), mb(o, "hwmKb")),
            QStringLiteral("%1 %").arg(num(o, "idleCpuPercent"), 0, 'f', 2),
            o.contains(QStringLiteral("rssHistoryKb")) ? mb(o, "rssHistoryKb") : QStringLiteral("-"),
        };
        out << "| " << cells.join(QStringLiteral(" | ")) << " |" << Qt::endl;
    }
    // Other programs on a shared machine stretch every wall-clock number above: say by how much.
    out << Qt::endl << "Waiting for a CPU before the first paint (other programs' load):";
    for (const QJsonObject &o : results)
        out << " " << int(num(o, "workspaces")) << ": " << ms(o, "firstPaintRunQueueMs") << ";";
    out << Qt::endl;
    return 0;
}

QList<int> parseSizes(const QString &text)
{
    QList<int> sizes;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = part.trimmed().toInt(&ok);
        if (!ok || n < 1)
            return {};
        sizes << n;
    }
    return sizes;
}

}  // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");  // libvirt owns GLib's default main context
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    auto value = [&args](const char *name, const QString &fallback = {}) {
        const int at = int(args.indexOf(QLatin1String(name)));
        return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
    };
    MeasureOptions options;
    options.dataDir = value("--data-dir");
    options.idleSeconds = value("--idle-seconds", QStringLiteral("10")).toInt();
    options.runningPercent = value("--running-percent", QStringLiteral("10")).toInt();
    options.screenshotDir = value("--screenshot-dir");
    options.firstPaintOnly = args.contains(QStringLiteral("--first-paint-only"));
    options.historyTicks = value("--history-ticks", QStringLiteral("1800")).toInt();
    if (args.contains(QStringLiteral("--help"))) {
        QTextStream(stdout) << "usage: bench_gui [--sizes 100,1000,10000] [--idle-seconds 10] [--running-percent 10] "
                               "[--history-ticks 1800] [--screenshot-dir DIR]\n";
        return 0;
    }
    if (args.contains(QStringLiteral("--seed"))) {
        QCoreApplication app(argc, argv);
        return seed(options.dataDir, value("--seed").toInt());
    }
    if (args.contains(QStringLiteral("--measure")))
        return measure(argc, argv, options);

    QCoreApplication app(argc, argv);
    const QList<int> sizes = parseSizes(value("--sizes", QStringLiteral("100,1000,10000")));
    if (sizes.isEmpty() || options.idleSeconds < 1 || options.runningPercent < 0 || options.runningPercent > 100) {
        QTextStream(stderr) << "bench_gui: bad arguments (see --help)" << Qt::endl;
        return 2;
    }
    return drive(sizes, options);
}
