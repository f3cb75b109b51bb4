#pragma once

#include "providers/libvirthost.h"

#include <QSemaphore>

#include <memory>

namespace Atrium::Testing {

/// Keeps a host's worker thread busy until release(): a hypervisor slow to
/// answer. Requests queue behind it, so a workspace stays starting or stopping
/// for as long as a test needs to look at it (the simulator answers in a
/// millisecond, sometimes before the engine has returned).
class SlowHost final {
public:
    explicit SlowHost(LibvirtHost &host)
    {
        host.run<int>([gate = m_gate](LibvirtWorker &) {
            gate->acquire();
            return Result<int>(0);
        });
    }
    ~SlowHost() { release(); }
    SlowHost(const SlowHost &) = delete;
    SlowHost &operator=(const SlowHost &) = delete;

    void release()
    {
        if (!std::exchange(m_released, true))
            m_gate->release();
    }

private:
    std::shared_ptr<QSemaphore> m_gate = std::make_shared<QSemaphore>();
    bool m_released = false;
};

}  // namespace Atrium::Testing
