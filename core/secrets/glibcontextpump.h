#pragma once

#include <QObject>
#include <QTimer>

namespace Atrium {

/// QtKeychain's Secret Service backend (libsecret) answers through GLib callbacks, dispatched on
/// the GLib context that was the calling thread's default when a job started. Atrium's Qt runs
/// without GLib (QT_NO_GLIB: libvirt's event thread owns GLib's global context), so nothing would
/// ever run those callbacks on this thread, and libvirt's thread would run them on the wrong
/// one. This gives the thread a GLib context of its own (made its thread default once, for good)
/// and iterates it while keychain jobs are pending, so their answers arrive here.
class GlibContextPump final : public QObject {
    Q_OBJECT

public:
    explicit GlibContextPump(QObject *parent = nullptr);

    /// A job starts: iterate until as many have finished().
    void started();
    void finished();

private:
    void pump();

    QTimer m_timer;
    int m_pending = 0;
};

}  // namespace Atrium
