// The engine against a real libvirtd and QEMU (TCG), started by the test itself.

#include "engine/lifecyclepolicies.h"
#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "providers/libvirthost.h"
#include "realhypervisor.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// Waits (running the event loop) until @p path contains @p text; returns the ms it took, or -1.
qint64 waitForText(const QString &path, const QString &text, std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeout.count()) {
        if (readText(path).contains(text))
            return timer.elapsed();
        QTest::qWait(100);
    }
    return -1;
}

/// What qemu-img says about a disk (-U: QEMU holds a lock on it while the guest runs).
QJsonObject qemuImgInfo(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("qemu-img"), {QStringLiteral("info"), QStringLiteral("-U"), QStringLiteral("--output=json"), path});
    process.waitForFinished(30000);
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

}  // namespace

class TestRealHypervisor : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    std::unique_ptr<EngineFixture> m_fixture;

    Image m_image;
    QTemporaryDir m_moreImages;  ///< images the tests make up (a corrupt one)

    QStringList domainLog(const QString &id)
    {
        QStringList lines;
        for (const WorkspaceEvent &e : must(m_fixture->engine->workspaceEvents(id, std::nullopt, 200)))
            lines << e.message;
        return lines;
    }

    QString poolFile(const QString &name) const { return m_hypervisor.directory() + QStringLiteral("/pool/") + name; }
    QString baseInPool() const { return poolFile(imageVolumeName(m_image, ImagePart::Disk)); }

    WorkspacePatch tinyGuest(const QString &name, qint64 storageMb)
    {
        WorkspacePatch patch = smallVm(name);
        patch.image = QString(ImageCatalog::kDefaultImageId);
        patch.storageMb = storageMb;
        return patch;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        if (!m_hypervisor.start()) {
            if (m_hypervisor.skipped() && !integrationRequired())
                QSKIP(qPrintable(QStringLiteral("no real hypervisor here: ") + m_hypervisor.error()));
            QFAIL(qPrintable(QStringLiteral("cannot start the private libvirtd: ") + m_hypervisor.error()));
        }
        qInfo("private libvirtd answering at %s after %lld ms", qPrintable(m_hypervisor.uri()), timer.elapsed());

        timer.restart();
        if (!m_hypervisor.buildGuestImage()) {
            if (!integrationRequired())
                QSKIP(qPrintable(QStringLiteral("cannot build the guest image: ") + m_hypervisor.error()));
            QFAIL(qPrintable(m_hypervisor.error()));
        }
        qInfo("guest image ready in %s after %lld ms", qPrintable(RealHypervisor::guestImageDirectory()), timer.elapsed());

        // Linux workspaces boot the tiny guest, which loads no ACPI button driver: it ignores
        // the graceful shutdown, and is destroyed after the options' 3 s deadline.
        const EngineOptions options = RealHypervisor::engineOptions({m_moreImages.path()});
        auto image = options.images.find(QString(ImageCatalog::kDefaultImageId));
        QVERIFY2(image, qPrintable(image ? QString() : image.error().message));
        m_image = *image;
        m_fixture = std::make_unique<EngineFixture>(QStringList{m_hypervisor.uri()}, options,
                                                    QString(kNoTunnelInterface), m_hypervisor.hostOptions());
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        QVERIFY2(host->isConnected(), qPrintable(host->info().lastError));
        QVERIFY(!host->isSimulated());
        QCOMPARE(host->info().hypervisor, QStringLiteral("QEMU"));
        QVERIFY(host->isLocal());
        QVERIFY(host->info().cpus > 0);
        // Asked for, whatever this machine's KVM does (working, broken or absent): TCG.
        QCOMPARE(host->info().virtualization, Virtualization::Emulation);
        QCOMPARE(host->info().virtType, QStringLiteral("qemu"));
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_hypervisor.stop();
    }

    // First, so that it is the one that imports the image into the (fresh) pool.
    void launchBootsTheImageOnACopyOnWriteOverlay()
    {
        Engine &engine = *m_fixture->engine;
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        const QByteArray sourceHash = sha256Of(m_image.diskPath);
        QVERIFY(!sourceHash.isEmpty());
        const auto a = engine.createWorkspace(m_fixture->admin, tinyGuest(QStringLiteral("Tiny guest A"), 200));
        QVERIFY(a);

        QElapsedTimer timer;
        timer.start();
        const auto launched = await(engine.launchWorkspace(m_fixture->user, a->id), std::chrono::seconds(120));
        QVERIFY(launched);
        QVERIFY2(*launched, qPrintable(*launched ? QString() : (*launched).error().message));
        qInfo("launch to running, importing the image first: %lld ms", timer.elapsed());
        const QString domain = engine.workspace(a->id)->domainName;
        const QString log = domainLog(a->id).join(u'\n');
        qInfo("provisioning log:\n%s", qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("imported %1").arg(m_image.diskPath)), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("copy-on-write over %1").arg(baseInPool())), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("booting image atrium-tiny")), qPrintable(log));

        // The real guest boots: its serial console, logged to a file, shows the banner.
        const QString serial = poolFile(serialLogVolumeName(domain));
        const qint64 bannerMs = waitForText(serial, QStringLiteral("ATRIUM-GUEST-READY"), std::chrono::seconds(60));
        QVERIFY2(bannerMs >= 0, qPrintable(QStringLiteral("no banner within 60 s; serial log:\n") + readText(serial)));
        qInfo("domain running to ATRIUM-GUEST-READY on the serial console: %lld ms", bannerMs);
        QVERIFY2(waitForText(serial, QStringLiteral("ATRIUM-DISK-WRITE boots=1"), std::chrono::seconds(30)) >= 0,
                 qPrintable(readText(serial)));
        const QString console = readText(serial);
        QVERIFY2(console.contains(QStringLiteral("ATRIUM-DISK /mnt/hello.txt: atrium base image")), qPrintable(console));

        // No NIC: allow_internet asks for the host's "default" network, which this daemon does not have.
        QString definition;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("dumpxml"), domain}, &definition));
        QVERIFY2(!definition.contains(QStringLiteral("<interface")), qPrintable(definition));
        QVERIFY(definition.contains(QStringLiteral("<kernel>%1</kernel>").arg(poolFile(imageVolumeName(m_image, ImagePart::Kernel)))));

        // It got the workspace's CPUs, memory and disk size.
        const auto info = QRegularExpression(QStringLiteral("ATRIUM-GUEST-INFO cpus=(\\d+) mem_kb=(\\d+) disk_bytes=(\\d+)")).match(console);
        QVERIFY2(info.hasMatch(), qPrintable(console));
        QCOMPARE(info.captured(1).toInt(), 1);
        const qint64 memKb = info.captured(2).toLongLong();
        QVERIFY2(memKb > 128 * 1024 && memKb <= 256 * 1024, qPrintable(info.captured(0)));  // the kernel keeps some
        QCOMPARE(info.captured(3).toLongLong(), qint64(200) << 20);

        // Libvirt reads the same log back (that also works for remote hosts).
        const auto viaLibvirt = await(host->serialLog(domain));
        QVERIFY(viaLibvirt && *viaLibvirt);
        QVERIFY(QString::fromUtf8(**viaLibvirt).contains(QStringLiteral("ATRIUM-DISK-WRITE boots=1")));

        // Its disk is a qcow2 overlay on the base in the pool; the guest's write left the base as it was.
        const QString overlay = poolFile(domain + QStringLiteral(".qcow2"));
        const QJsonObject disk = qemuImgInfo(overlay);
        QCOMPARE(disk.value(QStringLiteral("format")).toString(), QStringLiteral("qcow2"));
        QCOMPARE(disk.value(QStringLiteral("backing-filename")).toString(), baseInPool());
        QCOMPARE(disk.value(QStringLiteral("backing-filename-format")).toString(), QStringLiteral("raw"));
        QCOMPARE(disk.value(QStringLiteral("virtual-size")).toInteger(), qint64(200) << 20);
        QCOMPARE(sha256Of(baseInPool()), sourceHash);
        QCOMPARE(sha256Of(m_image.diskPath), sourceHash);

        // A second workspace: the image is not imported again, and its own overlay does not see A's write.
        const auto b = engine.createWorkspace(m_fixture->admin, tinyGuest(QStringLiteral("Tiny guest B"), 100));
        timer.restart();
        const auto second = await(engine.launchWorkspace(m_fixture->user, b->id), std::chrono::seconds(120));
        QVERIFY2(second && *second, qPrintable(second && !*second ? (*second).error().message : QString()));
        qInfo("launch to running, image already in the pool: %lld ms", timer.elapsed());
        const QString domainB = engine.workspace(b->id)->domainName;
        QVERIFY2(!domainLog(b->id).join(u'\n').contains(QStringLiteral("imported")), qPrintable(domainLog(b->id).join(u'\n')));
        const QString serialB = poolFile(serialLogVolumeName(domainB));
        QVERIFY2(waitForText(serialB, QStringLiteral("ATRIUM-DISK-WRITE boots=1"), std::chrono::seconds(90)) >= 0,
                 qPrintable(readText(serialB)));

        // Deleting A removes its overlay and console log, never the base; B runs on.
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, a->id), std::chrono::seconds(60))->has_value());
        QVERIFY(!QFile::exists(overlay));
        QVERIFY(!QFile::exists(serial));
        QVERIFY(QFile::exists(baseInPool()));
        QCOMPARE(sha256Of(baseInPool()), sourceHash);
        QString state;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), domainB}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("running"));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, b->id), std::chrono::seconds(60))->has_value());
        QVERIFY(!QFile::exists(poolFile(domainB + QStringLiteral(".qcow2"))));
        QCOMPARE(sha256Of(baseInPool()), sourceHash);
    }

    void policiesRestartACrashedGuestAndEndATemporaryOne()
    {
        Engine &engine = *m_fixture->engine;
        // restart_policy on-failure: `virsh destroy` from outside is not the guest's choice.
        WorkspacePatch patch = tinyGuest(QStringLiteral("Restarted guest"), 100);
        LifecycleConfig config;
        config.restartPolicy = RestartPolicy::OnFailure;
        config.maxRestarts = 3;
        config.network.allowInternet = false;  // and its NIC goes on the isolated network
        patch.config = config;
        const auto w = engine.createWorkspace(m_fixture->admin, patch);
        QVERIFY(w);
        const auto launched = await(engine.launchWorkspace(m_fixture->user, w->id), std::chrono::seconds(120));
        QVERIFY2(launched && *launched, qPrintable(launched && !*launched ? (*launched).error().message : QString()));
        const QString domain = engine.workspace(w->id)->domainName;
        const QString serial = poolFile(serialLogVolumeName(domain));
        QVERIFY2(waitForText(serial, QStringLiteral("ATRIUM-DISK-WRITE boots=1"), std::chrono::seconds(90)) >= 0,
                 qPrintable(readText(serial)));

        QString definition;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("dumpxml"), domain}, &definition));
        QVERIFY2(definition.contains(QStringLiteral("<source network='atrium-isolated'")), qPrintable(definition));
        QString network;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("net-dumpxml"), QStringLiteral("atrium-isolated")}, &network));
        QVERIFY2(!network.contains(QStringLiteral("<forward")) && !network.contains(QStringLiteral("<ip")), qPrintable(network));

        QElapsedTimer timer;
        timer.start();
        QVERIFY(m_hypervisor.virsh({QStringLiteral("destroy"), domain}));
        // The event first (the workspace leaves Running), then the policy's restart.
        QTRY_COMPARE_WITH_TIMEOUT(engine.policies().restartCount(w->id), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.workspace(w->id)->status, WorkspaceStatus::Running, 30000);
        qInfo("virsh destroy to running again under restart_policy: %lld ms", timer.elapsed());
        QVERIFY(domainLog(w->id).join(u'\n').contains(QStringLiteral("restart_policy on-failure: domain destroyed; restart 1 of 3")));
        // The same overlay boots again: the guest counts its second boot on its own disk.
        QVERIFY2(waitForText(serial, QStringLiteral("ATRIUM-DISK-WRITE boots=2"), std::chrono::seconds(90)) >= 0,
                 qPrintable(readText(serial)));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, w->id), std::chrono::seconds(60))->has_value());

        // A temporary workspace stops when its TTL runs out.
        WorkspacePatch temporary = tinyGuest(QStringLiteral("Temporary guest"), 100);
        temporary.mode = WorkspaceMode::Temporary;
        LifecycleConfig ttl;
        ttl.ttl = QStringLiteral("4s");
        temporary.config = ttl;
        const auto t = engine.createWorkspace(m_fixture->admin, temporary);
        QVERIFY2(t, qPrintable(t ? QString() : t.error().message));
        QVERIFY(await(engine.launchWorkspace(m_fixture->user, t->id), std::chrono::seconds(120))->has_value());
        timer.restart();
        QTRY_COMPARE_WITH_TIMEOUT(engine.workspace(t->id)->status, WorkspaceStatus::Available, 30000);
        qInfo("ttl 4s: stopped %lld ms after running", timer.elapsed());
        QString state;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), engine.workspace(t->id)->domainName}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("shut off"));
        QVERIFY(domainLog(t->id).join(u'\n').contains(QStringLiteral("ttl 4s expired: stopping")));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, t->id), std::chrono::seconds(60))->has_value());
    }

    void anImportCutShortIsDoneAgain()
    {
        // As if Atrium had been killed while uploading the base: a short volume and the marker.
        const QString base = imageVolumeName(m_image, ImagePart::Disk);
        const QString pool(kStoragePoolName);
        QVERIFY(m_hypervisor.virsh({QStringLiteral("vol-delete"), base, QStringLiteral("--pool"), pool}));
        QVERIFY(m_hypervisor.virsh({QStringLiteral("vol-create-as"), pool, base, QStringLiteral("1M"), QStringLiteral("--format"), QStringLiteral("raw")}));
        QVERIFY(m_hypervisor.virsh({QStringLiteral("vol-create-as"), pool, base + QStringLiteral(".importing"), QStringLiteral("0"),
                                    QStringLiteral("--format"), QStringLiteral("raw")}));

        Engine &engine = *m_fixture->engine;
        const auto vm = engine.createWorkspace(m_fixture->admin, tinyGuest(QStringLiteral("After a cut-short import"), 64));
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(120));
        QVERIFY2(launched && *launched, qPrintable(launched && !*launched ? (*launched).error().message : QString()));
        const QString log = domainLog(vm->id).join(u'\n');
        QVERIFY2(log.contains(QStringLiteral("as %1 (").arg(base)), qPrintable(log));                 // the base again,
        QVERIFY2(!log.contains(QStringLiteral(".vmlinuz (")), qPrintable(log));                       // not the kernel
        QCOMPARE(sha256Of(baseInPool()), sha256Of(m_image.diskPath));
        QVERIFY(!QFile::exists(baseInPool() + QStringLiteral(".importing")));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id), std::chrono::seconds(60))->has_value());
    }

    void aFileThatDoesNotMatchItsManifestIsNotImported()
    {
        // atrium-tiny's files under another id, with a manifest whose kernel sum is wrong.
        const QString dir = m_moreImages.path();
        QVERIFY(QFile::link(m_image.kernelPath, dir + QStringLiteral("/corrupt.vmlinuz")));
        QVERIFY(QFile::link(m_image.diskPath, dir + QStringLiteral("/corrupt.raw")));
        const QJsonObject manifest{{QStringLiteral("id"), QStringLiteral("atrium-corrupt")},
                                   {QStringLiteral("kernel"), QStringLiteral("corrupt.vmlinuz")},
                                   {QStringLiteral("disk"), QStringLiteral("corrupt.raw")},
                                   {QStringLiteral("sha256"), QJsonObject{{QStringLiteral("kernel"), QString(64, u'0')}}}};
        QFile file(dir + QStringLiteral("/corrupt.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(manifest).toJson());
        file.close();

        Engine &engine = *m_fixture->engine;
        WorkspacePatch patch = smallVm(QStringLiteral("Corrupt image"));
        patch.image = QStringLiteral("atrium-corrupt");
        const auto vm = engine.createWorkspace(m_fixture->admin, patch);
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched && !*launched);
        QCOMPARE(launched->error().code, ErrorCode::CreateFailed);
        QVERIFY2(launched->error().message.contains(QStringLiteral("does not match its manifest")), qPrintable(launched->error().message));
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Error);
        const Image corrupt = must(m_fixture->engineOptions.images.find(QStringLiteral("atrium-corrupt")));
        QVERIFY(!QFile::exists(poolFile(imageVolumeName(corrupt, ImagePart::Kernel))));
        QVERIFY(!QFile::exists(poolFile(imageVolumeName(corrupt, ImagePart::Kernel) + QStringLiteral(".importing"))));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id), std::chrono::seconds(60))->has_value());
    }

    void anImageThatIsNotInstalledIsRefusedOnARealHost()
    {
        Engine &engine = *m_fixture->engine;
        WorkspacePatch patch = smallVm(QStringLiteral("Wants node-20"));
        patch.image = QStringLiteral("node-20");  // the micro-VM API's example: accepted at create time
        const auto vm = engine.createWorkspace(m_fixture->admin, patch);
        QVERIFY(vm);
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id));
        QVERIFY(launched && !*launched);
        QCOMPARE(launched->error().code, ErrorCode::InvalidImage);
        QCOMPARE(launched->error().field, QStringLiteral("image"));
        QVERIFY2(launched->error().message.contains(QStringLiteral("atrium-tiny")), qPrintable(launched->error().message));
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Available);
        QVERIFY(!engine.audit({})->first().success);
        QVERIFY(!m_hypervisor.virsh({QStringLiteral("domstate"), QStringLiteral("atrium-") + vm->id}));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
    }

    void launchRunsARealDomainAndStopDestroysIt()
    {
        Engine &engine = *m_fixture->engine;
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        QSignalSpy events(host, &LibvirtHost::domainEvent);
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Real TCG guest")));
        QVERIFY(vm);

        QElapsedTimer timer;
        timer.start();
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched);
        QVERIFY2(*launched, qPrintable(*launched ? QString() : (*launched).error().message));
        qInfo("launch to running: %lld ms", timer.elapsed());
        const Workspace running = *engine.workspace(vm->id);
        QCOMPARE(running.status, WorkspaceStatus::Running);
        QCOMPARE(running.hostUri, m_hypervisor.uri());

        // It is real: libvirt says so, a QEMU process exists, the disk is a qcow2 file.
        QString state;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("running"));
        const QString pidFile = m_hypervisor.directory() + QStringLiteral("/run/qemu/%1.pid").arg(running.domainName);
        QVERIFY2(QFile::exists(pidFile), qPrintable(pidFile));
        const QString disk = m_hypervisor.directory() + QStringLiteral("/pool/%1.qcow2").arg(running.domainName);
        QVERIFY2(QFile::exists(disk), qPrintable(disk));
        QTRY_VERIFY(!events.isEmpty());
        bool sawStarted = false;
        for (const QList<QVariant> &e : std::as_const(events))
            sawStarted |= e.first().value<DomainEvent>().kind == DomainEventKind::Started;
        QVERIFY(sawStarted);

        // The tiny guest does not answer the ACPI button: after the deadline the domain is destroyed.
        events.clear();
        timer.restart();
        const auto stopped = await(engine.stopWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY2(stopped && *stopped, qPrintable(stopped && !*stopped ? (*stopped).error().message : QString()));
        qInfo("stop (graceful attempt, then destroy): %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() >= 2900);
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(engine.activeSessions().size(), 0);
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("shut off"));
        QVERIFY(engine.audit({})->first().detail.contains(QStringLiteral("destroyed")));
        // libvirt may report QEMU's shutdown first; the stop itself follows (events arrive on their own time).
        const auto lastKind = [&events] {
            return events.isEmpty() ? std::optional<DomainEventKind>() : events.last().first().value<DomainEvent>().kind;
        };
        QTRY_COMPARE(lastKind(), std::optional(DomainEventKind::Stopped));

        // Deleting removes the domain and its disk.
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
        QVERIFY(!m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}));
        QVERIFY(!QFile::exists(disk));
    }

    void stateChangesMadeWithVirshArriveAsEvents()
    {
        Engine &engine = *m_fixture->engine;
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Poked from outside")));
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched && *launched);
        const QString domain = engine.workspace(vm->id)->domainName;

        QVERIFY(m_hypervisor.virsh({QStringLiteral("suspend"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Paused);
        QVERIFY(m_hypervisor.virsh({QStringLiteral("resume"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);

        QVERIFY(m_hypervisor.virsh({QStringLiteral("destroy"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(m_fixture->store->session((*launched)->session.id)->value().status, SessionStatus::Terminated);
        QVERIFY2(domainLog(vm->id).join(u'\n').contains(QStringLiteral("stopped (destroyed)")),
                 qPrintable(domainLog(vm->id).join(u'\n')));

        QVERIFY(m_hypervisor.virsh({QStringLiteral("start"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
    }

    void libvirtsRefusalIsReportedWithItsReason()
    {
        Engine &engine = *m_fixture->engine;
        WorkspacePatch patch = smallVm(QStringLiteral("Too many CPUs"));
        patch.cpus = 256;  // valid for Atrium; QEMU's 'pc' machine takes at most 255
        const auto vm = engine.createWorkspace(m_fixture->admin, patch);
        QVERIFY(vm);
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched && !*launched);
        const Error error = launched->error();
        qInfo("libvirt said: %s", qPrintable(error.message));
        QVERIFY(error.code == ErrorCode::HypervisorFailed || error.code == ErrorCode::CreateFailed);
        QVERIFY(error.message.contains(QStringLiteral("atrium-") + vm->id));
        const Workspace w = *engine.workspace(vm->id);
        QCOMPARE(w.status, WorkspaceStatus::Error);
        QCOMPARE(w.statusMessage, error.message);
        QVERIFY(!engine.audit({})->first().success);
        QCOMPARE(engine.activeSessions().size(), 0);

        // Fixing the resources makes it launchable again.
        WorkspacePatch fix;
        fix.cpus = 1;
        fix.status = WorkspaceStatus::Available;
        QVERIFY(engine.updateWorkspace(m_fixture->admin, vm->id, fix));
        const auto retried = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY2(retried && *retried, qPrintable(retried && !*retried ? (*retried).error().message : QString()));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
    }

    void reconnectsAfterTheDaemonRestarts()
    {
        Engine &engine = *m_fixture->engine;
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Survives a daemon restart")));
        QVERIFY(await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60))->has_value());

        // libvirtd dies; the connection drops; Atrium says so and refuses new work…
        QVERIFY(m_hypervisor.killLibvirtd());
        QTRY_VERIFY_WITH_TIMEOUT(host->info().state != HostState::Connected, 20000);
        QVERIFY(!host->info().lastError.isEmpty());
        const auto other = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Launched while down")));
        if (!host->isConnected()) {
            const auto refused = await(engine.launchWorkspace(m_fixture->user, other->id));
            QCOMPARE(refused->error().code, ErrorCode::VmUnavailable);
        }

        // …then reconnects on its own once the daemon is back. QEMU never stopped.
        QElapsedTimer timer;
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(host->isConnected(), 30000);
        qInfo("reconnected %lld ms after the connection dropped", timer.elapsed());
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);
        QVERIFY(await(engine.stopWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60))->has_value());
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, other->id))->has_value());
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestRealHypervisor)
#include "tst_realhypervisor.moc"
