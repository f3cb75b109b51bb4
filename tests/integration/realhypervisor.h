#pragma once

#include "engine/engine.h"
#include "providers/libvirthost.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace Atrium::Testing {

/// A private libvirtd + virtlogd + QEMU for one test process, started by
/// tests/integration/libvirtd-harness.sh. It is stopped when this object goes and, however
/// the test process ends (a crash, an abort, SIGKILL at a ctest timeout), when the process
/// does: the namespace's first process watches a pipe only this process writes to.
class RealHypervisor final {
public:
    /// How the daemon's QEMU treats KVM.
    enum class Kvm {
        AsThisMachineHasIt,  ///< whatever this machine's /dev/kvm does (working, broken or absent)
        Broken,              ///< fails every KVM start with the real MSR assertion (where libvirt offers KVM)
    };

    explicit RealHypervisor(Kvm kvm = Kvm::AsThisMachineHasIt);
    ~RealHypervisor();

    /// Starts the daemon. On failure, error() says why; skipped() says whether
    /// the reason is this machine (not root, no QEMU) rather than a bug.
    bool start();
    void stop();

    QString uri() const { return m_uri; }
    QString directory() const { return m_dir.path(); }
    QString error() const { return m_error; }
    bool skipped() const { return m_skipped; }
    /// Starts sshd on 127.0.0.1 (in the namespace's mount and PID namespaces: it sees the
    /// daemon's files and dies with it) and answers a qemu+ssh URI for the same daemon, as a
    /// remote host; empty on failure (error() says why).
    QString startSshd();
    /// The private key sshd accepts (what the qemu+ssh URI's keyfile names).
    QString sshClientKey() const { return m_dir.filePath(QStringLiteral("ssh/client_key")); }
    /// SIGKILLs libvirtd inside the namespace; it restarts and QEMU keeps running.
    bool killLibvirtd() const;
    /// Runs virsh against this daemon, as an admin would from outside Atrium.
    bool virsh(const QStringList &arguments, QString *output = nullptr) const;

    /// Builds the tiny guest image with installer/build-guest-image.sh into
    /// guestImageDirectory() (cached there: a rerun takes well under a second).
    /// On failure, error() says why.
    bool buildGuestImage();
    /// $ATRIUM_GUEST_IMAGE_DIR (the build directory's guest-image/ under ctest).
    static QString guestImageDirectory();

    /// What an engine on this daemon needs: the guest image (and @p moreImageDirs) in its
    /// catalog, and a short stop deadline (the tiny guest ignores ACPI: destroyed after it).
    static EngineOptions engineOptions(const QStringList &moreImageDirs = {});
    /// The `atrium` storage pool inside this daemon's directory, and emulation (TCG): the
    /// virtualization every real-hypervisor test means unless it tests KVM (then it says so).
    HostOptions hostOptions(Virtualization virtualization = Virtualization::Emulation) const;
    /// How many times QEMU was started under KVM with Kvm::Broken (each one failed).
    int brokenKvmAttempts() const;

private:
    Kvm m_kvm;
    QTemporaryDir m_dir;
    int m_lifeline = -1;  ///< the write end of the pipe the namespace's first process watches
    QString m_uri;
    QString m_error;
    bool m_skipped = false;
    bool m_started = false;
};

/// The integration tests must run in CI: ATRIUM_REQUIRE_INTEGRATION=1 turns a
/// skip (not root, no QEMU) into a failure.
bool integrationRequired();

/// utime + stime of a process in ns, as the kernel counts them: a measurement
/// that owes nothing to libvirt or Atrium. nullopt when it cannot be read.
std::optional<qint64> processCpuNs(qint64 pid);

/// In a test's initTestCase(): starts @p hypervisor and builds the guest image. Where this
/// machine cannot (not root, no QEMU) the test is skipped, unless integration is required.
#define ATRIUM_START_REAL_HYPERVISOR(hypervisor)                                                                      \
    do {                                                                                                              \
        if (!(hypervisor).start()) {                                                                                  \
            if ((hypervisor).skipped() && !::Atrium::Testing::integrationRequired())                                  \
                QSKIP(qPrintable(QStringLiteral("no real hypervisor here: ") + (hypervisor).error()));                \
            QFAIL(qPrintable(QStringLiteral("cannot start the private libvirtd: ") + (hypervisor).error()));          \
        }                                                                                                             \
        if (!(hypervisor).buildGuestImage()) {                                                                        \
            if (!::Atrium::Testing::integrationRequired())                                                            \
                QSKIP(qPrintable(QStringLiteral("cannot build the guest image: ") + (hypervisor).error()));           \
            QFAIL(qPrintable((hypervisor).error()));                                                                  \
        }                                                                                                             \
    } while (false)

}  // namespace Atrium::Testing
