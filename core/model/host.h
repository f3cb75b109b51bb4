#pragma once

#include "hostcredentials.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Atrium {

enum class HostState {
    Connecting,
    Connected,
    Disconnected,
    Failed,
    /// The host asked for credentials Atrium does not have (or refused the ones it gave):
    /// no retry until an admin gives them (HostInfo::credentialsNeeded says which).
    NeedsCredentials,
};

QString nameOf(HostState state);

/// How a host's domains are accelerated: the admin's setting, remembered with the host.
enum class Virtualization {
    Auto,       ///< KVM when libvirt offers it and it works, emulation otherwise
    Kvm,        ///< always KVM: a start fails when KVM does
    Emulation,  ///< always QEMU's emulation (TCG), even where KVM is offered
};

QString nameOf(Virtualization virtualization);
/// "auto", "kvm", "emulation" (and "qemu"/"tcg" for emulation); nullopt for anything else.
std::optional<Virtualization> parseVirtualization(const QString &text);

/// What a host remembers besides its URI: its virtualization setting and, in auto, whether
/// KVM was found unusable there (then domains are emulated until an admin changes the setting).
struct HostSettings {
    QString uri;
    Virtualization virtualization = Virtualization::Auto;
    QString kvmFailure;  ///< QEMU's own words when KVM failed a start; empty = none seen
    QDateTime kvmFailedAt;
    /// Domains Atrium did not create are shown as workspaces (the admin may turn it off).
    bool showForeignDomains = true;
    /// UUIDs of domains the admin told Atrium to forget: they stay on the host, out of the catalog.
    QStringList forgottenDomains;
    /// What people call the host ("hv1"); empty = a name derived from its URI.
    QString displayName;

    bool operator==(const HostSettings &) const = default;
};

/// A libvirt connection the admin asked for, and what is known about it.
struct HostInfo {
    QString uri;
    HostState state = HostState::Connecting;
    QString lastError;
    bool simulated = false;  ///< libvirt's test driver: nothing real runs
    QString hypervisor;      ///< "QEMU", "Test", …
    QString hostname;
    int cpus = 0;
    qint64 memoryMb = 0;
    qint64 freeMemoryMb = 0;
    int runningDomains = 0;
    Virtualization virtualization = Virtualization::Auto;  ///< the admin's setting
    bool kvmOffered = false;  ///< libvirt offers KVM domains on this host (known once connected)
    QString kvmFailure;       ///< set when KVM failed a start in auto: the host emulates since
    QDateTime kvmFailedAt;
    QString virtType;  ///< "kvm", "qemu" or "test": what domains will be defined with
    bool showForeignDomains = true;  ///< the admin's setting (HostSettings)
    QString displayName;             ///< the admin's name for it (HostSettings); empty = derived
    /// NeedsCredentials: what the host asked (its own words), and whether it refused an answer.
    QList<CredentialRequest> credentialsNeeded;
    bool credentialsRefused = false;

    /// In auto, KVM failed here and the host emulates until an admin changes the setting.
    bool kvmUnusable() const { return virtualization == Virtualization::Auto && !kvmFailure.isEmpty(); }

    bool operator==(const HostInfo &) const = default;
};

/// A short, stable name for a host in URLs (/api/hosts/{id}): URIs hold '/', '?' and '&'.
QString hostId(const QString &uri);

/// How a host is named where people read it: the admin's name for it, else one derived from
/// its URI (defaultHostName()), marked when it is libvirt's simulator.
QString hostDisplayName(const HostInfo &info);
/// A short name for a host from its URI alone: the remote host's name (and port), "local" for
/// this machine's hypervisor, "simulator" for libvirt's test driver.
QString defaultHostName(const QString &uri);
/// Checks a display name an admin gives a host (empty = go back to the derived one).
bool isValidHostDisplayName(const QString &name);
inline constexpr int kMaxHostDisplayNameLength = 64;

/// The host's virtualization in a few plain words ("KVM", "KVM unusable here: emulating", …).
QString virtualizationSummary(const HostInfo &info);

/// The domain type a host's domains get: "test" on the simulator, else from the setting,
/// what libvirt offers and whether KVM already failed there.
QString effectiveVirtType(const HostInfo &info);

}  // namespace Atrium
