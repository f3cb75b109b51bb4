#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Atrium::Testing {

/// A private libvirtd + virtlogd + QEMU for one test process, started by
/// tests/integration/libvirtd-harness.sh and stopped (by PID) when this dies.
class RealHypervisor final {
public:
    RealHypervisor();
    ~RealHypervisor();

    /// Starts the daemon. On failure, error() says why; skipped() says whether
    /// the reason is this machine (not root, no QEMU) rather than a bug.
    bool start();
    void stop();

    QString uri() const { return m_uri; }
    QString directory() const { return m_dir.path(); }
    QString error() const { return m_error; }
    bool skipped() const { return m_skipped; }
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

private:
    QTemporaryDir m_dir;
    QString m_uri;
    QString m_error;
    bool m_skipped = false;
    bool m_started = false;
};

/// The integration tests must run in CI: ATRIUM_REQUIRE_INTEGRATION=1 turns a
/// skip (not root, no QEMU) into a failure.
bool integrationRequired();

}  // namespace Atrium::Testing
