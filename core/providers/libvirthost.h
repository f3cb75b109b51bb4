#pragma once

#include "model/domain.h"
#include "model/domainsample.h"
#include "libvirteventrelay.h"
#include "model/error.h"
#include "model/consolestream.h"
#include "model/host.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace Atrium {

class AskpassBroker;
class CredentialBook;
class LibvirtWorker;
namespace Testing {
class SlowHost;
}

/// Settings that say how Atrium uses a host.
struct HostOptions {
    QString storagePoolPath = QStringLiteral("/var/lib/libvirt/images/atrium");
    /// The virtualization of hosts added without a remembered setting.
    Virtualization virtualization = Virtualization::Auto;
    /// Whether hosts added without a remembered setting show domains Atrium did not create.
    bool showForeignDomains = true;
    std::chrono::milliseconds reconnectMin{1000};
    std::chrono::milliseconds reconnectMax{30000};
    /// A connection attempt without an answer after this long is reported as timed out.
    std::chrono::milliseconds connectTimeout{20000};
    /// atrium-askpass, through which Atrium answers ssh's questions; empty = ssh asks nobody.
    QString askpassHelper;
    /// Shared by a registry's hosts (HostRegistry makes them); a lone host makes its own book.
    std::shared_ptr<CredentialBook> credentials;
    std::shared_ptr<AskpassBroker> askpass;
};

/// One libvirt host, seen from the main thread. Every call returns at once; the
/// work runs on the host's own worker thread and the answer arrives as a
/// QFuture whose continuations run wherever the caller's context object lives.
class LibvirtHost final : public QObject {
    Q_OBJECT

public:
    LibvirtHost(QString uri, HostOptions options, QObject *parent = nullptr);
    ~LibvirtHost() override;

    QString uri() const { return m_info.uri; }
    HostInfo info() const { return m_info; }
    bool isConnected() const { return m_info.state == HostState::Connected; }
    bool isSimulated() const { return m_info.simulated; }

    /// The virtualization setting and what KVM did here (remembered with the host).
    HostSettings settings() const;
    /// Applies a remembered or changed setting; the next start uses it.
    void applySettings(const HostSettings &settings);

    /// True when the hypervisor runs on this machine (no network in the path).
    bool isLocal() const;

    /// Starts connecting (and reconnecting after failures) in the background.
    void connectToHost();
    /// Connects now if not connected, skipping the back-off wait.
    void reconnectNow();
    /// The answers to give this host's questions from now on (kept in memory only); connects.
    void provideCredentials(const HostCredentials &credentials);
    /// Whether answers were given (provideCredentials) for this host.
    bool hasCredentials() const;

    /// Defines (or redefines) and starts the domain with this host's virtualization. In auto,
    /// a start that KVM fails is made under emulation, and the host emulates from then on
    /// (DomainInfo::kvmFailure says why; settings() remembers it).
    QFuture<Result<DomainInfo>> ensureRunning(DomainSpec spec);

    /// Graceful shutdown; if the domain is still running after @p deadline, destroy.
    QFuture<Result<StopOutcome>> stop(const QString &domain, std::chrono::milliseconds deadline);
    QFuture<Result<StopOutcome>> destroy(const QString &domain);
    QFuture<Result<void>> remove(const QString &domain);
    QFuture<Result<DomainInfo>> domainInfo(const QString &domain);
    /// The domain's state and what its XML says (DomainInfo::details).
    QFuture<Result<DomainInfo>> domainDetails(const QString &domain);
    /// Changes a domain Atrium did not create, field by field (never a redefinition).
    QFuture<Result<void>> editDomain(const QString &domain, DomainEdit edit);
    /// Destroys and undefines a domain Atrium did not create (and deletes its disks if asked);
    /// the answer says what was done, a line per step.
    QFuture<Result<QStringList>> undefine(const QString &domain, bool removeDisks);
    QFuture<Result<int>> syncFilesystems(const QString &domain);
    /// The last @p maxBytes of the domain's serial console, read through libvirt.
    QFuture<Result<QByteArray>> serialLog(const QString &domain, qint64 maxBytes = 64 * 1024);
    /// Every domain on the host, with its details (see LibvirtWorker::listDomains).
    QFuture<Result<QList<DomainInfo>>> domains();
    /// A socket to the running domain's VNC server (see LibvirtWorker::openGraphics).
    /// The receiver owns it; a result nobody takes is a leaked descriptor.
    QFuture<Result<int>> openGraphics(const QString &domain);
    /// The running domain's serial console, as a stream on this host's thread.
    QFuture<Result<std::shared_ptr<ConsoleStream>>> openSerialConsole(const QString &domain);
    QFuture<Result<HostInfo>> refreshInfo();
    /// One bulk statistics call for every running domain (the metrics sampler's tick), or with
    /// @p only for those running domains alone (StatsCollection::complete says which it was).
    QFuture<Result<StatsCollection>> collectStats(const StatsGroups &groups, std::optional<QStringList> only = std::nullopt);

Q_SIGNALS:
    void infoChanged(const Atrium::HostInfo &info);
    void domainEvent(const Atrium::DomainEvent &event);

private:
    // The tests' stand-in for a hypervisor slow to answer: it holds the worker thread (nothing
    // else outside this class reaches the worker).
    friend class Testing::SlowHost;

    /// Runs @p job on the worker thread with the worker's connection; every operation above is one.
    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(LibvirtWorker &)> job);
    void postToWorker(std::function<void(LibvirtWorker &)> job);
    void handleConnectResult(const Result<HostInfo> &result);
    void handleConnectTimeout();
    /// The ssh wrapper that lets Atrium answer ssh's questions for this host (or empty).
    QString sshCommand() const;
    void handleDomainEvent(const DomainEvent &event);
    void handleConnectionLost(const QString &reason);
    void scheduleReconnect();
    void setInfo(const HostInfo &info);
    /// @p info (what the worker saw) with this host's settings and the domain type they give.
    HostInfo withSettings(HostInfo info) const;
    void settleStops(const QString &domain, StopOutcome outcome);

    HostOptions m_options;
    HostInfo m_info;
    LibvirtEventRelayPtr m_relay;
    QThread *m_thread = nullptr;
    LibvirtWorker *m_worker = nullptr;
    QTimer m_reconnectTimer;
    QTimer m_infoRefreshTimer;
    QTimer m_connectDeadline;
    std::chrono::milliseconds m_reconnectDelay;
    bool m_connecting = false;
    QHash<QString, QList<std::shared_ptr<QPromise<Result<StopOutcome>>>>> m_pendingStops;
    QStringList m_forgottenDomains;  ///< part of settings(), not of HostInfo
};

template <typename T>
QFuture<Result<T>> LibvirtHost::run(std::function<Result<T>(LibvirtWorker &)> job)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> future = promise->future();
    // The answer comes back as a queued call to this object, so an operation never finishes
    // within the call that started it: a caller's state ("pending") holds until the event loop
    // turns, and every continuation starts on this thread.
    postToWorker([this, promise, job = std::move(job)](LibvirtWorker &worker) {
        QMetaObject::invokeMethod(
            this, [promise, result = job(worker)]() mutable {
                promise->addResult(std::move(result));
                promise->finish();
            },
            Qt::QueuedConnection);
    });
    return future;
}

}  // namespace Atrium
