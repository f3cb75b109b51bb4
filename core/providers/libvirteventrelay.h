#pragma once

#include "model/domain.h"

#include <functional>
#include <memory>
#include <mutex>

namespace Atrium {

/// Carries libvirt callbacks (which run on the event-loop thread) to their
/// receiver. libvirt holds a reference until it calls the registration's free
/// callback, so the relay outlives any callback in flight; detach() guarantees
/// the receiver is not called once it returns.
class LibvirtEventRelay final {
public:
    using EventHandler = std::function<void(const DomainEvent &)>;
    using ClosedHandler = std::function<void(const QString &reason)>;

    LibvirtEventRelay(EventHandler onEvent, ClosedHandler onClosed);

    void deliverEvent(const DomainEvent &event);
    void deliverClosed(const QString &reason);
    void detach();

private:
    std::mutex m_mutex;
    EventHandler m_onEvent;
    ClosedHandler m_onClosed;
};

using LibvirtEventRelayPtr = std::shared_ptr<LibvirtEventRelay>;

}  // namespace Atrium
