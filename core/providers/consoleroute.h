#pragma once

#include "model/domain.h"
#include "model/domaindetails.h"
#include "model/error.h"

#include <QString>
#include <QStringList>

#include <optional>

// How a VM's screen is reached from this machine. Over a local UNIX connection libvirt hands
// over a socket to QEMU's VNC server (virDomainOpenGraphicsFD); over SSH, TLS or TCP it cannot
// pass file descriptors, so the screen is reached through an SSH tunnel to a listener on the
// hypervisor that the network cannot reach, as virt-manager does.
namespace Atrium {

/// Where the SSH tunnel goes: the hypervisor as the host URI names it.
struct SshDestination {
    QString user;  ///< empty = ssh's default (the local user, or ~/.ssh/config)
    QString host;
    int port = -1;  ///< -1 = ssh's default (22)
    QString keyFile;     ///< the URI's `keyfile`
    QString knownHosts;  ///< the URI's `known_hosts`
    bool verifyHostKey = true;  ///< false when the URI says `no_verify=1`
    /// The ssh to run: an AskpassBroker wrapper (Atrium answers ssh's questions), or empty for
    /// the system's ssh in BatchMode (no question can be answered).
    QString program;
    bool operator==(const SshDestination &) const = default;

    /// "root@hv1:2222", for messages.
    QString display() const;
};

/// True when libvirt can pass a file descriptor over @p uri's connection (a local UNIX socket:
/// `qemu:///system`, `qemu+unix://…`, `test:///…`).
bool passesFileDescriptors(const QString &uri);

/// The SSH destination for reaching @p uri's hypervisor. For `qemu+ssh` the URI's user, host,
/// port, keyfile and known_hosts; for TLS/TCP the URI's user and host on SSH's own port.
/// nullopt for URIs that pass file descriptors or name no host.
std::optional<SshDestination> sshDestinationFor(const QString &uri);

/// The listener Atrium gives the domains it defines on @p uri: none where file descriptors
/// pass; a UNIX socket on the hypervisor when the SSH user is root (only root and QEMU can
/// open it); otherwise a port on the hypervisor's 127.0.0.1.
GraphicsListen graphicsListenFor(const QString &uri);

/// Where on the hypervisor a tunnel to @p graphics connects: "/path/vnc.sock" or
/// "127.0.0.1:5901". Refused, in plain words, for a domain without VNC, with SPICE only, or
/// with no listener.
Result<QString> tunnelTarget(const QString &domain, const DomainGraphics &graphics, bool spiceToo);

/// ssh's arguments for a tunnel to @p target: a TCP target as stdio (`-W`, no local listener);
/// a UNIX socket target forwarded to @p localSocket (OpenSSH 9.2's `-W` takes no paths), kept
/// open by a short remote `sleep` until the one connection Atrium makes ends.
QStringList sshTunnelArguments(const SshDestination &destination, const QString &target, const QString &localSocket);

/// ssh's stderr after a failed tunnel, told plainly ("SSH refused the key …").
QString sshFailureMessage(const SshDestination &destination, const QString &stderrText);

}  // namespace Atrium
