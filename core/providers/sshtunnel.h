#pragma once

#include "consoleroute.h"
#include "model/error.h"

#include <QFuture>
#include <QObject>
#include <QPromise>

#include <chrono>
#include <memory>

class QProcess;
class QSocketNotifier;
class QTemporaryDir;
class QTimer;

namespace Atrium {

/// One connection to a display on a remote hypervisor, through the system's `ssh` (the same
/// user, host, port and key as the host URI; BatchMode, so it never waits for a prompt).
/// open() answers a connected socket once the display has spoken (its RFB greeting is
/// waiting to be read), or ssh's failure in plain words. The tunnel then lives as long as
/// that one connection: ssh exits when it ends, and dies with Atrium (PR_SET_PDEATHSIG).
class SshTunnel final : public QObject {
    Q_OBJECT

public:
    /// Connects to @p target ("/path/vnc.sock" or "127.0.0.1:5901" on the hypervisor). The
    /// tunnel is a child of @p owner; the receiver owns the returned descriptor.
    static QFuture<Result<int>> open(const SshDestination &destination, const QString &target, QObject *owner,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

    ~SshTunnel() override;

    /// The program run ("ssh"); tests and odd systems may point ATRIUM_SSH at another.
    static QString sshProgram();

private:
    SshTunnel(SshDestination destination, QString target, QObject *owner);
    void start(std::chrono::milliseconds timeout);
    /// -L tunnels: connects to ssh's local socket once it is there.
    void connectLocalSocket();
    /// Watches @p fd until the display's first bytes arrive (ready) or it closes (failure).
    void awaitGreeting(int fd);
    void succeed();
    void failWith(const QString &message);
    void failFromSsh();

    SshDestination m_destination;
    QString m_target;
    QProcess *m_process = nullptr;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_poll = nullptr;
    QTimer *m_deadline = nullptr;
    std::unique_ptr<QTemporaryDir> m_localDir;
    QString m_localSocket;
    int m_fd = -1;  ///< ours until succeed() hands it over
    std::shared_ptr<QPromise<Result<int>>> m_promise;
    bool m_settled = false;
};

}  // namespace Atrium
