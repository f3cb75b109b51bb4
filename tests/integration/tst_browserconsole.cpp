// The browser console on real guests (TCG, on the harness's libvirtd + QEMU), in a real headless
// Chromium: the launch's viewer_url shows the guest's screen exactly as QEMU has it, keys typed
// in the page reach the guest, the page comes back when the VM runs again after stopping on its
// own, stopping the workspace closes the page with the reason, closing the tab disconnects the
// session, and the same works for a host reached over SSH.

#include "apifixture.h"
#include "guestoutput.h"
#include "headlesschromium.h"
#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "realhypervisor.h"
#include "libvirttestmain.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QString screenshotPath(const QString &name)
{
    QString dir = qEnvironmentVariable("ATRIUM_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(QStringLiteral("atrium-screenshots"));
    QDir().mkpath(dir);
    return QDir(dir).filePath(name + QStringLiteral(".png"));
}

/// noVNC's canvas as the page holds it (the guest's framebuffer, unscaled).
QImage canvasOf(HeadlessChromium &browser)
{
    const QString url = browser.evaluate(QStringLiteral("(() => { const c = document.querySelector('#screen canvas'); "
                                                        "return c ? c.toDataURL('image/png') : ''; })()")).toString();
    const QByteArray png = QByteArray::fromBase64(url.section(u',', 1).toLatin1());
    return QImage::fromData(png, "PNG").convertToFormat(QImage::Format_RGB32);
}

/// The share of pixels where @p a and @p b differ (1 when their sizes differ).
double difference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size() || a.isNull())
        return 1;
    qint64 changed = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            changed += (a.pixel(x, y) & 0xFFFFFF) != (b.pixel(x, y) & 0xFFFFFF);
    return double(changed) / (qint64(a.width()) * a.height());
}

QString randomMarker(const QString &prefix)
{
    QString marker = prefix;
    for (int i = 0; i < 8; ++i)
        marker += QChar(u"abcdefghjkmnpqrstuvwxyz23456789"[QRandomGenerator::global()->bounded(31)]);
    return marker;
}

}  // namespace

class TestBrowserConsole : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    QString m_sshUri;
    std::unique_ptr<ApiFixture> m_api;
    HeadlessChromium m_browser;
    QString m_id;
    QString m_session;
    QString m_domain;
    QString m_serial;

    QString url(const QString &relative) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_api->port).arg(relative); }

    QString createGuest(const QString &name, const QString &host = {})
    {
        WorkspacePatch patch = smallVm(name);
        patch.image = QString(ImageCatalog::kDefaultImageId);
        patch.storageMb = 64;
        if (!host.isEmpty())
            patch.hostUri = host;
        return must(m_api->engine.engine->createWorkspace(m_api->engine.admin, patch)).id;
    }

    /// Launches through the API as Uma; the launch response.
    QJsonObject launch(const QString &id)
    {
        HttpResponse r = m_api->client().send("POST", QStringLiteral("/api/workspaces/%1/launch").arg(id), {}, m_api->bearer(m_api->user),
                                              std::chrono::seconds(180));
        if (r.status != 200)
            qFatal("launch: %d %s", r.status, r.body.constData());
        return r.object();
    }

    SessionStatus statusOf(const QString &sessionId) const
    {
        return must(m_api->engine.store->session(sessionId)).value().status;
    }

    /// Opens @p viewerUrl and waits until the page's noVNC draws something other than black.
    bool openAndWaitForPicture(const QString &viewerUrl, int timeoutMs)
    {
        if (!m_browser.navigate(url(viewerUrl)))
            return false;
        if (!m_browser.waitFor(QStringLiteral("document.getElementById('status').textContent === 'Connected'"), 60000))
            return false;
        return QTest::qWaitFor([this] { return litShare(canvasOf(m_browser)) > 0.002; }, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ATRIUM_START_REAL_HYPERVISOR(m_hypervisor);
        if (!m_browser.isAvailable() && !integrationRequired())
            QSKIP("chromium is not installed");
        QVERIFY2(QFile::exists(QStringLiteral("/usr/share/novnc/core/rfb.js")), "noVNC is not installed (installer/install-deps.sh)");
        m_sshUri = m_hypervisor.startSshd();
        QVERIFY2(!m_sshUri.isEmpty(), qPrintable(m_hypervisor.error()));
        m_api = std::make_unique<ApiFixture>(RealHypervisor::engineOptions(), Api::ApiOptions{}, QString(kNoTunnelInterface),
                                             QStringList{m_hypervisor.uri(), m_sshUri}, m_hypervisor.hostOptions());
        QVERIFY2(m_browser.start(), qPrintable(m_browser.error()));
        m_id = createGuest(QStringLiteral("Browser guest"));
    }

    void cleanupTestCase()
    {
        if (m_api) {
            for (const Workspace &w : m_api->engine.engine->workspaces())
                await(m_api->engine.engine->deleteWorkspace(m_api->engine.admin, w.id), std::chrono::seconds(60));
        }
        m_api.reset();
        m_hypervisor.stop();
    }

    void theViewerUrlShowsTheGuestsScreenAsQemuHasIt()
    {
        QElapsedTimer sinceLaunch;
        sinceLaunch.start();
        const QJsonObject launched = launch(m_id);
        m_session = launched.value(QStringLiteral("session_id")).toString();
        m_domain = m_api->engine.engine->workspace(m_id)->domainName;
        m_serial = m_hypervisor.directory() + QStringLiteral("/pool/") + serialLogVolumeName(m_domain);
        QVERIFY2(openAndWaitForPicture(launched.value(QStringLiteral("viewer_url")).toString(), 120000),
                 qPrintable(m_browser.evaluate(QStringLiteral("document.getElementById('status').textContent")).toString()));
        qInfo("launch → first non-black frame in the browser: %lld ms", sinceLaunch.elapsed());
        QVERIFY2(waitForText(m_serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(120)) >= 0, qPrintable(readText(m_serial)));
        // The ticket left the address bar.
        QCOMPARE(m_browser.evaluate(QStringLiteral("location.search")).toString(), QString());

        // What the page shows is what QEMU has: its own screendump, pixel for pixel (a blinking
        // cursor may differ).
        const QString dump = m_hypervisor.directory() + QStringLiteral("/screen.ppm");
        double diff = 1;
        QImage canvas;
        QVERIFY(QTest::qWaitFor([&] {
            QTest::qWait(1000);
            canvas = canvasOf(m_browser);
            if (!m_hypervisor.virsh({QStringLiteral("screenshot"), m_domain, dump}))
                return false;
            diff = difference(canvas, QImage(dump).convertToFormat(QImage::Format_RGB32));
            return diff < 0.005;
        }, 60000));
        qInfo("browser canvas %d×%d, %.3f %% of its pixels differ from QEMU's screendump, %.2f %% lit", canvas.width(),
              canvas.height(), diff * 100, litShare(canvas) * 100);
        QCOMPARE(canvas.size(), QSize(720, 400));  // VGA text mode
        QVERIFY(m_browser.screenshot().save(screenshotPath(QStringLiteral("browser-console"))));

        const QJsonArray opened = m_api->client().get(QStringLiteral("/api/audit?action=open_browser_console"), m_api->bearer(m_api->admin))
                                      .object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.at(0).toObject().value(QStringLiteral("detail")).toString().contains(QStringLiteral("127.0.0.1")));
    }

    void keysTypedInThePageReachTheGuest()
    {
        const QString marker = randomMarker(QStringLiteral("webkey"));
        QElapsedTimer timer;
        timer.start();
        m_browser.type(QStringLiteral("echo ") + marker + QStringLiteral(" >/dev/ttyS0"), true);
        const qint64 ms = waitForText(m_serial, marker, std::chrono::seconds(60));
        QVERIFY2(ms >= 0, qPrintable(QStringLiteral("%1 not on the serial console:\n%2").arg(marker, readText(m_serial).right(2000))));
        qInfo("typed in the browser; on the serial console %lld ms later", timer.elapsed());
        QTest::qWait(1500);
        QVERIFY(m_browser.screenshot().save(screenshotPath(QStringLiteral("browser-console-typed"))));
    }

    void thePageComesBackWhenTheVmRunsAgainAfterStoppingOnItsOwn()
    {
        // As the desktop viewer does: the VM destroyed from outside, then started again.
        QVERIFY(m_hypervisor.virsh({QStringLiteral("destroy"), m_domain}));
        QVERIFY(m_browser.waitFor(QStringLiteral("document.getElementById('status').textContent.includes('reconnecting')"), 30000));
        qInfo("after the destroy the page says: %s",
              qPrintable(m_browser.evaluate(QStringLiteral("document.getElementById('status').textContent")).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_session), SessionStatus::Terminated, 30000);
        QVERIFY(m_browser.evaluate(QStringLiteral("document.getElementById('ended').hidden")).toBool());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(m_hypervisor.virsh({QStringLiteral("start"), m_domain}));
        QVERIFY2(m_browser.waitFor(QStringLiteral("document.getElementById('status').textContent === 'Connected'"), 60000),
                 qPrintable(m_browser.evaluate(QStringLiteral("document.getElementById('status').textContent")).toString()));
        QVERIFY(QTest::qWaitFor([this] { return litShare(canvasOf(m_browser)) > 0.002; }, 120000));
        qInfo("virsh start → the page shows the guest again: %lld ms", timer.elapsed());
        // Its person has a session again, a new one.
        const QList<Session> active = m_api->engine.engine->activeSessions();
        QCOMPARE(active.size(), 1);
        QVERIFY(active.first().id != m_session);
        QCOMPARE(active.first().userId, m_api->user.identity.id);
        m_session = active.first().id;
    }

    void stoppingTheWorkspaceClosesThePageWithTheReason()
    {
        const HttpResponse stopped = m_api->client().send("POST", QStringLiteral("/api/workspaces/%1/stop").arg(m_id), {},
                                                          m_api->bearer(m_api->user), std::chrono::seconds(120));
        QCOMPARE(stopped.status, 200);
        QVERIFY(m_browser.waitFor(QStringLiteral("!document.getElementById('ended').hidden"), 30000));
        const QString shown = m_browser.evaluate(QStringLiteral("document.getElementById('ended').textContent")).toString();
        qInfo("the page says: %s", qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("The session ended: the workspace was stopped")), qPrintable(shown));
        QVERIFY(m_browser.screenshot().save(screenshotPath(QStringLiteral("browser-console-ended"))));
        const QJsonArray closed = m_api->client().get(QStringLiteral("/api/audit?action=close_browser_console"), m_api->bearer(m_api->admin))
                                      .object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(closed.size(), 2);  // the destroy's, and this one's
        QVERIFY2(closed.at(0).toObject().value(QStringLiteral("detail")).toString().contains(QStringLiteral("by Atrium")),
                 qPrintable(closed.at(0).toObject().value(QStringLiteral("detail")).toString()));
    }

    void closingTheTabDisconnectsTheSession()
    {
        const QJsonObject launched = launch(m_id);
        const QString session = launched.value(QStringLiteral("session_id")).toString();
        QVERIFY(openAndWaitForPicture(launched.value(QStringLiteral("viewer_url")).toString(), 120000));
        QCOMPARE(statusOf(session), SessionStatus::Active);
        QVERIFY(m_browser.navigate(QStringLiteral("about:blank")));  // the tab leaves the console
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(session), SessionStatus::Disconnected, 15000);
        const QJsonArray closed = m_api->client().get(QStringLiteral("/api/audit?action=close_browser_console"), m_api->bearer(m_api->admin))
                                      .object().value(QStringLiteral("entries")).toArray();
        QVERIFY2(closed.at(0).toObject().value(QStringLiteral("detail")).toString().contains(QStringLiteral("by the browser")),
                 qPrintable(closed.at(0).toObject().value(QStringLiteral("detail")).toString()));
        // The domain keeps running: only the person left.
        QCOMPARE(m_api->engine.engine->workspace(m_id)->status, WorkspaceStatus::Running);
    }

    void aGuestOnAHostReachedOverSshOpensTheSame()
    {
        const QString remote = createGuest(QStringLiteral("Remote browser guest"), m_sshUri);
        const QJsonObject launched = launch(remote);
        QVERIFY2(openAndWaitForPicture(launched.value(QStringLiteral("viewer_url")).toString(), 180000),
                 qPrintable(m_browser.evaluate(QStringLiteral("document.getElementById('status').textContent")).toString()));
        const QString domain = m_api->engine.engine->workspace(remote)->domainName;
        const QString serial = m_hypervisor.directory() + QStringLiteral("/pool/") + serialLogVolumeName(domain);
        QVERIFY2(waitForText(serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(180)) >= 0, qPrintable(readText(serial)));
        const QString marker = randomMarker(QStringLiteral("sshkey"));
        QTest::qWait(1000);
        m_browser.type(QStringLiteral("echo ") + marker + QStringLiteral(" >/dev/ttyS0"), true);
        QVERIFY2(waitForText(serial, marker, std::chrono::seconds(60)) >= 0, qPrintable(readText(serial).right(2000)));
        QVERIFY(m_browser.screenshot().save(screenshotPath(QStringLiteral("browser-console-ssh"))));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestBrowserConsole)
#include "tst_browserconsole.moc"
