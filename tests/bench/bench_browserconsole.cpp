// The browser console against the desktop viewer, on one real guest (TCG, on the harness's
// libvirtd + QEMU; needs root and chromium):
//
//   - Key → screen: a key typed at the guest's shell until the screen that shows it. In the
//     browser (noVNC in headless Chromium): keydown to the first animation frame whose canvas
//     differs, timed in the page (so in steps of one frame, ~16 ms). In the desktop viewer
//     (libvncclient): the key event to the first changed frame, polled every millisecond.
//   - Memory: Atrium's resident memory per open browser console (K more consoles on the same
//     session, each a WebSocket relaying the guest's VNC), and Chromium's with the page open.
//
//   bench_browserconsole [--keys 40] [--consoles 10]

#include "apifixture.h"
#include "residentmemory.h"
#include "guestoutput.h"
#include "headlesschromium.h"
#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "providers/libvirteventloop.h"
#include "realhypervisor.h"
#include "viewer/sessionviewers.h"
#include "viewer/vncclient.h"
#include "viewer/vncview.h"
#include "viewer/vncviewerwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::SessionViewers;
using Atrium::Ui::VncViewerWindow;

namespace {

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_browserconsole: %s\n", qPrintable(why));
    std::exit(1);
}

QString row(QList<double> ms)
{
    if (ms.isEmpty())
        return QStringLiteral("no samples |  |  ");
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms.at(std::min<qsizetype>(ms.size() - 1, qsizetype(q * ms.size()))); };
    return QStringLiteral("%1 ms | %2 ms | %3 ms").arg(at(0.5), 0, 'f', 1).arg(at(0.99), 0, 'f', 1).arg(ms.last(), 0, 'f', 1);
}

// Times, in the page, each keydown until the first animation frame whose canvas differs.
const char kLatencyProbe[] = R"((() => {
  const c = document.querySelector('#screen canvas');
  const ctx = c.getContext('2d');
  const sig = () => { const d = ctx.getImageData(0, 0, c.width, c.height).data; let h = 0;
                      for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i]) | 0; return h; };
  window.__lat = []; window.__pending = null;
  document.addEventListener('keydown', () => { window.__pending = { t: performance.now(), s: sig() }; }, true);
  const loop = () => { const p = window.__pending;
                       if (p && sig() !== p.s) { window.__lat.push(performance.now() - p.t); window.__pending = null; }
                       requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  return true; })())";

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
    parser.addOption({QStringLiteral("keys"), QStringLiteral("Keys timed per viewer."), QStringLiteral("n"), QStringLiteral("40")});
    parser.addOption({QStringLiteral("consoles"), QStringLiteral("Extra consoles for memory."), QStringLiteral("n"), QStringLiteral("10")});
    parser.process(app);
    const int keys = std::max(2, parser.value(QStringLiteral("keys")).toInt());
    const int consoles = std::max(1, parser.value(QStringLiteral("consoles")).toInt());

    RealHypervisor hypervisor;
    if (!hypervisor.start())
        die(QStringLiteral("cannot start the private libvirtd: ") + hypervisor.error());
    if (!hypervisor.buildGuestImage())
        die(hypervisor.error());
    ApiFixture f(RealHypervisor::engineOptions(), Api::ApiOptions{}, QString(kNoTunnelInterface), QStringList{hypervisor.uri()},
                 hypervisor.hostOptions());
    WorkspacePatch patch = smallVm(QStringLiteral("Bench guest"));
    patch.image = QString(ImageCatalog::kDefaultImageId);
    patch.storageMb = 64;
    const QString id = must(f.engine.engine->createWorkspace(f.engine.admin, patch)).id;
    const HttpResponse launched = f.client().send("POST", QStringLiteral("/api/workspaces/%1/launch").arg(id), {}, f.bearer(f.user),
                                                  std::chrono::seconds(180));
    if (launched.status != 200)
        die(QString::fromUtf8(launched.body));
    const QString session = launched.object().value(QStringLiteral("session_id")).toString();
    const QString serial = hypervisor.directory() + QStringLiteral("/pool/") + serialLogVolumeName(f.engine.engine->workspace(id)->domainName);
    if (waitForText(serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(120)) < 0)
        die(QStringLiteral("no guest banner"));

    // --- The browser ---------------------------------------------------------------------
    HeadlessChromium browser;
    if (!browser.start())
        die(browser.error());
    const qint64 chromiumBlank = browser.memoryKiB();
    if (!browser.navigate(QStringLiteral("http://127.0.0.1:%1").arg(f.port) + launched.object().value(QStringLiteral("viewer_url")).toString())
        || !browser.waitFor(QStringLiteral("document.getElementById('status').textContent === 'Connected'"), 60000))
        die(QStringLiteral("the browser console did not connect"));
    QTest::qWait(2000);
    const qint64 chromiumConsole = browser.memoryKiB();
    if (!browser.evaluate(QString::fromLatin1(kLatencyProbe)).toBool())
        die(QStringLiteral("cannot install the latency probe"));
    for (int i = 0; i < keys; ++i) {
        const int before = browser.evaluate(QStringLiteral("window.__lat.length")).toInt();
        browser.type(i % 2 ? QStringLiteral("\b") : QStringLiteral("a"), false);
        if (!browser.waitFor(QStringLiteral("window.__lat.length > %1").arg(before), 5000))
            std::fprintf(stderr, "key %d: no change on the page within 5 s\n", i);
        QTest::qWait(50);
    }
    QList<double> browserMs;
    for (const QJsonValue &v : browser.evaluate(QStringLiteral("window.__lat")).toArray())
        browserMs << v.toDouble();

    // --- The desktop viewer, on the same session -----------------------------------------
    SessionViewers viewers(*f.engine.engine, f.actorOf(f.user));
    viewers.open(must(f.engine.engine->visibleSession(f.actorOf(f.user), session)));
    auto *window = qobject_cast<VncViewerWindow *>(viewers.viewer(id));
    if (!window || !QTest::qWaitFor([&] { return window->status() == VncViewerWindow::Status::Connected
                                                 && litShare(window->client()->frame()) > 0.001; }, 60000))
        die(QStringLiteral("the desktop viewer did not connect"));
    QTest::qWait(1000);
    QList<double> desktopMs;
    for (int i = 0; i < keys; ++i) {
        const QImage before = window->client()->frame().copy();
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(window->view(), i % 2 ? Qt::Key_Backspace : Qt::Key_A);
        bool changed = false;
        while (timer.elapsed() < 5000 && !(changed = window->client()->frame() != before))
            QTest::qWait(1);
        if (changed)
            desktopMs << timer.nsecsElapsed() / 1e6;
        QTest::qWait(50);
    }

    // --- Atrium's memory per open console --------------------------------------------------
    QTest::qWait(500);
    const qint64 atriumBefore = residentKiB();
    QList<QTcpSocket *> sockets;
    for (int i = 0; i < consoles; ++i) {
        const QString ticket = f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(session), {}, f.bearer(f.user))
                                   .object().value(QStringLiteral("ticket")).toString();
        auto *socket = new QTcpSocket;
        socket->connectToHost(QHostAddress::LocalHost, f.port);
        socket->waitForConnected(5000);
        socket->write(QStringLiteral("GET /viewer/%1/websocket?ticket=%2 HTTP/1.1\r\nHost: 127.0.0.1:%3\r\nConnection: Upgrade\r\n"
                                     "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                          .arg(session, ticket).arg(f.port).toLatin1());
        QByteArray answer;
        if (!QTest::qWaitFor([&] { answer += socket->readAll(); return answer.contains("\r\n\r\n"); }, 10000) || !answer.startsWith("HTTP/1.1 101"))
            die(QStringLiteral("console %1 refused: %2").arg(i).arg(QString::fromLatin1(answer.left(200))));
        sockets << socket;
    }
    QTest::qWait(1000);
    const qint64 atriumAfter = residentKiB();

    std::printf("\n| Key → the screen that shows it (%d keys, TCG guest, both open on one session) | p50 | p99 | max |\n|---|---|---|---|\n", keys);
    std::printf("| browser console: noVNC in headless Chromium (timed in the page, by animation frame) | %s |\n", qPrintable(row(browserMs)));
    std::printf("| desktop viewer: libvncclient (polled every 1 ms) | %s |\n", qPrintable(row(desktopMs)));
    std::printf("\n| Memory | |\n|---|---|\n");
    std::printf("| Atrium, per open browser console (%d more on one session) | %.0f KiB |\n", consoles,
                double(atriumAfter - atriumBefore) / consoles);
    std::printf("| Chromium: blank page → the console page (PSS of all its processes) | %.0f MiB → %.0f MiB |\n", chromiumBlank / 1024.0,
                chromiumConsole / 1024.0);
    std::fflush(stdout);
    qDeleteAll(sockets);
    return 0;
}
