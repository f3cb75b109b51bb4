#include "libvirtworker.h"

#include "accelerator.h"
#include "askpassbroker.h"
#include "connectionauth.h"
#include "domaininspection.h"
#include "domainxml.h"
#include "guestnetworks.h"
#include "libvirterror.h"
#include "libvirthandles.h"
#include "storagevolumes.h"

#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <libvirt/virterror.h>

namespace Atrium {

/// What libvirt's callbacks get as their opaque pointer: where to deliver, and for which host.
struct LibvirtCallbackContext {
    LibvirtEventRelayPtr relay;
    QString uri;
};

namespace {

DomainState toDomainState(int state)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING: return DomainState::Running;
    case VIR_DOMAIN_BLOCKED: return DomainState::Blocked;
    case VIR_DOMAIN_PAUSED: return DomainState::Paused;
    case VIR_DOMAIN_SHUTDOWN: return DomainState::ShuttingDown;
    case VIR_DOMAIN_SHUTOFF: return DomainState::Shutoff;
    case VIR_DOMAIN_CRASHED: return DomainState::Crashed;
    case VIR_DOMAIN_PMSUSPENDED: return DomainState::Suspended;
    default: return DomainState::NoState;
    }
}

DomainEvent toDomainEvent(int event, int detail)
{
    DomainEvent e;
    switch (event) {
    case VIR_DOMAIN_EVENT_DEFINED: e.kind = DomainEventKind::Defined; break;
    case VIR_DOMAIN_EVENT_UNDEFINED: e.kind = DomainEventKind::Undefined; break;
    case VIR_DOMAIN_EVENT_STARTED:
        e.kind = DomainEventKind::Started;
        e.reason = detail == VIR_DOMAIN_EVENT_STARTED_RESTORED ? QStringLiteral("restored") : QStringLiteral("booted");
        break;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        e.kind = DomainEventKind::Suspended;
        e.reason = detail == VIR_DOMAIN_EVENT_SUSPENDED_IOERROR ? QStringLiteral("I/O error") : QStringLiteral("paused");
        e.failure = detail == VIR_DOMAIN_EVENT_SUSPENDED_IOERROR || detail == VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG;
        break;
    case VIR_DOMAIN_EVENT_RESUMED: e.kind = DomainEventKind::Resumed; break;
    case VIR_DOMAIN_EVENT_STOPPED:
        e.kind = DomainEventKind::Stopped;
        switch (detail) {
        case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN: e.reason = QStringLiteral("shut down"); break;
        case VIR_DOMAIN_EVENT_STOPPED_DESTROYED: e.reason = QStringLiteral("destroyed"); break;
        case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
            e.reason = QStringLiteral("crashed");
            e.failure = true;
            break;
        case VIR_DOMAIN_EVENT_STOPPED_FAILED:
            e.reason = QStringLiteral("failed");
            e.failure = true;
            break;
        case VIR_DOMAIN_EVENT_STOPPED_MIGRATED: e.reason = QStringLiteral("migrated away"); break;
        case VIR_DOMAIN_EVENT_STOPPED_SAVED: e.reason = QStringLiteral("saved"); break;
        default: e.reason = QStringLiteral("stopped"); break;
        }
        break;
    case VIR_DOMAIN_EVENT_SHUTDOWN: e.kind = DomainEventKind::Shutdown; break;
    case VIR_DOMAIN_EVENT_CRASHED:
        e.kind = DomainEventKind::Crashed;
        e.reason = QStringLiteral("guest panicked");
        e.failure = true;
        break;
    default: e.kind = DomainEventKind::Other; break;
    }
    return e;
}

int onLifecycle(virConnectPtr, virDomainPtr domain, int event, int detail, void *opaque)
{
    auto *context = static_cast<LibvirtCallbackContext *>(opaque);
    DomainEvent e = toDomainEvent(event, detail);
    e.hostUri = context->uri;
    e.domainName = QString::fromUtf8(virDomainGetName(domain));
    context->relay->deliverEvent(e);
    return 0;
}

void onClosed(virConnectPtr, int reason, void *opaque)
{
    auto *context = static_cast<LibvirtCallbackContext *>(opaque);
    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_CLIENT: return;  // we closed it ourselves
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        context->relay->deliverClosed(QStringLiteral("the host stopped answering keepalives"));
        return;
    case VIR_CONNECT_CLOSE_REASON_EOF:
        context->relay->deliverClosed(QStringLiteral("the host closed the connection"));
        return;
    default: context->relay->deliverClosed(QStringLiteral("the connection failed")); return;
    }
}

void freeContext(void *opaque)
{
    delete static_cast<LibvirtCallbackContext *>(opaque);
}

constexpr int kListingThreads = 8;
constexpr int kDomainsPerListingThread = 32;

Result<DomainInfo> describe(virDomainPtr domain)
{
    DomainInfo info;
    info.name = QString::fromUtf8(virDomainGetName(domain));
    char uuid[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(domain, uuid) == 0)
        info.uuid = QString::fromLatin1(uuid);
    int state = 0;
    int reason = 0;
    if (virDomainGetState(domain, &state, &reason, 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read the state of domain %1").arg(info.name)));
    info.state = toDomainState(state);
    return info;
}

}  // namespace

LibvirtWorker::LibvirtWorker(QString uri, QString storagePoolPath, LibvirtEventRelayPtr relay)
    : m_uri(std::move(uri))
    , m_storagePoolPath(std::move(storagePoolPath))
    , m_simulated(m_uri.startsWith(u"test:"))
    , m_relay(std::move(relay))
{
}

LibvirtWorker::~LibvirtWorker()
{
    close();
}

Result<virConnectPtr> LibvirtWorker::requireConnection() const
{
    if (!m_conn)
        return fail(ErrorCode::VmUnavailable, QStringLiteral("host %1 is not connected").arg(m_uri));
    return m_conn;
}

Result<DomainHandle> LibvirtWorker::findDomain(const QString &name) const
{
    if (auto conn = requireConnection(); !conn)
        return fail(conn.error());
    const QByteArray bytes = name.toUtf8();
    DomainHandle domain(virDomainLookupByName(m_conn, bytes.constData()));
    if (!domain)
        return fail(lastLibvirtError(QStringLiteral("cannot find domain %1").arg(name)));
    return domain;
}

Result<HostInfo> LibvirtWorker::open(CredentialBook &credentials, const QString &sshCommand)
{
    close();
    m_conn = openAuthenticated(m_uri, withSshCommand(m_uri, sshCommand), credentials);
    if (!m_conn)
        return fail(lastLibvirtError(QStringLiteral("cannot connect to %1").arg(m_uri)));

    // Keepalives notice a dead remote host; local drivers refuse them, which is fine.
    virConnectSetKeepAlive(m_conn, 5, 3);
    m_lifecycleCallback = virConnectDomainEventRegisterAny(
        m_conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(onLifecycle),
        new LibvirtCallbackContext{m_relay, m_uri}, freeContext);
    if (m_lifecycleCallback < 0) {
        Error error = lastLibvirtError(QStringLiteral("cannot subscribe to domain events on %1").arg(m_uri));
        close();
        return fail(error);
    }
    // Owned here, not given to libvirt to free: drivers without close callbacks (the simulator)
    // accept the registration and never call the free function.
    m_closeContext = std::make_unique<LibvirtCallbackContext>(LibvirtCallbackContext{m_relay, m_uri});
    m_closeCallbackRegistered = virConnectRegisterCloseCallback(m_conn, onClosed, m_closeContext.get(), nullptr) == 0;
    m_kvmOffered = detectKvm();
    return hostInfo();
}

void LibvirtWorker::unregisterCallbacks()
{
    if (!m_conn)
        return;
    if (m_lifecycleCallback >= 0)
        virConnectDomainEventDeregisterAny(m_conn, m_lifecycleCallback);
    if (m_closeCallbackRegistered)
        virConnectUnregisterCloseCallback(m_conn, onClosed);  // returns once no call of it runs
    m_lifecycleCallback = -1;
    m_closeCallbackRegistered = false;
    m_closeContext.reset();
}

void LibvirtWorker::close()
{
    if (!m_conn)
        return;
    unregisterCallbacks();
    virConnectClose(m_conn);
    m_conn = nullptr;
}

bool LibvirtWorker::detectKvm()
{
    if (m_simulated)
        return false;
    char *caps = virConnectGetDomainCapabilities(m_conn, nullptr, "x86_64", nullptr, "kvm", 0);
    if (!caps)
        return false;
    free(caps);
    return true;
}

Result<HostInfo> LibvirtWorker::hostInfo()
{
    auto conn = requireConnection();
    if (!conn)
        return fail(conn.error());
    HostInfo info;
    info.uri = m_uri;
    info.state = HostState::Connected;
    info.simulated = m_simulated;
    info.kvmOffered = m_kvmOffered;
    if (const char *type = virConnectGetType(*conn))
        info.hypervisor = QString::fromUtf8(type);
    if (char *hostname = virConnectGetHostname(*conn)) {
        info.hostname = QString::fromUtf8(hostname);
        free(hostname);
    }
    virNodeInfo node{};
    if (virNodeGetInfo(*conn, &node) == 0) {
        info.cpus = int(node.cpus);
        info.memoryMb = qint64(node.memory / 1024);
    }
    const unsigned long long freeBytes = virNodeGetFreeMemory(*conn);
    info.freeMemoryMb = qint64(freeBytes / (1024 * 1024));
    info.runningDomains = std::max(0, virConnectNumOfDomains(*conn));
    return info;
}

Result<void> LibvirtWorker::ensureStoragePool(QStringList &log)
{
    PoolHandle pool(virStoragePoolLookupByName(m_conn, kStoragePoolName.data()));
    if (!pool) {
        if (!lastErrorIsNoStorage())
            return fail(lastLibvirtError(QStringLiteral("cannot look up storage pool %1").arg(kStoragePoolName)));
        const QByteArray xml = storagePoolXml(m_storagePoolPath).toUtf8();
        pool.reset(virStoragePoolDefineXML(m_conn, xml.constData(), 0));
        if (!pool)
            return fail(lastLibvirtError(QStringLiteral("cannot define storage pool %1 at %2").arg(kStoragePoolName, m_storagePoolPath)));
        virStoragePoolSetAutostart(pool.get(), 1);
        log << QStringLiteral("defined storage pool %1 at %2").arg(kStoragePoolName, m_storagePoolPath);
    }
    if (virStoragePoolIsActive(pool.get()) != 1) {
        virStoragePoolBuild(pool.get(), 0);  // creates the directory; fails harmlessly if it exists
        if (virStoragePoolCreate(pool.get(), 0) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot start storage pool %1").arg(kStoragePoolName)));
    }
    virStoragePoolRefresh(pool.get(), 0);
    return {};
}

Result<void> LibvirtWorker::ensureVolume(const DomainSpec &spec, QStringList &log)
{
    if (auto ok = ensureStoragePool(log); !ok)
        return ok;
    PoolHandle pool(virStoragePoolLookupByName(m_conn, kStoragePoolName.data()));
    if (!pool)
        return fail(lastLibvirtError(QStringLiteral("cannot open storage pool %1").arg(kStoragePoolName)));
    const QByteArray name = volumeName(spec).toUtf8();
    VolumeHandle volume(virStorageVolLookupByName(pool.get(), name.constData()));
    const unsigned long long wanted = static_cast<unsigned long long>(spec.diskMb) * 1024 * 1024;
    if (!volume) {
        QElapsedTimer timer;
        timer.start();
        const QByteArray xml = volumeXml(spec).toUtf8();
        volume.reset(virStorageVolCreateXML(pool.get(), xml.constData(), 0));
        if (!volume)
            return fail(lastLibvirtError(QStringLiteral("cannot create disk %1").arg(QString::fromUtf8(name))));
        log << QStringLiteral("created disk %1 (%2 MiB, qcow2%3, %4 ms)")
                   .arg(QString::fromUtf8(name))
                   .arg(spec.diskMb)
                   .arg(spec.baseImagePath.isEmpty() ? QString()
                                                     : QStringLiteral(", copy-on-write over ") + spec.baseImagePath)
                   .arg(timer.elapsed());
        return {};
    }
    virStorageVolInfo info{};
    if (virStorageVolGetInfo(volume.get(), &info) == 0 && info.capacity < wanted) {
        // A disk that cannot grow still boots: say so in the log rather than refuse the launch.
        if (virStorageVolResize(volume.get(), wanted, 0) < 0) {
            log << QStringLiteral("disk %1 stays at %2 MiB: %3")
                       .arg(QString::fromUtf8(name))
                       .arg(info.capacity / (1024 * 1024))
                       .arg(lastLibvirtError(QStringLiteral("resize")).message);
        } else {
            log << QStringLiteral("grew disk %1 to %2 MiB").arg(QString::fromUtf8(name)).arg(spec.diskMb);
        }
    }
    return {};
}

Result<void> LibvirtWorker::prepareBoot(DomainSpec &spec, QStringList &log)
{
    const bool simulated = m_simulated;
    if (!spec.image && (simulated || !spec.serialLogPath.isEmpty()))
        return {};
    if (auto ok = ensureStoragePool(log); !ok) {
        if (spec.image)
            return ok;
        log << QStringLiteral("the serial console is not logged: %1").arg(ok.error().message);
        return {};
    }
    PoolHandle pool(virStoragePoolLookupByName(m_conn, kStoragePoolName.data()));
    if (!pool)
        return fail(lastLibvirtError(QStringLiteral("cannot open storage pool %1").arg(kStoragePoolName)));

    if (spec.image) {
        // The host boots its own copies, imported once per image version.
        const Image &image = *spec.image;
        auto import = [&](const QString &file, ImagePart part, const QString &sha256) -> Result<QString> {
            if (file.isEmpty())
                return QString();
            return importFile(m_conn, pool.get(), file, imageVolumeName(image, part), sha256, log);
        };
        auto kernel = import(image.kernelPath, ImagePart::Kernel, image.kernelSha256);
        if (!kernel)
            return fail(kernel.error());
        auto initrd = import(image.initrdPath, ImagePart::Initrd, image.initrdSha256);
        if (!initrd)
            return fail(initrd.error());
        auto disk = import(image.diskPath, ImagePart::Disk, image.diskSha256);
        if (!disk)
            return fail(disk.error());
        spec.kernelPath = *kernel;
        spec.initrdPath = *initrd;
        spec.kernelCmdline = image.cmdline;
        spec.baseImagePath = *disk;
        spec.baseImageFormat = image.diskFormat;
        if (image.hasDisk()) {
            // The overlay is what the guest sees: never smaller than its base.
            const qint64 baseMb = (image.diskVirtualBytes + 1024 * 1024 - 1) / (1024 * 1024);
            spec.diskMb = std::max(spec.diskMb, baseMb);
        }
        log << QStringLiteral("booting image %1 (version %2)").arg(image.id, image.version);
    } else if (!simulated && spec.kernelPath.isEmpty()) {
        log << QStringLiteral("no image: the domain boots from its own disk (blank when new)");
    }
    if (!simulated && spec.serialLogPath.isEmpty()) {
        auto directory = poolDirectory(pool.get());
        if (directory)
            spec.serialLogPath = *directory + u'/' + serialLogVolumeName(spec.name);
        else
            log << QStringLiteral("the serial console is not logged: %1").arg(directory.error().message);
    }
    return {};
}

Result<DomainInfo> LibvirtWorker::ensureRunning(DomainSpec spec)
{
    if (auto conn = requireConnection(); !conn)
        return fail(conn.error());
    QStringList log;
    const QByteArray name = spec.name.toUtf8();
    DomainHandle domain(virDomainLookupByName(m_conn, name.constData()));
    if (domain) {
        auto current = describe(domain.get());
        if (!current)
            return current;
        if (current->state == DomainState::Paused || current->state == DomainState::Suspended) {
            if (virDomainResume(domain.get()) < 0)
                return fail(lastLibvirtError(QStringLiteral("cannot resume domain %1").arg(spec.name)));
            log << QStringLiteral("resumed domain %1").arg(spec.name);
        }
        if (isDomainActive(current->state)) {
            auto info = describe(domain.get());
            if (info)
                info->log = log;
            return info;
        }
        if (spec.adopted) {
            // Not Atrium's definition to rewrite: start it as it is.
            if (virDomainCreate(domain.get()) < 0)
                return fail(lastLibvirtError(QStringLiteral("cannot start domain %1").arg(spec.name)));
            log << QStringLiteral("started domain %1 as defined on the host").arg(spec.name);
            auto info = describe(domain.get());
            if (info)
                info->log = log;
            return info;
        }
        spec.uuid = current->uuid;  // redefine in place: same UUID, current resources
    } else if (!lastErrorIsNoDomain()) {
        return fail(lastLibvirtError(QStringLiteral("cannot look up domain %1").arg(spec.name)));
    } else if (spec.adopted) {
        return fail(ErrorCode::NotFound, QStringLiteral("domain %1 is no longer defined on %2").arg(spec.name, m_uri));
    }

    if (auto ok = prepareBoot(spec, log); !ok)
        return fail(Error{ok.error().code == ErrorCode::VmUnavailable ? ErrorCode::VmUnavailable : ErrorCode::CreateFailed,
                          ok.error().message});
    if (spec.diskMb > 0) {
        if (auto ok = ensureVolume(spec, log); !ok)
            return fail(Error{ErrorCode::CreateFailed, ok.error().message});
    }
    if (auto ok = resolveGuestNetwork(m_conn, spec, log); !ok)
        return fail(Error{ErrorCode::CreateFailed, ok.error().message});
    const QString defined = spec.uuid.isEmpty() ? QStringLiteral("defined") : QStringLiteral("updated");
    auto defineAndStart = [&](const QString &virtType) -> Result<void> {
        spec.virtType = virtType;
        const QByteArray xml = domainXml(spec).toUtf8();
        domain.reset(virDomainDefineXML(m_conn, xml.constData()));
        if (!domain) {
            Error error = lastLibvirtError(QStringLiteral("cannot define domain %1").arg(spec.name));
            if (error.code != ErrorCode::VmUnavailable)
                error.code = ErrorCode::CreateFailed;
            return fail(error);
        }
        // A second definition (under emulation) must replace this one, not collide with it.
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        if (virDomainGetUUIDString(domain.get(), uuid) == 0)
            spec.uuid = QString::fromLatin1(uuid);
        log << QStringLiteral("%1 domain %2 (%3, %4 vCPU, %5 MiB)")
                   .arg(defined, spec.name, spec.virtType)
                   .arg(spec.vcpus)
                   .arg(spec.memoryMb);
        if (virDomainCreate(domain.get()) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot start domain %1").arg(spec.name)));
        return {};
    };
    auto started = startWithAcceleratorFallback(spec.virtType, spec.mayEmulate, defineAndStart);
    if (!started)
        return fail(started.error());
    if (!started->kvmFailure.isEmpty()) {
        log << QStringLiteral("KVM failed to start domain %1 (QEMU: %2); started it under emulation (TCG) instead")
                   .arg(spec.name, started->kvmFailure);
    }
    log << QStringLiteral("started domain %1").arg(spec.name);
    auto info = describe(domain.get());
    if (info) {
        info->log = log;
        info->virtType = started->virtType;
        info->kvmFailure = started->kvmFailure;
    }
    return info;
}

Result<std::optional<StopOutcome>> LibvirtWorker::requestShutdown(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    auto before = describe(domain->get());
    if (!before)
        return fail(before.error());
    if (!isDomainActive(before->state))
        return StopOutcome::AlreadyStopped;
    if (virDomainShutdown(domain->get()) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot shut down domain %1").arg(name)));
    auto after = describe(domain->get());
    if (!after)
        return fail(after.error());
    if (!isDomainActive(after->state))
        return StopOutcome::ShutDown;
    return std::optional<StopOutcome>{};
}

Result<StopOutcome> LibvirtWorker::destroy(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    auto current = describe(domain->get());
    if (!current)
        return fail(current.error());
    if (!isDomainActive(current->state))
        return StopOutcome::AlreadyStopped;
    if (virDomainDestroy(domain->get()) < 0) {
        // It may have shut down between the two calls.
        auto again = describe(domain->get());
        if (again && !isDomainActive(again->state))
            return StopOutcome::AlreadyStopped;
        return fail(lastLibvirtError(QStringLiteral("cannot destroy domain %1").arg(name)));
    }
    return StopOutcome::Destroyed;
}

Result<void> LibvirtWorker::remove(const QString &name)
{
    if (auto conn = requireConnection(); !conn)
        return fail(conn.error());
    const QByteArray bytes = name.toUtf8();
    DomainHandle domain(virDomainLookupByName(m_conn, bytes.constData()));
    if (domain) {
        if (virDomainIsActive(domain.get()) == 1 && virDomainDestroy(domain.get()) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot destroy domain %1").arg(name)));
        const unsigned flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
            | VIR_DOMAIN_UNDEFINE_NVRAM;
        if (virDomainUndefineFlags(domain.get(), flags) < 0 && virDomainUndefine(domain.get()) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot undefine domain %1").arg(name)));
    } else if (!lastErrorIsNoDomain()) {
        return fail(lastLibvirtError(QStringLiteral("cannot look up domain %1").arg(name)));
    }

    PoolHandle pool(virStoragePoolLookupByName(m_conn, kStoragePoolName.data()));
    if (!pool)
        return {};  // no pool, so no disk of ours
    virStoragePoolRefresh(pool.get(), 0);
    // The workspace's own overlay and console log; never an image it was made from.
    DomainSpec spec;
    spec.name = name;
    if (auto ok = deleteVolume(pool.get(), volumeName(spec)); !ok)
        return ok;
    return deleteVolume(pool.get(), serialLogVolumeName(name));
}

Result<QByteArray> LibvirtWorker::serialLog(const QString &name, qint64 maxBytes)
{
    if (auto conn = requireConnection(); !conn)
        return fail(conn.error());
    PoolHandle pool(virStoragePoolLookupByName(m_conn, kStoragePoolName.data()));
    if (!pool)
        return fail(lastLibvirtError(QStringLiteral("cannot open storage pool %1").arg(kStoragePoolName)));
    return readVolumeTail(m_conn, pool.get(), serialLogVolumeName(name), maxBytes);
}

Result<int> LibvirtWorker::syncFilesystems(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    const int frozen = virDomainFSFreeze(domain->get(), nullptr, 0, 0);
    if (frozen < 0) {
        Error error = lastLibvirtError(QStringLiteral("cannot flush the filesystems of %1").arg(name));
        error.code = ErrorCode::Conflict;  // nothing broke: the guest cannot do it (no agent)
        return fail(error);
    }
    if (virDomainFSThaw(domain->get(), nullptr, 0, 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("froze but cannot thaw the filesystems of %1").arg(name)));
    return frozen;
}

Result<DomainInfo> LibvirtWorker::domainInfo(const QString &name, bool withDetails)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    auto info = describe(domain->get());
    if (!info || !withDetails)
        return info;
    auto details = readDomainDetails(domain->get());
    if (!details)
        return fail(details.error());
    info->details = *details;
    QHash<QString, DomainDetails *> byName{{info->name, &*info->details}};
    fillDiskCapacities(m_conn, byName);
    return info;
}

Result<QList<DomainInfo>> LibvirtWorker::listDomains()
{
    if (auto conn = requireConnection(); !conn)
        return fail(conn.error());
    virDomainPtr *domains = nullptr;
    const int count = virConnectListAllDomains(m_conn, &domains, 0);
    if (count < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot list domains on %1").arg(m_uri)));
    // Each domain costs two round trips (its state, its XML); over SSH one is a millisecond or
    // more. libvirt multiplexes concurrent calls on one connection, so a large host is read by
    // several threads at once (measured: 1,000 domains over SSH, see README "Performance").
    std::vector<std::optional<DomainInfo>> found(static_cast<size_t>(count));
    std::atomic_int next = 0;
    const auto readSome = [&] {
        for (int i = next++; i < count; i = next++) {
            DomainHandle domain(domains[i]);
            auto info = describe(domain.get());
            if (!info)
                continue;  // undefined while we listed
            if (auto details = readDomainDetails(domain.get()))
                info->details = *details;
            found[size_t(i)] = std::move(*info);
        }
    };
    const int helpers = std::clamp(count / kDomainsPerListingThread, 1, kListingThreads) - 1;
    std::vector<std::thread> threads;
    threads.reserve(size_t(helpers));
    for (int t = 0; t < helpers; ++t)
        threads.emplace_back(readSome);
    readSome();
    for (std::thread &thread : threads)
        thread.join();
    free(domains);

    QList<DomainInfo> list;
    list.reserve(count);
    for (std::optional<DomainInfo> &info : found) {
        if (info)
            list.append(std::move(*info));
    }
    QHash<QString, DomainDetails *> byName;
    for (DomainInfo &info : list) {
        if (info.details)
            byName.insert(info.name, &*info.details);
    }
    fillDiskCapacities(m_conn, byName);
    return list;
}

Result<void> LibvirtWorker::editDomain(const QString &name, const DomainEdit &edit)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    DomainEdit applied = edit;
    if (applied.metadata) {
        // Whether an Atrium created the domain is the domain's own fact: kept as it says.
        auto current = readDomainDetails(domain->get());
        if (!current)
            return fail(current.error());
        if (current->atrium)
            applied.metadata->adopted = current->atrium->adopted;
    }
    return Atrium::editDomain(domain->get(), applied);
}

Result<QStringList> LibvirtWorker::undefine(const QString &name, bool removeDisks)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    auto details = readDomainDetails(domain->get());
    if (!details)
        return fail(details.error());
    QStringList log;
    if (virDomainIsActive(domain->get()) == 1) {
        if (virDomainDestroy(domain->get()) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot destroy domain %1").arg(name)));
        log << QStringLiteral("destroyed domain %1").arg(name);
    }
    const unsigned flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
        | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM;
    if (virDomainIsPersistent(domain->get()) == 1) {
        if (virDomainUndefineFlags(domain->get(), flags) < 0 && virDomainUndefine(domain->get()) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot undefine domain %1").arg(name)));
        log << QStringLiteral("undefined domain %1").arg(name);
    }
    if (!removeDisks)
        return log;
    QStringList kept;
    auto deleted = deleteDisks(m_conn, details->dataDisks(), kept);
    if (!deleted)
        return fail(Error{deleted.error().code, log.join(QStringLiteral("; ")) + QStringLiteral("; ") + deleted.error().message});
    for (const QString &disk : *deleted)
        log << QStringLiteral("deleted disk %1").arg(disk);
    for (const QString &disk : kept)
        log << QStringLiteral("kept disk %1").arg(disk);
    return log;
}

Result<int> LibvirtWorker::openGraphics(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    if (virDomainIsActive(domain->get()) != 1)
        return fail(ErrorCode::Conflict, QStringLiteral("domain %1 is not running").arg(name));
    // Index 0 is the domain's one <graphics>; SKIPAUTH: the caller already
    // proved who it is to libvirt, so QEMU asks for no VNC password.
    const int fd = virDomainOpenGraphicsFD(domain->get(), 0, VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
    if (fd < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot open the console of domain %1").arg(name)));
    return fd;
}

Result<virStreamPtr> LibvirtWorker::openConsole(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    if (virDomainIsActive(domain->get()) != 1)
        return fail(ErrorCode::Conflict, QStringLiteral("domain %1 is not running").arg(name));
    virStreamPtr stream = virStreamNew(m_conn, VIR_STREAM_NONBLOCK);
    if (!stream)
        return fail(lastLibvirtError(QStringLiteral("cannot make a stream for the console of %1").arg(name)));
    // FORCE: like `virsh console --force`, the person asking now gets it.
    if (virDomainOpenConsole(domain->get(), nullptr, stream, VIR_DOMAIN_CONSOLE_FORCE) < 0) {
        const Error error = lastLibvirtError(QStringLiteral("cannot open the serial console of %1").arg(name));
        virStreamFree(stream);
        return fail(error);
    }
    return stream;
}

Result<DomainDetails> LibvirtWorker::liveDetails(const QString &name)
{
    auto domain = findDomain(name);
    if (!domain)
        return fail(domain.error());
    if (virDomainIsActive(domain->get()) != 1)
        return fail(ErrorCode::Conflict, QStringLiteral("domain %1 is not running").arg(name));
    return readDomainDetails(domain->get());
}

}  // namespace Atrium
