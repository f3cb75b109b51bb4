#include "sshtunnel.h"

#include "privatedirectory.h"

#include <QFileInfo>
#include <QProcess>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Atrium {

namespace {

constexpr std::chrono::milliseconds kLocalSocketPoll{20};
constexpr std::chrono::milliseconds kStderrGrace{300};

int connectUnixSocket(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (native.size() >= qsizetype(sizeof(address.sun_path)))
        return -1;
    memcpy(address.sun_path, native.constData(), size_t(native.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

}  // namespace

QString SshTunnel::sshProgram()
{
    const QString configured = qEnvironmentVariable("ATRIUM_SSH");
    return configured.isEmpty() ? QStringLiteral("ssh") : configured;
}

QFuture<Result<int>> SshTunnel::open(const SshDestination &destination, const QString &target, QObject *owner,
                                     std::chrono::milliseconds timeout)
{
    auto *tunnel = new SshTunnel(destination, target, owner);
    QFuture<Result<int>> future = tunnel->m_promise->future();
    tunnel->start(timeout);
    return future;
}

SshTunnel::SshTunnel(SshDestination destination, QString target, QObject *owner)
    : QObject(owner)
    , m_destination(std::move(destination))
    , m_target(std::move(target))
    , m_process(new QProcess(this))
    , m_poll(new QTimer(this))
    , m_deadline(new QTimer(this))
    , m_promise(std::make_shared<QPromise<Result<int>>>())
{
    m_promise->start();
    m_poll->setInterval(kLocalSocketPoll);
    m_deadline->setSingleShot(true);
}

SshTunnel::~SshTunnel()
{
    if (!m_settled)
        failWith(QStringLiteral("the SSH tunnel to %1 was closed before it was ready").arg(m_destination.display()));
    if (m_fd >= 0)
        ::close(m_fd);
    // QProcess's destructor kills ssh; the one connection it carried ends with it.
}

void SshTunnel::start(std::chrono::milliseconds timeout)
{
    const bool viaLocalSocket = m_target.startsWith(u'/');
    int childEnd = -1;
    if (viaLocalSocket) {
        m_localDir = makePrivateDirectory(QStringLiteral("atrium-ssh"));
        if (!m_localDir) {
            failWith(QStringLiteral("cannot make a private directory for the SSH tunnel"));
            deleteLater();
            return;
        }
        m_localSocket = m_localDir->filePath(QStringLiteral("vnc"));
    } else {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
            failWith(QStringLiteral("cannot make a socket pair for the SSH tunnel: %1").arg(QString::fromLocal8Bit(strerror(errno))));
            deleteLater();
            return;
        }
        m_fd = pair[0];
        childEnd = pair[1];
    }

    m_process->setProgram(m_destination.program.isEmpty() ? sshProgram() : m_destination.program);
    m_process->setArguments(sshTunnelArguments(m_destination, m_target, m_localSocket));
    m_process->setStandardInputFile(QProcess::nullDevice());
    if (childEnd >= 0)
        m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setChildProcessModifier([childEnd] {
        // ssh's stdin and stdout are the tunnel (-W); dup2 clears close-on-exec on the copies.
        if (childEnd >= 0) {
            ::dup2(childEnd, STDIN_FILENO);
            ::dup2(childEnd, STDOUT_FILENO);
        }
        // If Atrium dies, so does the tunnel.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        failWith(QStringLiteral("cannot run %1 for the SSH tunnel to %2: %3 (install openssh-client)")
                     .arg(sshProgram(), m_destination.display(), m_process->errorString()));
        deleteLater();  // no finished() follows a failed start
    });
    connect(m_process, &QProcess::finished, this, [this] {
        if (!m_settled)
            failFromSsh();
        deleteLater();  // the one connection it carried has ended
    });
    connect(m_deadline, &QTimer::timeout, this, [this] {
        failWith(QStringLiteral("the SSH tunnel to %1 did not reach the display within %2 s")
                     .arg(m_destination.display())
                     .arg(m_deadline->interval() / 1000));
        m_process->kill();
    });
    m_deadline->start(timeout);
    m_process->start();
    if (childEnd >= 0)
        ::close(childEnd);  // the child has its copy (or never started)
    if (m_settled)
        return;
    if (viaLocalSocket) {
        connect(m_poll, &QTimer::timeout, this, &SshTunnel::connectLocalSocket);
        m_poll->start();
    } else {
        awaitGreeting(m_fd);
    }
}

void SshTunnel::connectLocalSocket()
{
    if (m_settled || !QFileInfo::exists(m_localSocket))
        return;
    m_fd = connectUnixSocket(m_localSocket);
    // ssh binds the socket before it listens on it: between the two, a connection is refused.
    // The poll comes back until the deadline.
    if (m_fd < 0 && errno == ECONNREFUSED)
        return;
    m_poll->stop();
    // Nobody else may use this end: ssh keeps the one connection, the name goes.
    QFile::remove(m_localSocket);
    if (m_fd < 0) {
        failWith(QStringLiteral("cannot connect to the SSH tunnel's local end: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        m_process->kill();
        return;
    }
    awaitGreeting(m_fd);
}

void SshTunnel::awaitGreeting(int fd)
{
    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        const ssize_t n = ::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) {
            succeed();
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            // Closed before the display said anything. ssh says why on stderr, and may stay
            // (a -L tunnel's remote `sleep`): give its words a moment to arrive, then end it.
            m_notifier->setEnabled(false);
            QTimer::singleShot(kStderrGrace, this, [this] {
                failFromSsh();
                m_process->kill();
            });
        }
    });
}

void SshTunnel::succeed()
{
    if (m_settled)
        return;
    m_settled = true;
    m_deadline->stop();
    m_notifier->setEnabled(false);
    const int fd = m_fd;
    m_fd = -1;
    m_promise->addResult(fd);
    m_promise->finish();
}

void SshTunnel::failWith(const QString &message)
{
    if (m_settled)
        return;
    m_settled = true;
    m_deadline->stop();
    m_poll->stop();
    if (m_notifier)
        m_notifier->setEnabled(false);
    m_promise->addResult(fail(ErrorCode::VmUnavailable, message));
    m_promise->finish();
}

void SshTunnel::failFromSsh()
{
    failWith(sshFailureMessage(m_destination, QString::fromLocal8Bit(m_process->readAllStandardError())));
}

}  // namespace Atrium
