// Which failed starts are KVM's fault, and what a host does about them: the decision and
// the fallback, on every machine (no hypervisor needed). The messages are the real ones
// libvirt 9 and QEMU 7.2 give on the hosts where they happen.

#include "model/host.h"
#include "providers/accelerator.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

namespace {

/// What a start through libvirt reports when QEMU dies early: libvirt's words, then QEMU's stderr.
QString viaLibvirt(const QString &qemuStderr)
{
    return QStringLiteral("cannot start domain atrium-ws-1: internal error: process exited while connecting to monitor: "
                          "2026-12-03T12:45:01.123456Z ")
        + qemuStderr;
}

const QString kMsrAssertion = viaLibvirt(QStringLiteral(
    "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69\n"
    "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:2996: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed."));

}  // namespace

class TestAccelerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kvmFailures_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("qemuSaid");
        QTest::newRow("MSR assertion (nested KVM, AMD EPYC)") << kMsrAssertion << QStringLiteral("failed to set MSR 0x10a to 0x69");
        QTest::newRow("no kvm module") << viaLibvirt(QStringLiteral(
            "Could not access KVM kernel module: No such file or directory\n"
            "qemu-system-x86_64: failed to initialize kvm: No such file or directory"))
                                       << QStringLiteral("Could not access KVM kernel module: No such file or directory");
        QTest::newRow("permission denied on /dev/kvm") << viaLibvirt(QStringLiteral(
            "qemu-system-x86_64: -accel kvm: Could not access KVM kernel module: Permission denied\n"
            "qemu-system-x86_64: -accel kvm: failed to initialize kvm: Permission denied"))
                                                       << QStringLiteral("failed to initialize kvm: Permission denied");
        QTest::newRow("VT-x held by another hypervisor") << viaLibvirt(QStringLiteral(
            "ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy\n"
            "qemu-system-x86_64: failed to initialize KVM: Device or resource busy"))
                                                         << QStringLiteral("KVM_CREATE_VM");
        QTest::newRow("libvirt: KVM gone since the probe")
            << QStringLiteral("cannot start domain atrium-ws-1: unsupported configuration: Domain requires KVM, but it is not "
                              "available. Check that virtualization is enabled in the host BIOS, and host configuration is "
                              "setup to load the kvm modules.")
            << QStringLiteral("Domain requires KVM, but it is not available");
        QTest::newRow("libvirt: emulator without KVM")
            << QStringLiteral("cannot define domain atrium-ws-1: unsupported configuration: Emulator "
                              "'/usr/bin/qemu-system-x86_64' does not support virt type 'kvm'")
            << QStringLiteral("does not support virt type 'kvm'");
    }

    void kvmFailures()
    {
        QFETCH(QString, error);
        QFETCH(QString, qemuSaid);
        const auto failure = acceleratorFailure(error);
        QVERIFY2(failure, qPrintable(error));
        QVERIFY2(failure->contains(qemuSaid), qPrintable(*failure));
        // QEMU's words, without libvirt's wrapping or the log's timestamp.
        QVERIFY2(!failure->contains(QStringLiteral("process exited while connecting")), qPrintable(*failure));
        QVERIFY2(!failure->contains(QStringLiteral("2026-12-03T")), qPrintable(*failure));
    }

    void guestConfigurationIsNotKvmsFault_data()
    {
        QTest::addColumn<QString>("error");
        QTest::newRow("disk not readable") << viaLibvirt(QStringLiteral(
            "qemu-system-x86_64: -blockdev {\"driver\":\"file\",\"filename\":\"/srv/kvm/disks/a.qcow2\"}: Could not open "
            "'/srv/kvm/disks/a.qcow2': Permission denied"));
        QTest::newRow("disk locked") << viaLibvirt(QStringLiteral(
            "qemu-system-x86_64: -blockdev {...}: Failed to get \"write\" lock\nIs another process using the image "
            "[/var/lib/libvirt/images/atrium/atrium-ws-1.qcow2]?"));
        QTest::newRow("no firmware") << viaLibvirt(QStringLiteral("qemu: could not load PC BIOS 'bios-256k.bin'"));
        QTest::newRow("no memory") << viaLibvirt(QStringLiteral(
            "qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory"));
        QTest::newRow("network down") << QStringLiteral(
            "cannot start domain atrium-ws-1: Requested operation is not valid: network 'default' is not active");
        QTest::newRow("kernel missing") << viaLibvirt(QStringLiteral(
            "qemu-system-x86_64: could not open kernel file '/var/lib/libvirt/images/atrium/kvm-guest.vmlinuz'"));
    }

    void guestConfigurationIsNotKvmsFault()
    {
        QFETCH(QString, error);
        const auto failure = acceleratorFailure(error);
        QVERIFY2(!failure, qPrintable(failure.value_or(QString())));
    }

    void autoStartsUnderEmulationOnceWhenKvmFails()
    {
        QStringList tried;
        auto started = startWithAcceleratorFallback(QStringLiteral("kvm"), true, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            if (virtType == u"kvm")
                return fail(ErrorCode::HypervisorFailed, kMsrAssertion);
            return {};
        });
        QVERIFY(started);
        QCOMPARE(tried, (QStringList{QStringLiteral("kvm"), QStringLiteral("qemu")}));
        QCOMPARE(started->virtType, QStringLiteral("qemu"));
        QVERIFY2(started->kvmFailure.contains(QStringLiteral("failed to set MSR 0x10a to 0x69")), qPrintable(started->kvmFailure));
    }

    void aWorkingKvmIsKept()
    {
        QStringList tried;
        auto started = startWithAcceleratorFallback(QStringLiteral("kvm"), true, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            return {};
        });
        QVERIFY(started);
        QCOMPARE(tried, QStringList{QStringLiteral("kvm")});
        QCOMPARE(started->virtType, QStringLiteral("kvm"));
        QVERIFY(started->kvmFailure.isEmpty());
    }

    void aGuestFailureIsNotRetried()
    {
        QStringList tried;
        const QString diskError = viaLibvirt(QStringLiteral("Could not open '/x.qcow2': Permission denied"));
        auto started = startWithAcceleratorFallback(QStringLiteral("kvm"), true, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            return fail(ErrorCode::HypervisorFailed, diskError);
        });
        QVERIFY(!started);
        QCOMPARE(tried, QStringList{QStringLiteral("kvm")});
        QCOMPARE(started.error().message, diskError);
    }

    void kvmSettingNeverEmulatesAndSaysWhy()
    {
        QStringList tried;
        auto started = startWithAcceleratorFallback(QStringLiteral("kvm"), false, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            return fail(ErrorCode::HypervisorFailed, kMsrAssertion);
        });
        QVERIFY(!started);
        QCOMPARE(tried, QStringList{QStringLiteral("kvm")});
        QCOMPARE(started.error().code, ErrorCode::HypervisorFailed);
        QVERIFY2(started.error().message.contains(QStringLiteral("KVM does not work on this host")), qPrintable(started.error().message));
        QVERIFY(started.error().message.contains(QStringLiteral("failed to set MSR 0x10a to 0x69")));
        QVERIFY(started.error().message.contains(QStringLiteral("set it to auto or emulation")));
    }

    void whenEmulationFailsTooBothAreSaidAndNothingLoops()
    {
        QStringList tried;
        auto started = startWithAcceleratorFallback(QStringLiteral("kvm"), true, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            return fail(ErrorCode::HypervisorFailed, virtType == u"kvm" ? kMsrAssertion : QStringLiteral("no memory left"));
        });
        QVERIFY(!started);
        QCOMPARE(tried, (QStringList{QStringLiteral("kvm"), QStringLiteral("qemu")}));
        QVERIFY(started.error().message.contains(QStringLiteral("failed to set MSR")));
        QVERIFY(started.error().message.contains(QStringLiteral("no memory left")));
    }

    void emulationNeverTriesKvm()
    {
        QStringList tried;
        auto started = startWithAcceleratorFallback(QStringLiteral("qemu"), true, [&](const QString &virtType) -> Result<void> {
            tried << virtType;
            return {};
        });
        QVERIFY(started);
        QCOMPARE(tried, QStringList{QStringLiteral("qemu")});
    }

    void theDomainTypeFollowsTheSetting_data()
    {
        QTest::addColumn<bool>("simulated");
        QTest::addColumn<int>("virtualization");
        QTest::addColumn<bool>("kvmOffered");
        QTest::addColumn<QString>("kvmFailure");
        QTest::addColumn<QString>("virtType");
        QTest::addColumn<bool>("kvmUnusable");
        const int autoMode = int(Virtualization::Auto);
        const int kvm = int(Virtualization::Kvm);
        const int emulation = int(Virtualization::Emulation);
        QTest::newRow("auto, KVM offered") << false << autoMode << true << QString() << "kvm" << false;
        QTest::newRow("auto, no KVM") << false << autoMode << false << QString() << "qemu" << false;
        QTest::newRow("auto, KVM failed") << false << autoMode << true << "MSR" << "qemu" << true;
        QTest::newRow("kvm, even after a failure") << false << kvm << true << "MSR" << "kvm" << false;
        QTest::newRow("kvm, not offered") << false << kvm << false << QString() << "kvm" << false;
        QTest::newRow("emulation, KVM offered") << false << emulation << true << QString() << "qemu" << false;
        QTest::newRow("simulator") << true << kvm << false << QString() << "test" << false;
    }

    void theDomainTypeFollowsTheSetting()
    {
        QFETCH(bool, simulated);
        QFETCH(int, virtualization);
        QFETCH(bool, kvmOffered);
        QFETCH(QString, kvmFailure);
        QFETCH(QString, virtType);
        QFETCH(bool, kvmUnusable);
        HostInfo info;
        info.simulated = simulated;
        info.virtualization = Virtualization(virtualization);
        info.kvmOffered = kvmOffered;
        info.kvmFailure = kvmFailure;
        QCOMPARE(effectiveVirtType(info), virtType);
        QCOMPARE(info.kvmUnusable(), kvmUnusable);
        if (kvmUnusable)
            QCOMPARE(virtualizationSummary(info), QStringLiteral("KVM unusable here: emulating"));
    }

    void settingNames()
    {
        for (Virtualization v : {Virtualization::Auto, Virtualization::Kvm, Virtualization::Emulation})
            QCOMPARE(parseVirtualization(nameOf(v)), v);
        QCOMPARE(parseVirtualization(QStringLiteral("qemu")), Virtualization::Emulation);
        QCOMPARE(parseVirtualization(QStringLiteral(" KVM ")), Virtualization::Kvm);
        QVERIFY(!parseVirtualization(QStringLiteral("xen")));
        QVERIFY(!parseVirtualization(QString()));
        QCOMPARE(hostId(QStringLiteral("qemu:///system")), hostId(QStringLiteral("qemu:///system")));
        QVERIFY(hostId(QStringLiteral("qemu:///system")) != hostId(QStringLiteral("qemu:///session")));
        QCOMPARE(hostId(QStringLiteral("qemu:///system")).size(), 12);
    }
};

ATRIUM_TEST_MAIN(TestAccelerator)
#include "tst_accelerator.moc"
