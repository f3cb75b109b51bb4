#include "realhypervisor.h"

#include <QDebug>
#include <QFile>
#include <QProcess>

#include <unistd.h>

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

std::optional<qint64> processCpuNs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.readAll();
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return std::nullopt;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}

EngineOptions RealHypervisor::engineOptions(const QStringList &moreImageDirs)
{
    EngineOptions options;
    options.stopDeadline = std::chrono::seconds(3);
    options.images = ImageCatalog(QStringList{guestImageDirectory()} + moreImageDirs);
    return options;
}

HostOptions RealHypervisor::hostOptions() const
{
    HostOptions options;
    options.storagePoolPath = m_dir.path() + QStringLiteral("/pool");
    return options;
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
