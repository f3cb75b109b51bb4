// What an open web viewer costs in memory: Atrium's own process and Chromium's
// helper processes (zygotes, renderers), before any viewer, with 1 and with 3
// viewers on a page served on 127.0.0.1, and after they close.
//
//   QT_QPA_PLATFORM=offscreen bench_webviewer [--browser]
//
// --browser opens `browser`-type viewers (off-the-record profiles) instead of
// `web` ones (named profiles on disk). RSS counts shared pages in every process
// that maps them; PSS splits them, so the PSS total is the fairer sum.

#include "loopbacksite.h"
#include "model/workspace.h"
#include "viewer/webengineenvironment.h"
#include "viewer/webprofiles.h"
#include "viewer/websessionview.h"
#include "viewer/webviewerwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Atrium;

namespace {

qint64 statusField(const QString &file, QByteArrayView field)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();  // kB
    }
    return 0;
}

/// The processes started by this one, directly or not (Chromium's helpers).
QList<qint64> descendants()
{
    QHash<qint64, QList<qint64>> children;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // "pid (comm) state ppid …": comm may hold spaces, so split after its ')'.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        children[fields.value(1).toLongLong()] << pid;
    }
    QList<qint64> found;
    QList<qint64> queue{QCoreApplication::applicationPid()};
    while (!queue.isEmpty()) {
        for (qint64 child : children.value(queue.takeFirst())) {
            found << child;
            queue << child;
        }
    }
    return found;
}

struct Memory {
    qint64 selfRss = 0;
    qint64 helpersRss = 0;
    qint64 totalPss = 0;
    int helpers = 0;
};

Memory measure()
{
    Memory m;
    m.selfRss = statusField(QStringLiteral("/proc/self/status"), "VmRSS:");
    m.totalPss = statusField(QStringLiteral("/proc/self/smaps_rollup"), "Pss:");
    for (qint64 pid : descendants()) {
        m.helpersRss += statusField(QStringLiteral("/proc/%1/status").arg(pid), "VmRSS:");
        m.totalPss += statusField(QStringLiteral("/proc/%1/smaps_rollup").arg(pid), "Pss:");
        ++m.helpers;
    }
    return m;
}

QString mb(qint64 kb)
{
    return QString::number(double(kb) / 1024.0, 'f', 1);
}

QString signedMb(qint64 kb)
{
    return (kb >= 0 ? QStringLiteral("+") : QString()) + mb(kb);
}

void print(const char *label, const Memory &m, const Memory &base)
{
    std::printf("%-13s Atrium RSS %6s MB (%7s)   %2d helper processes, RSS %6s MB   PSS all %6s MB (%7s)\n", label,
                qPrintable(mb(m.selfRss)), qPrintable(signedMb(m.selfRss - base.selfRss)), m.helpers,
                qPrintable(mb(m.helpersRss)), qPrintable(mb(m.totalPss)), qPrintable(signedMb(m.totalPss - base.totalPss)));
}

void settle()
{
    QTest::qWait(2000);  // renderers finish starting and painting
}

}  // namespace

int main(int argc, char *argv[])
{
    Ui::prepareWebEngine();
    qputenv("QT_NO_GLIB", "1");
    QApplication app(argc, argv);
    const bool browser = app.arguments().contains(QStringLiteral("--browser"));
    Testing::LoopbackSite site;
    QTemporaryDir dir;
    Ui::WebProfiles profiles(dir.path());

    std::vector<std::unique_ptr<Ui::WebViewerWindow>> windows;
    auto open = [&] {
        Workspace w;
        w.id = QStringLiteral("ws-bench-%1").arg(windows.size() + 1);
        w.name = w.id;
        w.type = browser ? WorkspaceType::Browser : WorkspaceType::Web;
        w.url = site.url();
        auto window = std::make_unique<Ui::WebViewerWindow>(w, profiles);
        QSignalSpy loaded(window->sessionView(), &Ui::WebSessionView::loadFinished);
        window->show();
        if (!loaded.wait(30000) || !loaded.first().first().toBool())
            qFatal("the page did not load in viewer %d", int(windows.size() + 1));
        windows.push_back(std::move(window));
    };

    std::printf("web viewers (%s) on %s, platform %s\n",
                browser ? "browser type, off-the-record profiles" : "web type, named profiles on disk",
                qPrintable(site.url()), qPrintable(QApplication::platformName()));
    QTest::qWait(200);
    const Memory base = measure();
    print("no viewer", base, base);
    open();
    settle();
    const Memory one = measure();
    print("1 viewer", one, base);
    open();
    open();
    settle();
    const Memory three = measure();
    print("3 viewers", three, base);
    std::printf("each viewer after the first: Atrium RSS %+.1f MB, PSS all %+.1f MB\n",
                double(three.selfRss - one.selfRss) / 2048.0, double(three.totalPss - one.totalPss) / 2048.0);
    windows.clear();
    settle();
    print("closed again", measure(), base);
    return 0;
}
