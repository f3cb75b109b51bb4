// The VM console against a real guest (TCG, on the test's own libvirtd + QEMU,
// in the harness's network namespace; the guest has no NIC): the viewer opened
// for a launch shows the guest's screen, keys typed into it reach the guest,
// Ctrl+Alt+Del reaches its kernel, it reconnects when the domain is restarted
// from outside, and closing it disconnects the session.

#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "providers/libvirthost.h"
#include "guestoutput.h"
#include "realhypervisor.h"
#include "screenshots.h"
#include "testsupport.h"
#include "uitestmain.h"
#include "viewer/sessionviewers.h"
#include "viewer/vncclient.h"
#include "viewer/vncview.h"
#include "viewer/vncviewerwindow.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QRandomGenerator>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::SessionViewers;
using Atrium::Ui::VncViewerWindow;

namespace {

/// Waits until the viewer shows something other than black (QEMU's first update is black).
qint64 waitForPicture(const VncViewerWindow &window, std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeout.count()) {
        if (litShare(window.client()->frame()) > 0.001)
            return timer.elapsed();
        QTest::qWait(20);
    }
    return -1;
}

/// Waits until two frames a second apart differ in under 0.5 % of their pixels
/// (a blinking cursor is allowed): the console has finished drawing.
QImage settledFrame(const VncViewerWindow &window, std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    QImage before = window.client()->frame().copy();
    while (timer.elapsed() < timeout.count()) {
        QTest::qWait(1000);
        const QImage now = window.client()->frame().copy();
        if (now.size() == before.size() && !now.isNull()) {
            qint64 changed = 0;
            for (int y = 0; y < now.height(); ++y)
                for (int x = 0; x < now.width(); ++x)
                    changed += now.pixel(x, y) != before.pixel(x, y);
            if (changed < qint64(now.width()) * now.height() / 200)
                return now;
        }
        before = now;
    }
    return {};
}

/// The QEMU process running @p domain (its `-name guest=<domain>,…`).
QByteArray qemuCommandLine(const QString &domain)
{
    const QByteArray wanted = "guest=" + domain.toUtf8() + ',';
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (entry.front().isDigit() && cmdline.open(QIODevice::ReadOnly)) {
            const QByteArray line = cmdline.readAll();
            if (line.contains(wanted))
                return line;
        }
    }
    return {};
}

}  // namespace

class TestVncViewer : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    std::unique_ptr<EngineFixture> m_fixture;
    std::unique_ptr<SessionViewers> m_viewers;
    QString m_id;
    QString m_domain;
    QString m_serial;

    VncViewerWindow *viewer() const { return qobject_cast<VncViewerWindow *>(m_viewers->viewer(m_id)); }

    /// Launches as MainWindow::launch does: the engine, then the viewer for the session.
    Session launchAndOpen()
    {
        const auto launched = await(m_fixture->engine->launchWorkspace(m_fixture->admin, m_id), std::chrono::seconds(120));
        if (!launched || !*launched)
            qFatal("launch failed: %s", launched ? qPrintable(launched->error().message) : "timeout");
        m_viewers->open((*launched)->session);
        return (*launched)->session;
    }

    SessionStatus statusOf(const QString &sessionId) const
    {
        return must(m_fixture->store->session(sessionId)).value().status;
    }

    /// Types @p line and Return into the VNC view, through its Qt key path.
    void typeLine(const QString &line)
    {
        Ui::VncView *view = viewer()->view();
        view->setFocus();
        QTest::keyClicks(view, line);
        QTest::keyClick(view, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ATRIUM_START_REAL_HYPERVISOR(m_hypervisor);
        m_fixture = std::make_unique<EngineFixture>(QStringList{m_hypervisor.uri()}, RealHypervisor::engineOptions(),
                                                    QString(kNoTunnelInterface), m_hypervisor.hostOptions());
        QVERIFY2(m_fixture->hosts->defaultHost()->isConnected(), qPrintable(m_fixture->hosts->defaultHost()->info().lastError));
        m_viewers = std::make_unique<SessionViewers>(*m_fixture->engine, m_fixture->admin);

        WorkspacePatch patch = smallVm(QStringLiteral("Console guest"));
        patch.image = QString(ImageCatalog::kDefaultImageId);
        patch.storageMb = 64;
        m_id = must(m_fixture->engine->createWorkspace(m_fixture->admin, patch)).id;
    }

    void cleanupTestCase()
    {
        m_viewers.reset();
        if (m_fixture && !m_id.isEmpty())
            await(m_fixture->engine->deleteWorkspace(m_fixture->admin, m_id), std::chrono::seconds(60));
        m_fixture.reset();
        m_hypervisor.stop();
    }

    void theViewerOfALaunchShowsTheGuestsConsole()
    {
        QElapsedTimer sinceLaunch;
        sinceLaunch.start();
        launchAndOpen();
        const qint64 runningMs = sinceLaunch.elapsed();
        VncViewerWindow *window = viewer();
        QVERIFY(window);
        QVERIFY(window->isVisible());
        m_domain = m_fixture->engine->workspace(m_id)->domainName;
        m_serial = m_hypervisor.directory() + QStringLiteral("/pool/") + serialLogVolumeName(m_domain);

        QTRY_COMPARE_WITH_TIMEOUT(window->status(), VncViewerWindow::Status::Connected, 30000);
        const qint64 connectedMs = sinceLaunch.elapsed();
        QVERIFY2(window->statusText().startsWith(QStringLiteral("Connected (")), qPrintable(window->statusText()));
        const qint64 pictureMs = waitForPicture(*window, std::chrono::seconds(120));
        QVERIFY2(pictureMs >= 0, "the console stayed black");
        qInfo("launch → running %lld ms, → VNC connected %lld ms, → first non-black frame %lld ms", runningMs, connectedMs,
              sinceLaunch.elapsed());

        // The guest's banner is on its serial console and, once drawn, on the VNC screen.
        QVERIFY2(waitForText(m_serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(120)) >= 0,
                 qPrintable(readText(m_serial)));
        const QImage settled = settledFrame(*window, std::chrono::seconds(60));
        QVERIFY2(!settled.isNull(), "the console never settled");
        QCOMPARE(settled.size(), QSize(720, 400));  // VGA text mode
        const double lit = litShare(settled);
        qInfo("console: %d×%d, %.2f %% of its pixels lit", settled.width(), settled.height(), lit * 100);
        QVERIFY2(lit > 0.002, qPrintable(QString::number(lit)));

        // No TCP port: QEMU's VNC server listens nowhere; libvirt hands out sockets.
        const QByteArray qemu = qemuCommandLine(m_domain);
        QVERIFY(!qemu.isEmpty());
        QVERIFY2(qemu.contains(QByteArray("-vnc\0none", 9)), QByteArray(qemu).replace('\0', ' ').constData());
        QString xml;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("dumpxml"), m_domain}, &xml));
        const qsizetype from = xml.indexOf(QStringLiteral("<graphics"));
        const QString graphics = xml.mid(from, xml.indexOf(QStringLiteral("</graphics>"), from) - from);
        QVERIFY2(from >= 0 && graphics.contains(QStringLiteral("<listen type='none'/>")), qPrintable(xml));
        QVERIFY2(!graphics.contains(QStringLiteral("port=")), qPrintable(graphics));
    }

    void keysTypedIntoTheViewReachTheGuest()
    {
        VncViewerWindow *window = viewer();
        QVERIFY(window);
        // Capitals and ">" need Shift on the guest: the marker is only right if it was sent.
        QString marker = QStringLiteral("VNC-KEY-");
        for (int i = 0; i < 8; ++i)
            marker += QChar(u"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[QRandomGenerator::global()->bounded(32)]);
        QElapsedTimer timer;
        timer.start();
        typeLine(QStringLiteral("echo ") + marker + QStringLiteral(" >/dev/ttyS0"));
        const qint64 ms = waitForText(m_serial, marker, std::chrono::seconds(60));
        QVERIFY2(ms >= 0, qPrintable(QStringLiteral("%1 not on the serial console:\n%2").arg(marker, readText(m_serial).right(2000))));
        qInfo("typed `echo %s >/dev/ttyS0` + Return; on the serial console %lld ms later", qPrintable(marker), timer.elapsed());

        // What a person would see: the typed command on the guest's console.
        QVERIFY(!settledFrame(*window, std::chrono::seconds(30)).isNull());
        window->view()->update();
        QVERIFY(saveScreenshot(*window, QStringLiteral("vnc-viewer")));
        QVERIFY(window->saveScreenshot(QDir(qEnvironmentVariable("ATRIUM_SCREENSHOT_DIR", QDir::tempPath()))
                                           .filePath(QStringLiteral("vnc-viewer-guest-screen.png"))));
    }

    void ctrlAltDelReachesTheGuestsKernel()
    {
        VncViewerWindow *window = viewer();
        QVERIFY(window);
        // The kernel reboots at once on Ctrl+Alt+Del when told to (it signals init otherwise).
        typeLine(QStringLiteral("echo 1 >/proc/sys/kernel/ctrl-alt-del && echo CAD-ARMED >/dev/ttyS0"));
        QVERIFY2(waitForText(m_serial, QStringLiteral("CAD-ARMED"), std::chrono::seconds(60)) >= 0, qPrintable(readText(m_serial).right(2000)));
        const int boots = int(readText(m_serial).count(QStringLiteral("ATRIUM-GUEST-READY")));
        QVERIFY(window->ctrlAltDelAction()->isEnabled());
        window->ctrlAltDelAction()->trigger();
        QVERIFY2(waitForText(m_serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(120), boots + 1) >= 0,
                 qPrintable(readText(m_serial).right(2000)));
        // The guest rebooted inside the same QEMU: the same connection shows it.
        QCOMPARE(window->connectionCount(), 1);
        QCOMPARE(window->status(), VncViewerWindow::Status::Connected);
        QCOMPARE(m_fixture->engine->workspace(m_id)->status, WorkspaceStatus::Running);
    }

    void theViewerReconnectsWhenTheDomainIsRestartedFromOutside()
    {
        VncViewerWindow *window = viewer();
        QVERIFY(window);
        const QString before = m_viewers->sessionId(m_id);
        QVERIFY(!before.isEmpty());

        QVERIFY(m_hypervisor.virsh({QStringLiteral("destroy"), m_domain}));
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture->engine->workspace(m_id)->status, WorkspaceStatus::Available, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window->status(), VncViewerWindow::Status::Reconnecting, 30000);
        qInfo("after the destroy: %s", qPrintable(window->statusText()));
        QCOMPARE(statusOf(before), SessionStatus::Terminated);
        QCOMPARE(m_viewers->viewer(m_id), window);  // it stays open

        QElapsedTimer timer;
        timer.start();
        QVERIFY(m_hypervisor.virsh({QStringLiteral("start"), m_domain}));
        QTRY_COMPARE_WITH_TIMEOUT(window->status(), VncViewerWindow::Status::Connected, 60000);
        qInfo("virsh start → viewer connected again: %lld ms", timer.elapsed());
        QCOMPARE(window->connectionCount(), 2);
        QVERIFY2(waitForPicture(*window, std::chrono::seconds(120)) >= 0, "black after the restart");
        // The person watching has a session again.
        QTRY_VERIFY(!m_viewers->sessionId(m_id).isEmpty());
        QVERIFY(m_viewers->sessionId(m_id) != before);
        QTRY_COMPARE(statusOf(m_viewers->sessionId(m_id)), SessionStatus::Active);
        QTRY_COMPARE(m_fixture->engine->workspace(m_id)->status, WorkspaceStatus::Running);
    }

    void closingTheViewerDisconnectsTheSession()
    {
        QPointer<VncViewerWindow> window = viewer();
        QVERIFY(window);
        QTRY_COMPARE(m_fixture->engine->workspace(m_id)->status, WorkspaceStatus::Running);
        const QString session = m_viewers->sessionId(m_id);
        QVERIFY(!session.isEmpty());
        QVERIFY(window->close());
        QTRY_VERIFY(window.isNull());
        QCOMPARE(statusOf(session), SessionStatus::Disconnected);
        // The Sessions API: disconnecting leaves the VM running.
        QCOMPARE(m_fixture->engine->workspace(m_id)->status, WorkspaceStatus::Running);
        QString state;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), m_domain}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("running"));
    }

    void stoppingTheWorkspaceClosesItsViewer()
    {
        const Session session = launchAndOpen();
        QPointer<VncViewerWindow> window = viewer();
        QVERIFY(window);
        QTRY_COMPARE_WITH_TIMEOUT(window->status(), VncViewerWindow::Status::Connected, 30000);
        QVERIFY(await(m_fixture->engine->stopWorkspace(m_fixture->admin, m_id), std::chrono::seconds(60))->has_value());
        QTRY_VERIFY(window.isNull());
        QCOMPARE(m_viewers->count(), 0);
        QCOMPARE(statusOf(session.id), SessionStatus::Terminated);
    }
};

ATRIUM_UI_TEST_MAIN(TestVncViewer)
#include "tst_vncviewer.moc"
