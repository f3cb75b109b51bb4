#include "libvirteventrelay.h"

namespace Atrium {

LibvirtEventRelay::LibvirtEventRelay(EventHandler onEvent, ClosedHandler onClosed)
    : m_onEvent(std::move(onEvent))
    , m_onClosed(std::move(onClosed))
{
}

void LibvirtEventRelay::deliverEvent(const DomainEvent &event)
{
    std::lock_guard lock(m_mutex);
    if (m_onEvent)
        m_onEvent(event);
}

void LibvirtEventRelay::deliverClosed(const QString &reason)
{
    std::lock_guard lock(m_mutex);
    if (m_onClosed)
        m_onClosed(reason);
}

void LibvirtEventRelay::detach()
{
    std::lock_guard lock(m_mutex);
    m_onEvent = nullptr;
    m_onClosed = nullptr;
}

}  // namespace Atrium
