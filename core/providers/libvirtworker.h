#pragma once

#include "model/domain.h"
#include "libvirteventrelay.h"
#include "libvirthandles.h"
#include "model/error.h"
#include "model/host.h"

#include <QObject>

#include <libvirt/libvirt.h>

#include <memory>
#include <optional>

namespace Atrium {

struct LibvirtCallbackContext;
class CredentialBook;

/// Owns one libvirt connection and makes every call on it. Lives on its own
/// thread (see LibvirtHost); each method blocks that thread, never the GUI's.
class LibvirtWorker final : public QObject {
    Q_OBJECT

public:
    LibvirtWorker(QString uri, QString storagePoolPath, LibvirtEventRelayPtr relay);
    ~LibvirtWorker() override;

    /// Opens (or reopens) the connection and registers for lifecycle events. libvirt's own
    /// questions (SASL, passwords) are answered from @p credentials; over ssh, @p sshCommand
    /// (an AskpassBroker wrapper, or empty) lets Atrium answer ssh's. What was asked and left
    /// unanswered is in credentials->outcome(uri) afterwards.
    Result<HostInfo> open(CredentialBook &credentials, const QString &sshCommand);
    void close();
    bool isOpen() const { return m_conn != nullptr; }

    Result<HostInfo> hostInfo();

    /// Defines the domain (and its disk) if it does not exist, redefines it from
    /// @p spec if it is shut off, and starts or resumes it, with the virtualization type
    /// @p spec names (and once more under emulation if KVM fails and spec.mayEmulate).
    Result<DomainInfo> ensureRunning(DomainSpec spec);

    /// Asks the guest to shut down (ACPI). Returns how the stop ended if it is
    /// already over (it was not running, or stopped at once), nullopt if the
    /// guest is still shutting down.
    Result<std::optional<StopOutcome>> requestShutdown(const QString &name);

    /// Pulls the plug. AlreadyStopped when the domain was not running.
    Result<StopOutcome> destroy(const QString &name);

    /// Destroys (if running) and undefines the domain, and deletes its disk and
    /// console log (never an image's volumes). A domain that does not exist is not an error.
    Result<void> remove(const QString &name);

    /// The last @p maxBytes of the domain's serial console log (a volume of the pool).
    Result<QByteArray> serialLog(const QString &name, qint64 maxBytes);

    /// Freezes and thaws the guest's filesystems (through the QEMU guest agent),
    /// which flushes them to disk. Returns how many were flushed.
    Result<int> syncFilesystems(const QString &name);

    /// The domain's state; with @p withDetails, what its XML says too.
    Result<DomainInfo> domainInfo(const QString &name, bool withDetails = false);
    /// Every domain with its state and details: one listing, one XML read per domain and one
    /// bulk block-statistics call (the disks' sizes), all on this thread.
    Result<QList<DomainInfo>> listDomains();

    /// Changes a domain Atrium did not create, one element per field (see editDomain()).
    Result<void> editDomain(const QString &name, const DomainEdit &edit);

    /// Destroys (if running) and undefines a domain Atrium did not create; with @p removeDisks,
    /// deletes the volumes of its data disks too. Returns what happened, a line per step.
    Result<QStringList> undefine(const QString &name, bool removeDisks);

    /// A socket connected to the running domain's VNC server, opened by libvirt
    /// (virDomainOpenGraphicsFD): no TCP port is involved. The caller owns it.
    Result<int> openGraphics(const QString &name);
    /// A non-blocking libvirt stream on the running domain's first console (virDomainOpenConsole,
    /// taking it over from another client). The caller owns the stream reference.
    Result<virStreamPtr> openConsole(const QString &name);
    /// The running domain's live definition (its display's actual port or socket).
    Result<DomainDetails> liveDetails(const QString &name);

    /// The raw connection, for callers on this worker's thread (stats, console).
    virConnectPtr connection() const { return m_conn; }

private:
    Result<virConnectPtr> requireConnection() const;
    /// The domain named @p name on this connection; an error that says so when there is none.
    Result<DomainHandle> findDomain(const QString &name) const;
    Result<void> ensureStoragePool(QStringList &log);
    Result<void> ensureVolume(const DomainSpec &spec, QStringList &log);
    /// Imports the spec's image into the pool and points the boot fields at the
    /// copies; on real hosts, logs the serial console to a file of the pool.
    Result<void> prepareBoot(DomainSpec &spec, QStringList &log);
    /// Whether libvirt offers KVM domains for x86_64 here.
    bool detectKvm();
    void unregisterCallbacks();

    QString m_uri;
    QString m_storagePoolPath;
    bool m_simulated = false;
    bool m_kvmOffered = false;
    LibvirtEventRelayPtr m_relay;
    virConnectPtr m_conn = nullptr;
    int m_lifecycleCallback = -1;
    bool m_closeCallbackRegistered = false;
    std::unique_ptr<LibvirtCallbackContext> m_closeContext;
};

}  // namespace Atrium
