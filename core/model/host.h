#pragma once

#include <QDateTime>
#include <QString>

namespace Atrium {

enum class HostState { Connecting, Connected, Disconnected, Failed };

QString nameOf(HostState state);

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
    QString virtType;  ///< "kvm", "qemu" or "test": what domains will be defined with

    bool operator==(const HostInfo &) const = default;
};

}  // namespace Atrium
