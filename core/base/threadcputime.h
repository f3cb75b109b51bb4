#pragma once

#include <QtGlobal>

namespace Atrium {

/// CPU time the calling thread has used so far (ns): what a sampler tick
/// really costs, unlike wall time, which includes waiting for libvirt.
qint64 threadCpuTimeNs();

}  // namespace Atrium
