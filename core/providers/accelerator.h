#pragma once

#include "model/error.h"

#include <QString>

#include <functional>
#include <optional>

namespace Atrium {

/// When a domain failed to start because of KVM itself (the accelerator: a missing or
/// inaccessible /dev/kvm, a module that cannot initialise, a CPU whose MSRs KVM cannot set),
/// not because of the guest's configuration: QEMU's own words about it. nullopt otherwise.
/// @p startError is the message libvirt gave for the failed start.
std::optional<QString> acceleratorFailure(const QString &startError);

/// How a domain start went that may have left KVM for emulation.
struct AcceleratedStart {
    QString virtType;    ///< what the domain runs with: "kvm", "qemu" or "test"
    QString kvmFailure;  ///< QEMU's words when KVM failed and the domain was emulated instead
};

/// Starts a domain with @p virtType through @p start (which defines the domain with the type
/// it is given and starts it). When that is KVM, @p mayEmulate (the host is on auto) and the
/// start failed because of the accelerator, starts it once more under emulation ("qemu"): one
/// retry, never a loop. When KVM failed and may not be left, the error says so in plain words.
Result<AcceleratedStart> startWithAcceleratorFallback(const QString &virtType, bool mayEmulate,
                                                      const std::function<Result<void>(const QString &virtType)> &start);

}  // namespace Atrium
