// A fleet as an admin has one (TCG, on the test's own libvirtd + QEMU, guests without NICs):
// a domain defined and started with virsh before Atrium looked is in the catalog; the same
// daemon reached as a remote host over a real sshd on loopback (qemu+ssh, where libvirt
// cannot pass file descriptors) launches Atrium's own VM with a listener only the hypervisor
// can reach, and both consoles open through an SSH tunnel and show the guest; a wrong key
// is told plainly, without a hang.

#include "images/imagecatalog.h"
#include "providers/consoleroute.h"
#include "providers/domainxml.h"
#include "providers/libvirthost.h"
#include "providers/sshtunnel.h"
#include "guestoutput.h"
#include "realhypervisor.h"
#include "screenshots.h"
#include "testsupport.h"
#include "uitestmain.h"
#include "viewer/serialconsolewindow.h"
#include "viewer/sessionviewers.h"
#include "viewer/terminalview.h"
#include "viewer/vncclient.h"
#include "viewer/vncview.h"
#include "viewer/vncviewerwindow.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::SessionViewers;
using Atrium::Ui::VncViewerWindow;

namespace {

/// What an admin's `virsh define` would hold: the tiny guest, VNC on a UNIX socket, a logged serial port.
QString legacyXml(const QString &imageDir, const QString &serialLog)
{
    const QString image = imageDir + QStringLiteral("/atrium-tiny");
    return QStringLiteral(
               "<domain type='qemu'><name>legacy-db01</name><uuid>6f1c6f1c-0000-4000-8000-0000000e0001</uuid>"
               "<description>database server, defined with virsh</description>"
               "<memory unit='MiB'>256</memory><vcpu>2</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>%1.vmlinuz</kernel><initrd>%1.initrd.gz</initrd>"
               "<cmdline>console=ttyS0 console=tty0</cmdline></os>"
               "<devices><serial type='pty'><log file='%2' append='off'/><target port='0'/></serial>"
               "<console type='pty'><target type='serial' port='0'/></console>"
               "<graphics type='vnc'><listen type='socket'/></graphics><video><model type='vga'/></video>"
               "</devices></domain>")
        .arg(image, serialLog);
}

}  // namespace

class TestRemoteHost : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    QString m_sshUri;
    QString m_legacyLog;
    const QString m_legacyId = QStringLiteral("ws-6f1c6f1c00004000800000000") + QStringLiteral("00e0001");
    SecurityFacts m_lastLaunchSecurity;

    /// Opens the viewer for @p id and waits for a lit frame; the window, or null on failure.
    VncViewerWindow *openAndWatch(SessionViewers &viewers, EngineFixture &f, const QString &id, const QString &screenshot)
    {
        const auto launched = await(f.engine->launchWorkspace(f.admin, id), std::chrono::seconds(120));
        if (!launched || !*launched) {
            qWarning("launch failed: %s", launched ? qPrintable(launched->error().message) : "timeout");
            return nullptr;
        }
        m_lastLaunchSecurity = (*launched)->security;
        viewers.open((*launched)->session);
        auto *window = qobject_cast<VncViewerWindow *>(viewers.viewer(id));
        if (!window)
            return nullptr;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 120000 && litShare(window->client()->frame()) < 0.002)
            QTest::qWait(50);
        qInfo("%s: %s after %lld ms, %.2f %% lit", qPrintable(screenshot), qPrintable(window->statusText()), timer.elapsed(),
              litShare(window->client()->frame()) * 100);
        saveScreenshot(*window, screenshot);
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ATRIUM_START_REAL_HYPERVISOR(m_hypervisor);
        m_sshUri = m_hypervisor.startSshd();
        QVERIFY2(!m_sshUri.isEmpty(), qPrintable(m_hypervisor.error()));
        m_legacyLog = m_hypervisor.directory() + QStringLiteral("/legacy-db01.serial.log");
        const QString xmlPath = m_hypervisor.directory() + QStringLiteral("/legacy-db01.xml");
        QFile xml(xmlPath);
        QVERIFY(xml.open(QIODevice::WriteOnly));
        xml.write(legacyXml(RealHypervisor::guestImageDirectory(), m_legacyLog).toUtf8());
        xml.close();
        QString said;
        QVERIFY2(m_hypervisor.virsh({QStringLiteral("define"), xmlPath}, &said), qPrintable(said));
        QVERIFY2(m_hypervisor.virsh({QStringLiteral("start"), QStringLiteral("legacy-db01")}, &said), qPrintable(said));
    }

    void cleanupTestCase() { m_hypervisor.stop(); }

    void aDomainDefinedWithVirshIsInTheCatalog()
    {
        HostOptions options = m_hypervisor.hostOptions();
        options.showForeignDomains = true;
        EngineFixture f({m_hypervisor.uri()}, RealHypervisor::engineOptions(), QString(kNoTunnelInterface), options);
        QTRY_VERIFY_WITH_TIMEOUT(f.engine->workspace(m_legacyId), 20000);
        const Workspace w = *f.engine->workspace(m_legacyId);
        QVERIFY(w.adopted);
        QCOMPARE(w.name, QStringLiteral("legacy-db01"));
        QCOMPARE(w.description, QStringLiteral("database server, defined with virsh"));
        QCOMPARE(w.resources.cpus, 2);
        QCOMPARE(w.resources.memoryMb, 256);
        QCOMPARE(w.status, WorkspaceStatus::Running);
        QCOMPARE(w.type, WorkspaceType::Linux);
        const auto details = f.engine->domainDetails(m_legacyId);
        QVERIFY(details);
        QCOMPARE(details->graphics.listenType, QStringLiteral("socket"));
        QVERIFY(details->hasSerialConsole);
    }

    void overSshBothConsolesOpenThroughATunnel()
    {
        HostOptions options = m_hypervisor.hostOptions();
        options.showForeignDomains = true;
        options.askpassHelper = QStringLiteral(ATRIUM_ASKPASS_HELPER);
        EngineFixture f({m_sshUri}, RealHypervisor::engineOptions(), QString(kNoTunnelInterface), options);
        QVERIFY2(f.waitForHosts(), qPrintable(f.hosts->defaultHost()->info().lastError));
        QVERIFY(!passesFileDescriptors(m_sshUri));
        SessionViewers viewers(*f.engine, f.admin);

        // The domain defined with virsh: its own socket listener, through the tunnel.
        QTRY_VERIFY_WITH_TIMEOUT(f.engine->workspace(m_legacyId), 20000);
        QVERIFY2(waitForText(m_legacyLog, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(120)) >= 0, qPrintable(readText(m_legacyLog)));
        VncViewerWindow *legacy = openAndWatch(viewers, f, m_legacyId, QStringLiteral("remote-legacy-console"));
        QVERIFY(legacy);
        QCOMPARE(legacy->status(), VncViewerWindow::Status::Connected);
        QVERIFY2(litShare(legacy->client()->frame()) > 0.002, qPrintable(legacy->statusText()));
        QVERIFY(!legacy->exposureLabel()->isVisible());
        // Keys typed in the view reach the guest through the tunnel.
        legacy->view()->setFocus();
        QTest::keyClicks(legacy->view(), QStringLiteral("echo OVER-SSH-TUNNEL >/dev/ttyS0"));
        QTest::keyClick(legacy->view(), Qt::Key_Return);
        QVERIFY2(waitForText(m_legacyLog, QStringLiteral("OVER-SSH-TUNNEL"), std::chrono::seconds(60)) >= 0, qPrintable(readText(m_legacyLog).right(1000)));

        // Its serial console: a libvirt stream, through the same SSH connection; the shell answers.
        legacy->openSerialConsole();
        Ui::SerialConsoleWindow *serial = legacy->serialConsoleWindow();
        QVERIFY(serial);
        QTRY_VERIFY2_WITH_TIMEOUT(serial->isConnected(), qPrintable(serial->statusText()), 30000);
        QElapsedTimer typed;
        typed.start();
        Q_EMIT serial->terminal()->input("\recho SERIAL-$((6*7))\r");
        QTRY_VERIFY2_WITH_TIMEOUT(serial->terminal()->screen().text().contains(QStringLiteral("SERIAL-42")),
                                  qPrintable(serial->terminal()->screen().text()), 30000);
        qInfo("serial console over SSH: typed → answer on screen in %lld ms", typed.elapsed());
        serial->resize(760, 420);
        QTest::qWait(100);
        saveScreenshot(*serial, QStringLiteral("remote-serial-console"));

        // Atrium's own VM on the remote host gets a UNIX-socket listener (root over SSH): no port.
        WorkspacePatch patch = smallVm(QStringLiteral("Remote console guest"));
        patch.image = QString(ImageCatalog::kDefaultImageId);
        patch.storageMb = 64;
        const QString own = must(f.engine->createWorkspace(f.admin, patch)).id;
        VncViewerWindow *window = openAndWatch(viewers, f, own, QStringLiteral("remote-own-console"));
        QVERIFY(window);
        QCOMPARE(window->status(), VncViewerWindow::Status::Connected);
        QVERIFY2(litShare(window->client()->frame()) > 0.002, qPrintable(window->statusText()));
        const QString domain = f.engine->workspace(own)->domainName;
        QString xml;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("dumpxml"), domain}, &xml));
        QVERIFY2(xml.contains(QStringLiteral("<listen type='socket'")), qPrintable(xml));
        QVERIFY2(!xml.contains(QStringLiteral("port='59")), qPrintable(xml));
        QVERIFY(m_lastLaunchSecurity.noOpenPorts);

        QVERIFY(await(f.engine->deleteWorkspace(f.admin, own), std::chrono::seconds(60))->has_value());
    }

    void aKeyWithAPassphraseIsAskedForOnceThenServesBothConsoles()
    {
        // An admin's usual URI: their own key (with a passphrase), no no_tty: ssh may ask.
        const QString key = m_hypervisor.directory() + QStringLiteral("/ssh/locked_key");
        const QString phrase = QStringLiteral("correct horse battery staple");
        QFile::remove(key);
        QFile::remove(key + QStringLiteral(".pub"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                    QStringLiteral("-N"), phrase, QStringLiteral("-f"), key}), 0);
        QFile pub(key + QStringLiteral(".pub"));
        QFile authorized(m_hypervisor.directory() + QStringLiteral("/ssh/authorized_keys"));
        QVERIFY(pub.open(QIODevice::ReadOnly) && authorized.open(QIODevice::Append));
        authorized.write(pub.readAll());
        authorized.close();
        QString uri = m_sshUri;
        uri.replace(m_hypervisor.sshClientKey(), key);
        uri.remove(QStringLiteral("&no_tty=1"));
        QVERIFY2(uri.contains(key) && !uri.contains(u"no_tty"), qPrintable(uri));

        HostOptions options = m_hypervisor.hostOptions();
        options.showForeignDomains = true;
        options.askpassHelper = QStringLiteral(ATRIUM_ASKPASS_HELPER);
        EngineFixture f({uri}, RealHypervisor::engineOptions(), QString(kNoTunnelInterface), options);
        const auto state = [&] { return f.engine->hostInfo(uri)->state; };
        QTRY_COMPARE_WITH_TIMEOUT(state(), HostState::NeedsCredentials, 20000);
        HostInfo asked = *f.engine->hostInfo(uri);
        QCOMPARE(asked.credentialsNeeded.size(), 1);
        QCOMPARE(asked.credentialsNeeded.first().kind, CredentialKind::KeyPassphrase);
        QVERIFY2(asked.credentialsNeeded.first().prompt.contains(key), qPrintable(asked.credentialsNeeded.first().prompt));
        // It waits for the admin: no second attempt, no prompt on any terminal.
        QTest::qWait(1500);
        QCOMPARE(state(), HostState::NeedsCredentials);

        // A wrong passphrase: refused, said so, and not tried again.
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, HostCredentials{{}, {}, QStringLiteral("wrong")}, false));
        QTRY_COMPARE_WITH_TIMEOUT(state(), HostState::Connecting, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(state(), HostState::NeedsCredentials, 20000);
        QVERIFY(f.engine->hostInfo(uri)->credentialsRefused);
        QVERIFY2(f.engine->hostInfo(uri)->lastError.startsWith(u"authentication refused"),
                 qPrintable(f.engine->hostInfo(uri)->lastError));

        QElapsedTimer connecting;
        connecting.start();
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, HostCredentials{{}, {}, phrase}, false));
        QTRY_VERIFY2_WITH_TIMEOUT(state() == HostState::Connected, qPrintable(f.engine->hostInfo(uri)->lastError), 20000);
        qInfo("passphrase given → connected over SSH in %lld ms", connecting.elapsed());

        // The console's own ssh (a tunnel) gets the same answer.
        SessionViewers viewers(*f.engine, f.admin);
        QTRY_VERIFY_WITH_TIMEOUT(f.engine->workspace(m_legacyId), 20000);
        VncViewerWindow *legacy = openAndWatch(viewers, f, m_legacyId, QStringLiteral("remote-passphrase-console"));
        QVERIFY(legacy);
        QCOMPARE(legacy->status(), VncViewerWindow::Status::Connected);
        QVERIFY2(litShare(legacy->client()->frame()) > 0.002, qPrintable(legacy->statusText()));
    }

    void anUnknownHostKeyIsNeverAcceptedForTheAdmin()
    {
        QTemporaryDir empty;
        const QString knownHosts = empty.filePath(QStringLiteral("known_hosts"));
        QFile(knownHosts).open(QIODevice::WriteOnly);
        QString uri = m_sshUri;
        uri.remove(QStringLiteral("&no_verify=1"));
        uri.remove(QStringLiteral("&no_tty=1"));
        uri.replace(QRegularExpression(QStringLiteral("known_hosts=[^&]*")), QStringLiteral("known_hosts=") + knownHosts);
        HostOptions options = m_hypervisor.hostOptions();
        options.askpassHelper = QStringLiteral(ATRIUM_ASKPASS_HELPER);
        EngineFixture f({uri}, RealHypervisor::engineOptions(), QString(kNoTunnelInterface), options);
        QTRY_COMPARE_WITH_TIMEOUT(f.engine->hostInfo(uri)->state, HostState::Failed, 20000);
        const QString said = f.engine->hostInfo(uri)->lastError;
        QVERIFY2(said.startsWith(u"unknown host key"), qPrintable(said));
        QFile file(knownHosts);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll().isEmpty(), "the host key was accepted into known_hosts");
    }

    void aWrongKeyIsToldPlainlyWithoutAHang()
    {
        const auto destination = sshDestinationFor(m_sshUri);
        QVERIFY(destination);
        SshDestination wrong = *destination;
        QTemporaryDir keys;
        wrong.keyFile = keys.filePath(QStringLiteral("stranger"));
        QVERIFY(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                   QStringLiteral("-N"), QString(), QStringLiteral("-f"), wrong.keyFile}) == 0);
        QObject owner;
        QElapsedTimer timer;
        timer.start();
        const auto refused = await(SshTunnel::open(wrong, QStringLiteral("127.0.0.1:5900"), &owner));
        QVERIFY(refused && !refused->has_value());
        qInfo("wrong key: \"%s\" after %lld ms", qPrintable(refused->error().message), timer.elapsed());
        QVERIFY2(refused->error().message.startsWith(QStringLiteral("SSH refused the login to root@127.0.0.1:")),
                 qPrintable(refused->error().message));

        // Nothing listens on the port: refused at once.
        SshDestination nobody = *destination;
        nobody.port = 1;
        const auto closed = await(SshTunnel::open(nobody, QStringLiteral("127.0.0.1:5900"), &owner));
        QVERIFY(closed && !closed->has_value());
        QVERIFY2(closed->error().message.startsWith(QStringLiteral("nothing answers SSH at root@127.0.0.1:1")),
                 qPrintable(closed->error().message));
        QTRY_VERIFY(owner.findChildren<SshTunnel *>().isEmpty());
    }
};

ATRIUM_UI_TEST_MAIN(TestRemoteHost)
#include "tst_remotehost.moc"
