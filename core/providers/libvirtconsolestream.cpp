#include "libvirtconsolestream.h"

#include "libvirterror.h"

#include <libvirt/libvirt.h>

#include <QMetaObject>
#include <QPointer>

#include <mutex>
#include <utility>

namespace Atrium {

namespace {

constexpr int kReadChunk = 16 * 1024;
/// A guest that stops reading may not make Atrium's memory grow without bound.
constexpr qsizetype kMaxPending = 1024 * 1024;

}  // namespace

struct LibvirtConsoleStream::Shared {
    std::mutex mutex;
    virStreamPtr stream = nullptr;
    QPointer<LibvirtConsoleStream> owner;  ///< read on libvirt's thread under the mutex; cleared on close
    QByteArray pending;                    ///< bytes the stream could not take yet
    bool open = true;
    /// What libvirt's callback gets as its opaque pointer, until stopWatching() lets it go.
    std::shared_ptr<Shared> *watch = nullptr;

    /// Runs @p fn on the owner's thread, if the owner is still there.
    template <typename F>
    void post(F &&fn)
    {
        if (owner)
            QMetaObject::invokeMethod(owner.data(), std::forward<F>(fn), Qt::QueuedConnection);
    }

    /// Sends what is pending; true while the stream is healthy. Call with the mutex held.
    bool flush()
    {
        while (!pending.isEmpty()) {
            const int sent = virStreamSend(stream, pending.constData(), size_t(pending.size()));
            if (sent == -2)
                break;  // full: the writable event brings us back
            if (sent < 0)
                return false;
            pending.remove(0, sent);
        }
        const int events = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP
            | (pending.isEmpty() ? 0 : VIR_STREAM_EVENT_WRITABLE);
        virStreamEventUpdateCallback(stream, events);
        return true;
    }
};

namespace {

using Shared = LibvirtConsoleStream::Shared;

struct Release {
    std::shared_ptr<Shared> *watch;
};

void releaseOnEventThread(int timer, void *opaque)
{
    virEventRemoveTimeout(timer);
    auto *release = static_cast<Release *>(opaque);
    delete release->watch;
    delete release;
}

/// Stops watching the stream (call with the mutex held). The callback's state is freed on
/// libvirt's event thread once it is past any dispatch of the callback: libvirt's own free
/// callback is not used, because libvirt never calls it when the callback is removed during a
/// dispatch (virNetClientStreamEventRemoveCallback), which is when a console usually ends.
void stopWatching(Shared &shared)
{
    if (!shared.watch)
        return;
    virStreamEventRemoveCallback(shared.stream);
    auto *release = new Release{std::exchange(shared.watch, nullptr)};
    if (virEventAddTimeout(0, releaseOnEventThread, release, nullptr) < 0) {
        // No event loop runs (nothing can be dispatching): free now.
        delete release->watch;
        delete release;
    }
}

/// libvirt's event loop thread: read what the guest wrote, send what waits, notice the end.
void onStreamEvent(virStreamPtr stream, int events, void *opaque)
{
    auto *shared = static_cast<std::shared_ptr<Shared> *>(opaque)->get();
    std::lock_guard lock(shared->mutex);
    if (!shared->open)
        return;
    QString ended;
    if (events & VIR_STREAM_EVENT_READABLE) {
        QByteArray data;
        char buffer[kReadChunk];
        for (;;) {
            const int got = virStreamRecv(stream, buffer, sizeof buffer);
            if (got > 0) {
                data.append(buffer, got);
                continue;
            }
            if (got == 0)
                ended = QStringLiteral("the console was closed by its host");
            else if (got != -2)
                ended = lastLibvirtError(QStringLiteral("the console stream failed")).message;
            break;
        }
        if (!data.isEmpty())
            shared->post([owner = shared->owner, data] {
                if (owner)
                    Q_EMIT owner->received(data);
            });
    }
    if (ended.isEmpty() && (events & VIR_STREAM_EVENT_WRITABLE) && !shared->flush())
        ended = lastLibvirtError(QStringLiteral("cannot write to the console")).message;
    if (ended.isEmpty() && (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)))
        ended = QStringLiteral("the console was closed by its host (the domain stopped, or another client took it)");
    if (!ended.isEmpty()) {
        shared->open = false;
        stopWatching(*shared);
        shared->post([owner = shared->owner, ended] {
            if (owner)
                owner->finish(ended);
        });
    }
}

}  // namespace

LibvirtConsoleStream::LibvirtConsoleStream(virStream *stream, QString domain, QObject *parent)
    : ConsoleStream(parent)
    , m_shared(std::make_shared<Shared>())
    , m_domain(std::move(domain))
{
    m_shared->stream = stream;
    m_shared->owner = this;
    // The callback holds its own reference to the shared state until stopWatching() lets it go.
    const int events = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;
    m_shared->watch = new std::shared_ptr<Shared>(m_shared);
    if (virStreamEventAddCallback(stream, events, onStreamEvent, m_shared->watch, nullptr) < 0) {
        delete std::exchange(m_shared->watch, nullptr);
        const QString why = lastLibvirtError(QStringLiteral("cannot watch the console of %1").arg(m_domain)).message;
        m_shared->open = false;
        QMetaObject::invokeMethod(this, [this, why] { finish(why); }, Qt::QueuedConnection);
    }
}

LibvirtConsoleStream::~LibvirtConsoleStream()
{
    close();
    std::lock_guard lock(m_shared->mutex);
    virStreamFree(m_shared->stream);
    m_shared->stream = nullptr;
}

void LibvirtConsoleStream::send(const QByteArray &bytes)
{
    std::lock_guard lock(m_shared->mutex);
    if (!m_shared->open || bytes.isEmpty())
        return;
    if (m_shared->pending.size() + bytes.size() > kMaxPending)
        return;  // the guest reads nothing: drop keys rather than grow
    m_shared->pending.append(bytes);
    if (!m_shared->flush()) {
        const QString why = lastLibvirtError(QStringLiteral("cannot write to the console of %1").arg(m_domain)).message;
        m_shared->open = false;
        stopWatching(*m_shared);
        QMetaObject::invokeMethod(this, [this, why] { finish(why); }, Qt::QueuedConnection);
    }
}

void LibvirtConsoleStream::close()
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->owner = nullptr;
    if (!m_shared->open)
        return;
    m_shared->open = false;
    stopWatching(*m_shared);
    virStreamAbort(m_shared->stream);
}

bool LibvirtConsoleStream::isOpen() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->open;
}

void LibvirtConsoleStream::finish(const QString &reason)
{
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->stream && m_shared->owner) {
            // The callback already stopped watching; free the stream's server side now.
            virStreamAbort(m_shared->stream);
        }
        m_shared->owner = nullptr;
    }
    Q_EMIT closed(reason);
}

}  // namespace Atrium
