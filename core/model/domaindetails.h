#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Atrium {

/// One disk of a domain, as its XML names it.
struct DomainDisk {
    QString target;  ///< "vda", "sda", …
    QString source;  ///< file, block device or "pool/volume"; empty for an empty CD-ROM
    QString device = QStringLiteral("disk");  ///< "disk", "cdrom", "floppy", "lun"
    qint64 capacityBytes = 0;  ///< from libvirt's block statistics; 0 = not known
    bool operator==(const DomainDisk &) const = default;
};

/// How a domain's display can be reached.
enum class GraphicsKind { None, Vnc, Spice, Other };

struct DomainGraphics {
    GraphicsKind kind = GraphicsKind::None;
    QString listenType;     ///< "none", "socket", "address", "network" (libvirt's <listen type>)
    QString listenAddress;  ///< for "address": what QEMU binds ("127.0.0.1", "0.0.0.0", …)
    QString socket;         ///< for "socket": the UNIX socket on the hypervisor
    int port = -1;          ///< the TCP port while running; -1 = none or not known
    bool operator==(const DomainGraphics &) const = default;

    /// Reachable from this host only (no listener, a UNIX socket, or a loopback address).
    bool isPrivate() const;
    /// No TCP port at all: no graphics, no listener, or a UNIX socket.
    bool opensNoPort() const { return kind == GraphicsKind::None || listenType == u"none" || listenType == u"socket"; }
};

/// What Atrium keeps in a domain's <metadata> (its own XML namespace): what libvirt does not
/// know, so that every Atrium connected to the host sees the same workspace.
struct AtriumMetadata {
    QString workspaceId;
    bool adopted = false;  ///< Atrium found the domain; it did not create it
    QString type;          ///< the workspace type's name ("linux", "windows", …); empty = detect
    QString ownerId;
    QString description;
    QString restartPolicy;  ///< "no", "always", "on-failure"; empty = not set
    int maxRestarts = 0;
    QString ttl;
    QString ttlAction;
    bool operator==(const AtriumMetadata &) const = default;
};

/// A domain as its XML describes it: what showing it as a workspace needs.
struct DomainDetails {
    QString name;
    QString uuid;
    QString title;        ///< libvirt's <title>; empty = none
    QString description;  ///< libvirt's <description>
    QString virtType;     ///< <domain type>: "kvm", "qemu", "test", …
    int vcpus = 1;
    qint64 memoryMb = 0;
    QList<DomainDisk> disks;
    DomainGraphics graphics;  ///< the first <graphics>; kind None when there is none
    bool spiceToo = false;    ///< a SPICE display besides (or instead of) VNC
    bool hasSerialConsole = false;
    QString osId;  ///< libosinfo's OS id ("http://microsoft.com/win/10"); empty = not said
    bool windowsHints = false;  ///< Hyper-V enlightenments or a libosinfo Windows id
    std::optional<AtriumMetadata> atrium;
    bool operator==(const DomainDetails &) const = default;

    /// Created by Atrium (its metadata says so), not found on the host.
    bool createdByAtrium() const { return atrium && !atrium->workspaceId.isEmpty() && !atrium->adopted; }
    /// The disks that hold data (not CD-ROMs or floppies), what "remove its disks" removes.
    QList<DomainDisk> dataDisks() const;
    qint64 storageBytes() const;
};

}  // namespace Atrium
