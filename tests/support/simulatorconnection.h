#pragma once

#include <libvirt/libvirt.h>

#include <QByteArray>
#include <QtGlobal>

namespace Atrium::Testing {

/// A connection of the test's own to libvirt's simulator (test:///default), on the test's
/// thread: what an admin's `virsh -c test:///default` would see and do beside Atrium. The
/// simulator's default host is one per process, so this sees every domain Atrium's hosts made.
class SimulatorConnection final {
public:
    SimulatorConnection()
        : m_connection(virConnectOpen("test:///default"))
    {
        if (!m_connection)
            qFatal("cannot open test:///default");
    }
    ~SimulatorConnection() { virConnectClose(m_connection); }
    SimulatorConnection(const SimulatorConnection &) = delete;
    SimulatorConnection &operator=(const SimulatorConnection &) = delete;

    virConnectPtr get() const { return m_connection; }

private:
    virConnectPtr m_connection;
};

}  // namespace Atrium::Testing
