#include "realhypervisor.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QProcess>

#include <fcntl.h>
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

HostOptions RealHypervisor::hostOptions(Virtualization virtualization) const
{
    HostOptions options;
    options.storagePoolPath = m_dir.path() + QStringLiteral("/pool");
    options.virtualization = virtualization;
    return options;
}

int RealHypervisor::brokenKvmAttempts() const
{
    QFile attempts(m_dir.filePath(QStringLiteral("kvm-attempts")));
    return attempts.open(QIODevice::ReadOnly) ? int(attempts.readAll().count('\n')) : 0;
}

RealHypervisor::RealHypervisor(Kvm kvm)
    : m_kvm(kvm)
    // Named so that .ci/run can tell a harness left behind from anything else.
    , m_dir(QDir::tempPath() + QStringLiteral("/atrium-harness-XXXXXX"))
{
}

RealHypervisor::~RealHypervisor()
{
    stop();
}

bool RealHypervisor::start()
{
    int lifeline[2];
    if (pipe2(lifeline, O_CLOEXEC) != 0) {
        m_error = QStringLiteral("cannot make the harness's lifeline pipe: %1").arg(qt_error_string(errno));
        return false;
    }
    m_lifeline = lifeline[1];  // close-on-exec: no other child of this process holds it
    const int readEnd = lifeline[0];
    QStringList arguments{harness(), QStringLiteral("start"), m_dir.path()};
    if (m_kvm == Kvm::Broken) {
        // Its own capability cache: the wrapped QEMU binary would invalidate the shared one.
        arguments << cacheDirectory() + QStringLiteral("-broken-kvm") << QStringLiteral("--broken-kvm");
    } else {
        arguments << cacheDirectory();
    }
    QProcess process;
    process.setChildProcessModifier([readEnd] {
        // The read end becomes the child's fd 3, inherited by the namespace's first process.
        if (readEnd == 3)
            fcntl(3, F_SETFD, 0);
        else
            dup2(readEnd, 3);
    });
    process.start(QStringLiteral("bash"), arguments);
    const bool finished = process.waitForFinished(120000);
    ::close(readEnd);
    if (!finished) {
        m_error = QStringLiteral("the libvirtd harness did not finish within 120 s");
        process.kill();
        stop();  // the lifeline goes: whatever the harness started dies
        return false;
    }
    if (process.exitCode() != 0) {
        m_skipped = process.exitCode() == 77;
        m_error = QString::fromUtf8(process.readAllStandardError()).trimmed();
        stop();
        return false;
    }
    m_uri = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    m_started = true;
    return true;
}

void RealHypervisor::stop()
{
    if (m_started)
        QProcess::execute(QStringLiteral("bash"), {harness(), QStringLiteral("stop"), m_dir.path()});
    m_started = false;
    if (m_lifeline >= 0)
        ::close(m_lifeline);
    m_lifeline = -1;
}

QString RealHypervisor::startSshd()
{
    QProcess process;
    process.start(QStringLiteral("bash"), {harness(), QStringLiteral("sshd"), m_dir.path()});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        m_error = QStringLiteral("cannot start sshd: ") + QString::fromUtf8(process.readAllStandardError()).trimmed();
        process.kill();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
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
