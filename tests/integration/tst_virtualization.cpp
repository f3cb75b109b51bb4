// A host's virtualization setting against a real libvirtd + QEMU whose KVM is broken the way
// it is on some machines of this kind (tests/integration/libvirtd-harness.sh --broken-kvm: QEMU
// aborts under KVM with the real MSR assertion, emulation works). What each setting does:
// emulation never tries KVM; auto falls back to emulation once, says so, and stays there; kvm
// fails with QEMU's words. On a machine whose libvirt offers no KVM at all, auto is emulation
// from the start, and that is what is checked there (tst_accelerator covers the fallback's
// decision on every machine).

#include "images/imagecatalog.h"
#include "providers/libvirthost.h"
#include "realhypervisor.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

class TestVirtualization : public QObject {
    Q_OBJECT

    RealHypervisor m_hypervisor{RealHypervisor::Kvm::Broken};

    std::unique_ptr<EngineFixture> fixture(Virtualization virtualization)
    {
        auto f = std::make_unique<EngineFixture>(QStringList{m_hypervisor.uri()}, RealHypervisor::engineOptions(),
                                                 QString(kNoTunnelInterface), m_hypervisor.hostOptions(virtualization));
        return f;
    }

    QString launchTinyGuest(EngineFixture &f, const QString &name, QString *error = nullptr)
    {
        WorkspacePatch patch = smallVm(name);
        patch.image = QString(ImageCatalog::kDefaultImageId);
        const auto created = f.engine->createWorkspace(f.admin, patch);
        if (!created)
            return {};
        const auto launched = await(f.engine->launchWorkspace(f.user, created->id), std::chrono::seconds(120));
        if (!launched || !*launched) {
            if (error && launched)
                *error = (*launched).error().message;
            return {};
        }
        return created->id;
    }

    QString domainType(const QString &domain) const
    {
        QString xml;
        m_hypervisor.virsh({QStringLiteral("dumpxml"), domain}, &xml);
        const qsizetype at = xml.indexOf(QStringLiteral("<domain type='"));
        return at < 0 ? QString() : xml.mid(at + 14, xml.indexOf(u'\'', at + 14) - at - 14);
    }

    bool kvmOffered()
    {
        auto f = fixture(Virtualization::Auto);
        return f->hosts->defaultHost()->info().kvmOffered;
    }

private Q_SLOTS:
    void initTestCase() { ATRIUM_START_REAL_HYPERVISOR(m_hypervisor); }

    void cleanupTestCase() { m_hypervisor.stop(); }

    void emulationNeverTriesKvm()
    {
        auto f = fixture(Virtualization::Emulation);
        LibvirtHost *host = f->hosts->defaultHost();
        QVERIFY2(host->isConnected(), qPrintable(host->info().lastError));
        QCOMPARE(host->info().virtType, QStringLiteral("qemu"));
        const int before = m_hypervisor.brokenKvmAttempts();
        QString error;
        const QString id = launchTinyGuest(*f, QStringLiteral("Emulated"), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QCOMPARE(domainType(f->engine->workspace(id)->domainName), QStringLiteral("qemu"));
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before);
        QVERIFY(!host->info().kvmUnusable());
        await(f->engine->deleteWorkspace(f->admin, id), std::chrono::seconds(60));
    }

    void autoWithoutKvmEmulatesFromTheStart()
    {
        if (kvmOffered())
            QSKIP("libvirt offers KVM on this machine: autoFallsBackOnceWhenKvmFails is the case here");
        auto f = fixture(Virtualization::Auto);
        LibvirtHost *host = f->hosts->defaultHost();
        QCOMPARE(host->info().virtType, QStringLiteral("qemu"));
        const QString id = launchTinyGuest(*f, QStringLiteral("No KVM here"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(domainType(f->engine->workspace(id)->domainName), QStringLiteral("qemu"));
        QVERIFY(!host->info().kvmUnusable());
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), 0);
        await(f->engine->deleteWorkspace(f->admin, id), std::chrono::seconds(60));
    }

    void autoFallsBackOnceWhenKvmFails()
    {
        if (!kvmOffered())
            QSKIP("libvirt offers no KVM on this machine, so no KVM start can fail: see autoWithoutKvmEmulatesFromTheStart");
        auto f = fixture(Virtualization::Auto);
        LibvirtHost *host = f->hosts->defaultHost();
        QCOMPARE(host->info().virtType, QStringLiteral("kvm"));
        const int before = m_hypervisor.brokenKvmAttempts();

        // The start under KVM fails; Atrium starts the domain under emulation instead, and says so.
        QString error;
        const QString first = launchTinyGuest(*f, QStringLiteral("First"), &error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before + 1);
        QCOMPARE(f->engine->workspace(first)->status, WorkspaceStatus::Running);
        QCOMPARE(domainType(f->engine->workspace(first)->domainName), QStringLiteral("qemu"));
        const HostInfo info = host->info();
        QVERIFY(info.kvmUnusable());
        QCOMPARE(info.virtType, QStringLiteral("qemu"));
        QVERIFY2(info.kvmFailure.contains(QStringLiteral("failed to set MSR 0x10a to 0x69")), qPrintable(info.kvmFailure));
        QVERIFY2(info.kvmFailure.contains(QStringLiteral("kvm_buf_set_msrs")), qPrintable(info.kvmFailure));
        QVERIFY(info.kvmFailedAt.isValid());
        const QString log = lifecycleLog(*f->engine, first);
        QVERIFY2(log.contains(QStringLiteral("KVM does not work on host %1").arg(m_hypervisor.uri())), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("failed to set MSR")), qPrintable(log));
        AuditQuery query;
        query.action = QStringLiteral("host_kvm_unusable");
        const QList<AuditEntry> audit = must(f->engine->audit(query));
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.first().actorId, Actor::system().identity.id);
        QVERIFY(audit.first().detail.contains(QStringLiteral("failed to set MSR")));

        // No retry loop: the next launch goes straight to emulation.
        const QString second = launchTinyGuest(*f, QStringLiteral("Second"), &error);
        QVERIFY2(!second.isEmpty(), qPrintable(error));
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before + 1);
        QCOMPARE(domainType(f->engine->workspace(second)->domainName), QStringLiteral("qemu"));

        // Remembered: after a restart of Atrium the host still emulates.
        await(f->engine->stopWorkspace(f->admin, first), std::chrono::seconds(60));
        await(f->engine->stopWorkspace(f->admin, second), std::chrono::seconds(60));
        f->restart();
        const auto remembered = f->engine->rememberedSettings(m_hypervisor.uri());
        QVERIFY(remembered && remembered->kvmFailure.contains(QStringLiteral("failed to set MSR")));
        QTRY_VERIFY(f->hosts->defaultHost()->isConnected());
        QVERIFY(f->hosts->defaultHost()->info().kvmUnusable());
        QCOMPARE(f->hosts->defaultHost()->info().virtType, QStringLiteral("qemu"));
        QVERIFY(await(f->engine->launchWorkspace(f->user, first), std::chrono::seconds(120))->has_value());
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before + 1);

        // An admin's new choice forgets the failure: auto tries KVM again (and falls back again).
        await(f->engine->stopWorkspace(f->admin, first), std::chrono::seconds(60));
        QVERIFY(f->engine->setHostVirtualization(f->admin, m_hypervisor.uri(), Virtualization::Auto));
        QVERIFY(!f->hosts->defaultHost()->info().kvmUnusable());
        QVERIFY(await(f->engine->launchWorkspace(f->user, first), std::chrono::seconds(120))->has_value());
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before + 2);
        QVERIFY(f->hosts->defaultHost()->info().kvmUnusable());
        await(f->engine->deleteWorkspace(f->admin, first), std::chrono::seconds(60));
        await(f->engine->deleteWorkspace(f->admin, second), std::chrono::seconds(60));
    }

    void kvmSettingFailsWithQemusWords()
    {
        if (!kvmOffered())
            QSKIP("libvirt offers no KVM on this machine: a kvm start fails in libvirt, before QEMU runs");
        auto f = fixture(Virtualization::Kvm);
        const int before = m_hypervisor.brokenKvmAttempts();
        QString error;
        QVERIFY(launchTinyGuest(*f, QStringLiteral("KVM or nothing"), &error).isEmpty());
        qInfo("the launch failed as it should: %s", qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("KVM does not work on this host")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("failed to set MSR 0x10a to 0x69")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("set it to auto or emulation")), qPrintable(error));
        QCOMPARE(m_hypervisor.brokenKvmAttempts(), before + 1);  // tried once, not emulated behind the admin's back
        QVERIFY(!f->hosts->defaultHost()->info().kvmUnusable());
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestVirtualization)
#include "tst_virtualization.moc"
