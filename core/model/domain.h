#pragma once

#include "domaindetails.h"
#include "image.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Atrium {

/// libvirt's domain states (virDomainState), as Atrium names them.
enum class DomainState { NoState, Running, Blocked, Paused, ShuttingDown, Shutoff, Crashed, Suspended };

QString nameOf(DomainState state);
bool isDomainActive(DomainState state);

/// A lifecycle event libvirt reported for a domain.
enum class DomainEventKind { Defined, Undefined, Started, Suspended, Resumed, Stopped, Shutdown, Crashed, Other };

struct DomainEvent {
    QString hostUri;
    QString domainName;
    DomainEventKind kind = DomainEventKind::Other;
    QString reason;     ///< libvirt's detail, in words ("destroyed", "shutdown", "crashed", …)
    bool failure = false;  ///< the domain stopped because something went wrong
};

QString nameOf(DomainEventKind kind);

/// Where a guest's NIC goes (the micro-VM API's network_config.allow_internet).
enum class GuestNetwork { None, Isolated, Internet };

/// Where a domain Atrium defines listens for its VNC screen.
enum class GraphicsListen {
    None,      ///< no listener: reached through virDomainOpenGraphicsFD (local hosts)
    Socket,    ///< a UNIX socket on the hypervisor, reached through an SSH tunnel
    Loopback,  ///< a port on the hypervisor's 127.0.0.1, reached through an SSH tunnel
};

/// What a workspace's domain should look like. The provider defines the
/// domain from this on first launch and redefines it (same UUID) on later ones.
struct DomainSpec {
    QString name;         ///< "atrium-<workspace id>"
    QString title;        ///< the workspace's display name
    QString workspaceId;
    AtriumMetadata metadata;  ///< what the domain's <metadata> keeps for other Atriums (id filled in)
    /// Found on the host, not created by Atrium: started as it is, never redefined.
    bool adopted = false;
    QString virtType;     ///< "kvm", "qemu" or "test"
    bool mayEmulate = false;  ///< when KVM fails to start it, start it under emulation (host on auto)
    int vcpus = 1;
    qint64 memoryMb = 512;
    qint64 diskMb = 0;    ///< 0 = no disk
    QString uuid;         ///< filled in by the provider when redefining

    /// The image to boot. The provider imports its files into the host's pool
    /// (once per image version) and fills in the boot fields below from there.
    std::optional<Image> image;

    // Direct kernel boot (the tiny images Atrium builds); empty = boot from disk.
    QString kernelPath;
    QString initrdPath;
    QString kernelCmdline;
    QString baseImagePath;  ///< backing file for the disk overlay; empty = blank disk
    QString baseImageFormat = QStringLiteral("raw");  ///< "raw" or "qcow2"
    QString serialLogPath;  ///< where the serial console is logged; empty = not logged

    GuestNetwork network = GuestNetwork::None;
    GraphicsListen graphicsListen = GraphicsListen::None;  ///< filled in by the provider for its host
    QString internetNetwork = QStringLiteral("default");  ///< the host network "Internet" means
    QString networkName;  ///< the libvirt network the NIC joins, resolved by the provider; empty = no NIC
};

/// What the provider knows about a domain after an operation.
struct DomainInfo {
    QString name;
    QString uuid;
    DomainState state = DomainState::NoState;
    QStringList log;  ///< what provisioning did, for the workspace's log
    QString virtType;    ///< what a start ran it with (empty when nothing was started)
    QString kvmFailure;  ///< QEMU's words when KVM failed that start and it was emulated instead
    /// What the domain's XML says (listings and lookups that ask for it; else empty).
    std::optional<DomainDetails> details;
};

/// A change to a domain Atrium did not create: each set field is changed through libvirt's own
/// call for it (title, vCPUs, memory, Atrium's metadata), the rest of its XML stays untouched.
struct DomainEdit {
    std::optional<QString> title;
    std::optional<int> vcpus;
    std::optional<qint64> memoryMb;
    std::optional<AtriumMetadata> metadata;

    bool isEmpty() const { return !title && !vcpus && !memoryMb && !metadata; }
};

/// How a stop ended.
enum class StopOutcome { AlreadyStopped, ShutDown, Destroyed };

}  // namespace Atrium
