#include "libvirteventloop.h"

#include "libvirterror.h"

#include <libvirt/libvirt.h>

#include <QtGlobal>

#include <csignal>
#include <mutex>

namespace Atrium {

namespace {

std::atomic_bool g_registered = false;

void wakeUp(int timer, void *)
{
    virEventRemoveTimeout(timer);
}

}  // namespace

LibvirtEventLoop::LibvirtEventLoop()
{
    Q_ASSERT_X(!g_registered.exchange(true), "LibvirtEventLoop", "only one event loop per process");
    // libvirt keeps its event implementation for the life of the process.
    static std::once_flag registered;
    std::call_once(registered, [] {
        // libvirt writes to its sockets with write(): a daemon that dies (or an SSH transport
        // that ends) would kill the whole process with SIGPIPE. libvirt asks its clients to
        // ignore it; the write then fails with EPIPE and the connection is reported lost.
        ::signal(SIGPIPE, SIG_IGN);
        silenceLibvirtStderr();
        virInitialize();
        virEventRegisterDefaultImpl();
    });
    m_thread = QThread::create([this] {
        while (!m_stopping.load())
            virEventRunDefaultImpl();
    });
    m_thread->setObjectName(QStringLiteral("libvirt-events"));
    m_thread->start();
}

LibvirtEventLoop::~LibvirtEventLoop()
{
    m_stopping = true;
    // A zero-delay timer makes virEventRunDefaultImpl return so the loop sees the flag.
    virEventAddTimeout(0, wakeUp, nullptr, nullptr);
    m_thread->wait();
    delete m_thread;
    g_registered = false;
}

}  // namespace Atrium
