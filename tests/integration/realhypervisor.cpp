#include "realhypervisor.h"

#include <QDebug>
#include <QProcess>

namespace Atrium::Testing {

namespace {

QString harness()
{
    return qEnvironmentVariable("ATRIUM_SOURCE_DIR") + QStringLiteral("/tests/integration/libvirtd-harness.sh");
}

QString cacheDirectory()
{
    // QEMU's capability probe takes ~9 s the first time; keep its cache between runs.
    return qEnvironmentVariable("ATRIUM_LIBVIRT_CACHE", QStringLiteral("/var/tmp/atrium-test-libvirt-cache"));
}

}  // namespace

bool integrationRequired()
{
    return qEnvironmentVariable("ATRIUM_REQUIRE_INTEGRATION") == u"1";
}

RealHypervisor::RealHypervisor() = default;

RealHypervisor::~RealHypervisor()
{
    stop();
}

bool RealHypervisor::start()
{
    QProcess process;
    process.start(QStringLiteral("bash"), {harness(), QStringLiteral("start"), m_dir.path(), cacheDirectory()});
    if (!process.waitForFinished(120000)) {
        m_error = QStringLiteral("the libvirtd harness did not finish within 120 s");
        process.kill();
        return false;
    }
    if (process.exitCode() != 0) {
        m_skipped = process.exitCode() == 77;
        m_error = QString::fromUtf8(process.readAllStandardError()).trimmed();
        return false;
    }
    m_uri = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    m_started = true;
    return true;
}

void RealHypervisor::stop()
{
    if (!m_started)
        return;
    QProcess::execute(QStringLiteral("bash"), {harness(), QStringLiteral("stop"), m_dir.path()});
    m_started = false;
}

bool RealHypervisor::killLibvirtd() const
{
    return QProcess::execute(QStringLiteral("bash"), {harness(), QStringLiteral("kill-libvirtd"), m_dir.path()}) == 0;
}

QString RealHypervisor::guestImageDirectory()
{
    return qEnvironmentVariable("ATRIUM_GUEST_IMAGE_DIR", QStringLiteral("/var/tmp/atrium-test-guest-image"));
}

bool RealHypervisor::buildGuestImage()
{
    // Cold: the Debian kernel package (~70 MB) is downloaded once; then it is cached.
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("bash"), {qEnvironmentVariable("ATRIUM_SOURCE_DIR") + QStringLiteral("/installer/build-guest-image.sh"),
                                           guestImageDirectory()});
    if (!process.waitForFinished(600000)) {
        m_error = QStringLiteral("build-guest-image.sh did not finish within 600 s");
        process.kill();
        process.waitForFinished();
        return false;
    }
    const QString output = QString::fromUtf8(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = QStringLiteral("build-guest-image.sh failed: ") + output;
        return false;
    }
    qInfo().noquote() << output;
    return true;
}

bool RealHypervisor::virsh(const QStringList &arguments, QString *output) const
{
    QProcess process;
    process.start(QStringLiteral("virsh"), QStringList{QStringLiteral("-c"), m_uri} + arguments);
    if (!process.waitForFinished(60000))
        return false;
    if (output)
        *output = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

}  // namespace Atrium::Testing
