#pragma once

#include <libvirt/libvirt.h>

#include <memory>

namespace Atrium {

/// Owning handles for libvirt objects, so every early return frees them.
struct DomainFree {
    void operator()(virDomainPtr p) const { virDomainFree(p); }
};
struct PoolFree {
    void operator()(virStoragePoolPtr p) const { virStoragePoolFree(p); }
};
struct VolumeFree {
    void operator()(virStorageVolPtr p) const { virStorageVolFree(p); }
};
struct StreamFree {
    void operator()(virStreamPtr p) const { virStreamFree(p); }
};

using DomainHandle = std::unique_ptr<virDomain, DomainFree>;
using PoolHandle = std::unique_ptr<virStoragePool, PoolFree>;
using VolumeHandle = std::unique_ptr<virStorageVol, VolumeFree>;
using StreamHandle = std::unique_ptr<virStream, StreamFree>;

}  // namespace Atrium
