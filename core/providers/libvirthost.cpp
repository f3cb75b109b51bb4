#include "libvirthost.h"

#include "base/continuation.h"
#include "base/threadcputime.h"
#include "askpassbroker.h"
#include "connectionerror.h"
#include "credentialbook.h"
#include "libvirtconsolestream.h"
#include "libvirtworker.h"
#include "sshtunnel.h"
#include "statscollector.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QThread>
#include <QUrl>

namespace Atrium {

Q_LOGGING_CATEGORY(lcHost, "atrium.host")

namespace {

constexpr std::chrono::milliseconds kInfoDebounce{300};
constexpr std::chrono::milliseconds kInfoRefreshInterval{30000};
constexpr int kShutdownWaitMs = 20000;

template <typename T>
void settle(const std::shared_ptr<QPromise<Result<T>>> &promise, Result<T> value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

}  // namespace

LibvirtHost::LibvirtHost(QString uri, HostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_reconnectDelay(m_options.reconnectMin)
{
    if (!m_options.credentials)
        m_options.credentials = std::make_shared<CredentialBook>();
    m_info.uri = uri;
    m_info.state = HostState::Disconnected;
    m_info.simulated = uri.startsWith(u"test:");
    m_info.virtualization = m_options.virtualization;
    m_info.showForeignDomains = m_options.showForeignDomains;
    m_info.virtType = effectiveVirtType(m_info);

    // libvirt calls these on its event-loop thread; hop to ours before touching state.
    m_relay = std::make_shared<LibvirtEventRelay>(
        [this](const DomainEvent &event) {
            QMetaObject::invokeMethod(this, [this, event] { handleDomainEvent(event); }, Qt::QueuedConnection);
        },
        [this](const QString &reason) {
            QMetaObject::invokeMethod(this, [this, reason] { handleConnectionLost(reason); }, Qt::QueuedConnection);
        });

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("libvirt ") + uri);
    m_worker = new LibvirtWorker(uri, m_options.storagePoolPath, m_relay);
    m_worker->moveToThread(m_thread);
    m_thread->start();

    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &LibvirtHost::connectToHost);
    m_connectDeadline.setSingleShot(true);
    connect(&m_connectDeadline, &QTimer::timeout, this, &LibvirtHost::handleConnectTimeout);
    m_infoRefreshTimer.setSingleShot(true);
    connect(&m_infoRefreshTimer, &QTimer::timeout, this, [this] {
        if (isConnected())
            refreshInfo();
    });
}

LibvirtHost::~LibvirtHost()
{
    m_relay->detach();
    for (auto &promises : m_pendingStops) {
        for (auto &promise : promises)
            settle<StopOutcome>(promise, fail(ErrorCode::VmUnavailable, QStringLiteral("Atrium is shutting down")));
    }
    postToWorker([](LibvirtWorker &worker) {
        worker.close();
        QThread::currentThread()->quit();
    });
    if (!m_thread->wait(QDeadlineTimer(kShutdownWaitMs))) {
        // A call into a dead host is still blocked; leaving the thread is safer than killing it.
        qCWarning(lcHost) << "host" << m_info.uri << "did not close within" << kShutdownWaitMs << "ms";
        return;
    }
    delete m_worker;
    delete m_thread;
}

bool LibvirtHost::isLocal() const
{
    const QUrl url(m_info.uri);
    const QString host = url.host();
    if (host.isEmpty() || host == u"localhost")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

void LibvirtHost::postToWorker(std::function<void(LibvirtWorker &)> job)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job = std::move(job)] { job(*worker); },
                              Qt::QueuedConnection);
}

void LibvirtHost::setInfo(const HostInfo &info)
{
    if (info == m_info)
        return;
    m_info = info;
    Q_EMIT infoChanged(m_info);
}

HostInfo LibvirtHost::withSettings(HostInfo info) const
{
    info.virtualization = m_info.virtualization;
    info.kvmFailure = m_info.kvmFailure;
    info.kvmFailedAt = m_info.kvmFailedAt;
    info.showForeignDomains = m_info.showForeignDomains;
    info.displayName = m_info.displayName;
    info.virtType = effectiveVirtType(info);
    return info;
}

HostSettings LibvirtHost::settings() const
{
    return HostSettings{m_info.uri,         m_info.virtualization,     m_info.kvmFailure,
                        m_info.kvmFailedAt, m_info.showForeignDomains, m_forgottenDomains,
                        m_info.displayName};
}

void LibvirtHost::applySettings(const HostSettings &settings)
{
    HostInfo info = m_info;
    info.virtualization = settings.virtualization;
    info.kvmFailure = settings.kvmFailure;
    info.kvmFailedAt = settings.kvmFailedAt;
    info.showForeignDomains = settings.showForeignDomains;
    info.displayName = settings.displayName;
    info.virtType = effectiveVirtType(info);
    m_forgottenDomains = settings.forgottenDomains;
    setInfo(info);
}

void LibvirtHost::connectToHost()
{
    if (m_connecting || isConnected())
        return;
    m_connecting = true;
    HostInfo info = m_info;
    info.state = HostState::Connecting;
    info.credentialsNeeded.clear();
    info.credentialsRefused = false;
    setInfo(info);
    m_connectDeadline.start(m_options.connectTimeout);
    continueOn(run<HostInfo>([book = m_options.credentials, ssh = sshCommand()](LibvirtWorker &worker) {
                   return worker.open(*book, ssh);
               }),
               this, [this](const Result<HostInfo> &result) { handleConnectResult(result); });
}

void LibvirtHost::reconnectNow()
{
    m_reconnectTimer.stop();
    m_reconnectDelay = m_options.reconnectMin;
    connectToHost();
}

void LibvirtHost::provideCredentials(const HostCredentials &credentials)
{
    m_options.credentials->provide(m_info.uri, credentials);
    reconnectNow();
}

bool LibvirtHost::hasCredentials() const
{
    return m_options.credentials->has(m_info.uri);
}

QString LibvirtHost::sshCommand() const
{
    return m_options.askpass ? m_options.askpass->sshCommandFor(m_info.uri) : QString();
}

void LibvirtHost::handleConnectTimeout()
{
    if (!m_connecting)
        return;
    // The worker is still blocked in libvirt; its answer, whenever it comes, is handled as usual.
    HostInfo info = m_info;
    info.state = HostState::Failed;
    info.lastError = QStringLiteral("timed out: %1 gave no answer within %2 s (still waiting for it)")
                         .arg(defaultHostName(m_info.uri))
                         .arg(m_options.connectTimeout.count() / 1000.0);
    setInfo(info);
    qCWarning(lcHost).noquote() << info.lastError;
}

void LibvirtHost::handleConnectResult(const Result<HostInfo> &result)
{
    m_connecting = false;
    m_connectDeadline.stop();
    if (result) {
        m_reconnectDelay = m_options.reconnectMin;
        setInfo(withSettings(*result));
        m_infoRefreshTimer.start(kInfoRefreshInterval);
        qCInfo(lcHost) << "connected to" << m_info.uri << "(" << m_info.hypervisor << m_info.virtType << ")";
        return;
    }
    const CredentialOutcome outcome = m_options.credentials->outcome(m_info.uri);
    HostInfo info = m_info;
    info.lastError = plainConnectionError(m_info.uri, result.error().message, outcome);
    if (outcome.needsCredentials()) {
        // Asking again would get the same answer (or lock the account): wait for an admin.
        info.state = HostState::NeedsCredentials;
        info.credentialsNeeded = outcome.unanswered + outcome.refused;
        info.credentialsRefused = !outcome.refused.isEmpty();
        setInfo(info);
        qCWarning(lcHost).noquote() << info.lastError;
        return;
    }
    info.state = HostState::Failed;
    setInfo(info);
    qCWarning(lcHost).noquote() << info.lastError;
    scheduleReconnect();
}

void LibvirtHost::scheduleReconnect()
{
    m_reconnectTimer.start(m_reconnectDelay);
    m_reconnectDelay = std::min(m_reconnectDelay * 2, m_options.reconnectMax);
}

void LibvirtHost::handleConnectionLost(const QString &reason)
{
    HostInfo info = m_info;
    info.state = HostState::Disconnected;
    info.lastError = reason;
    setInfo(info);
    qCWarning(lcHost).noquote() << "lost" << m_info.uri << ":" << reason;
    const auto pending = std::exchange(m_pendingStops, {});
    for (const auto &promises : pending) {
        for (const auto &promise : promises)
            settle<StopOutcome>(promise, fail(ErrorCode::VmUnavailable, QStringLiteral("lost %1: %2").arg(m_info.uri, reason)));
    }
    scheduleReconnect();
}

void LibvirtHost::handleDomainEvent(const DomainEvent &event)
{
    if (event.kind == DomainEventKind::Stopped)
        settleStops(event.domainName, StopOutcome::ShutDown);
    if (!m_infoRefreshTimer.isActive() || m_infoRefreshTimer.remainingTime() > kInfoDebounce.count())
        m_infoRefreshTimer.start(kInfoDebounce);
    Q_EMIT domainEvent(event);
}

void LibvirtHost::settleStops(const QString &domain, StopOutcome outcome)
{
    for (const auto &promise : m_pendingStops.take(domain))
        settle<StopOutcome>(promise, outcome);
}

QFuture<Result<DomainInfo>> LibvirtHost::ensureRunning(DomainSpec spec)
{
    spec.virtType = m_info.virtType;
    spec.graphicsListen = graphicsListenFor(m_info.uri);
    spec.mayEmulate = m_info.virtualization == Virtualization::Auto;
    auto starting = run<DomainInfo>([spec](LibvirtWorker &worker) { return worker.ensureRunning(spec); });
    return continueOn(starting, this, [this](const Result<DomainInfo> &started) {
        if (started && !started->kvmFailure.isEmpty() && m_info.kvmFailure.isEmpty()) {
            qCWarning(lcHost).noquote() << "KVM is unusable on" << m_info.uri << "(QEMU:" << started->kvmFailure
                                        << "); its domains are emulated until its virtualization setting changes";
            HostSettings failed = settings();
            failed.kvmFailure = started->kvmFailure;
            failed.kvmFailedAt = QDateTime::currentDateTimeUtc();
            applySettings(failed);
        }
        return started;
    });
}

QFuture<Result<StopOutcome>> LibvirtHost::stop(const QString &domain, std::chrono::milliseconds deadline)
{
    auto promise = std::make_shared<QPromise<Result<StopOutcome>>>();
    promise->start();
    QFuture<Result<StopOutcome>> future = promise->future();
    auto asking = run<std::optional<StopOutcome>>([domain](LibvirtWorker &worker) { return worker.requestShutdown(domain); });
    continueOn(asking, this, [this, promise, domain, deadline](const Result<std::optional<StopOutcome>> &asked) {
        if (!asked) {
            settle<StopOutcome>(promise, fail(asked.error()));
            return;
        }
        if (asked->has_value()) {
            settle<StopOutcome>(promise, **asked);
            return;
        }
        // The guest is shutting down: its STOPPED event settles the promise,
        // unless the deadline comes first.
        m_pendingStops[domain].append(promise);
        QTimer::singleShot(deadline, this, [this, promise, domain] {
            auto it = m_pendingStops.find(domain);
            if (it == m_pendingStops.end() || !it->removeOne(promise))
                return;  // already settled
            if (it->isEmpty())
                m_pendingStops.erase(it);
            continueOn(destroy(domain), this, [promise](const Result<StopOutcome> &destroyed) {
                if (destroyed && *destroyed == StopOutcome::AlreadyStopped)
                    settle<StopOutcome>(promise, StopOutcome::ShutDown);  // it made it just in time
                else
                    settle<StopOutcome>(promise, destroyed);
            });
        });
    });
    return future;
}

QFuture<Result<StopOutcome>> LibvirtHost::destroy(const QString &domain)
{
    return run<StopOutcome>([domain](LibvirtWorker &worker) { return worker.destroy(domain); });
}

QFuture<Result<void>> LibvirtHost::remove(const QString &domain)
{
    return run<void>([domain](LibvirtWorker &worker) { return worker.remove(domain); });
}

QFuture<Result<DomainInfo>> LibvirtHost::domainInfo(const QString &domain)
{
    return run<DomainInfo>([domain](LibvirtWorker &worker) { return worker.domainInfo(domain); });
}

QFuture<Result<int>> LibvirtHost::syncFilesystems(const QString &domain)
{
    return run<int>([domain](LibvirtWorker &worker) { return worker.syncFilesystems(domain); });
}

QFuture<Result<QByteArray>> LibvirtHost::serialLog(const QString &domain, qint64 maxBytes)
{
    return run<QByteArray>([domain, maxBytes](LibvirtWorker &worker) { return worker.serialLog(domain, maxBytes); });
}

QFuture<Result<std::shared_ptr<ConsoleStream>>> LibvirtHost::openSerialConsole(const QString &domain)
{
    using Stream = std::shared_ptr<ConsoleStream>;
    auto opened = run<virStreamPtr>([domain](LibvirtWorker &worker) { return worker.openConsole(domain); });
    return continueOn(opened, this, [domain](const Result<virStreamPtr> &stream) -> Result<Stream> {
        if (!stream)
            return fail(stream.error());
        // deleteLater: a stream may end while its own signal is being delivered.
        return Stream(new LibvirtConsoleStream(*stream, domain), [](ConsoleStream *s) { s->deleteLater(); });
    });
}

QFuture<Result<int>> LibvirtHost::openGraphics(const QString &domain)
{
    const auto ssh = sshDestinationFor(m_info.uri);
    if (!ssh)
        return run<int>([domain](LibvirtWorker &worker) { return worker.openGraphics(domain); });
    // libvirt cannot pass a descriptor over this connection: tunnel to the display's listener.
    auto promise = std::make_shared<QPromise<Result<int>>>();
    promise->start();
    QFuture<Result<int>> future = promise->future();
    auto live = run<DomainDetails>([domain](LibvirtWorker &worker) { return worker.liveDetails(domain); });
    SshDestination destination = *ssh;
    destination.program = sshCommand();
    continueOn(live, this, [this, promise, domain, destination](const Result<DomainDetails> &details) {
        if (!details)
            return settle<int>(promise, fail(details.error()));
        auto target = tunnelTarget(domain, details->graphics, details->spiceToo);
        if (!target)
            return settle<int>(promise, fail(target.error()));
        continueOn(SshTunnel::open(destination, *target, this), this,
                   [promise](const Result<int> &fd) { settle<int>(promise, fd); },
                   [promise] { settle<int>(promise, fail(ErrorCode::VmUnavailable, QStringLiteral("Atrium is shutting down"))); });
    }, [promise] { settle<int>(promise, fail(ErrorCode::VmUnavailable, QStringLiteral("Atrium is shutting down"))); });
    return future;
}

QFuture<Result<DomainInfo>> LibvirtHost::domainDetails(const QString &domain)
{
    return run<DomainInfo>([domain](LibvirtWorker &worker) { return worker.domainInfo(domain, true); });
}

QFuture<Result<void>> LibvirtHost::editDomain(const QString &domain, DomainEdit edit)
{
    return run<void>([domain, edit = std::move(edit)](LibvirtWorker &worker) { return worker.editDomain(domain, edit); });
}

QFuture<Result<QStringList>> LibvirtHost::undefine(const QString &domain, bool removeDisks)
{
    return run<QStringList>([domain, removeDisks](LibvirtWorker &worker) { return worker.undefine(domain, removeDisks); });
}

QFuture<Result<QList<DomainInfo>>> LibvirtHost::domains()
{
    return run<QList<DomainInfo>>([](LibvirtWorker &worker) { return worker.listDomains(); });
}

QFuture<Result<StatsCollection>> LibvirtHost::collectStats(const StatsGroups &groups, std::optional<QStringList> only)
{
    return run<StatsCollection>([groups = StatsGroups(groups), only = std::move(only)](LibvirtWorker &worker) mutable
                                -> Result<StatsCollection> {
        QElapsedTimer wall;
        wall.start();
        const qint64 cpuBefore = threadCpuTimeNs();
        StatsCollection collected;
        // A host whose groups are not known yet is swept whole, whatever was asked.
        collected.complete = !only || !groups.probed;
        auto samples = only ? collectDomainStats(worker.connection(), groups, *only) : collectDomainStats(worker.connection(), groups);
        collected.groups = groups;
        if (samples)
            collected.samples = std::move(*samples);
        else
            collected.error = samples.error().message;
        collected.cpuNs = threadCpuTimeNs() - cpuBefore;
        collected.wallNs = wall.nsecsElapsed();
        return collected;
    });
}

QFuture<Result<HostInfo>> LibvirtHost::refreshInfo()
{
    auto asking = run<HostInfo>([](LibvirtWorker &worker) { return worker.hostInfo(); });
    return continueOn(asking, this, [this](Result<HostInfo> info) {
        if (info && isConnected()) {
            *info = withSettings(*info);
            setInfo(*info);
        }
        if (isConnected())
            m_infoRefreshTimer.start(kInfoRefreshInterval);
        return info;
    });
}

}  // namespace Atrium
