#pragma once

#include <QThread>

#include <atomic>

namespace Atrium {

/// Runs libvirt's default event loop (virEventRunDefaultImpl) on its own
/// thread, so domain events and keepalives arrive without touching the GUI
/// thread. Create one before any libvirt connection is opened and destroy it
/// after the last one is closed. libvirt's loop is process-wide: one instance.
///
/// libvirt runs GLib's *default* main context. The process must not let Qt use
/// GLib on its main thread too (set QT_NO_GLIB=1 before the QCoreApplication):
/// otherwise two threads fight over that context and shutdown hangs.
class LibvirtEventLoop final {
public:
    LibvirtEventLoop();
    ~LibvirtEventLoop();

    LibvirtEventLoop(const LibvirtEventLoop &) = delete;
    LibvirtEventLoop &operator=(const LibvirtEventLoop &) = delete;

private:
    std::atomic_bool m_stopping = false;
    QThread *m_thread = nullptr;
};

}  // namespace Atrium
