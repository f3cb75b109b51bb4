#include "vncclient.h"

#include <QLoggingCategory>

#include <rfb/rfbclient.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

// libvncclient narrates every handshake: its chatter is debug output, off by default.
Q_LOGGING_CATEGORY(lcVnc, "atrium.vnc", QtInfoMsg)

namespace Atrium::Ui {

namespace {

int clientDataTag;  // its address tags our pointer in libvncclient's client data

// libvncclient reports through two process-wide printf-like hooks. Its last
// error on this thread is the best account of why a connection ended.
thread_local QString lastLibraryError;

QString format(const char *format, va_list args)
{
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    return QString::fromLocal8Bit(text).trimmed();
}

void logInfo(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    const QString text = format(fmt, args);
    va_end(args);
    qCDebug(lcVnc).noquote() << text;
}

void logError(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    lastLibraryError = format(fmt, args);
    va_end(args);
    qCInfo(lcVnc).noquote() << lastLibraryError;
}

void installLogHooks()
{
    static std::once_flag once;
    std::call_once(once, [] {
        rfbClientLog = logInfo;
        rfbClientErr = logError;
    });
}

QString reasonOr(const QString &fallback)
{
    return lastLibraryError.isEmpty() ? fallback : lastLibraryError;
}

}  // namespace

struct VncCallbacks {
    static VncClient *self(rfbClient *client)
    {
        return static_cast<VncClient *>(rfbClientGetClientData(client, &clientDataTag));
    }
    static rfbBool mallocFrameBuffer(rfbClient *client)
    {
        // A VNC screen is at most a few thousand pixels wide; refuse absurd sizes.
        if (client->width <= 0 || client->height <= 0 || client->width > 16384 || client->height > 16384)
            return FALSE;
        VncClient *s = self(client);
        s->resizeFrame(client->width, client->height);
        client->frameBuffer = s->m_decodeBuffer.data();
        return TRUE;
    }
    static void gotUpdate(rfbClient *client, int x, int y, int w, int h)
    {
        VncClient *s = self(client);
        s->m_updateRect |= QRect(x, y, w, h);
    }
    static void finishedUpdate(rfbClient *client) { self(client)->finishUpdate(); }
    static void gotCutText(rfbClient *client, const char *text, int length)
    {
        Q_EMIT self(client)->clipboardReceived(QString::fromLatin1(text, length));
    }
    static void gotBell(rfbClient *client) { Q_EMIT self(client)->bell(); }
};

VncClient::VncClient(QObject *parent)
    : QObject(parent)
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    installLogHooks();
}

VncClient::~VncClient()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void VncClient::start(int fd)
{
    // Reset here, before the run is queued, so a stop() right after is never lost.
    m_stopRequested = false;
    QMetaObject::invokeMethod(this, [this, fd] { run(fd); }, Qt::QueuedConnection);
}

void VncClient::close()
{
    m_closed = true;
    stop();
}

void VncClient::run(int fd)
{
    if (m_closed || m_stopRequested) {
        ::close(fd);
        Q_EMIT disconnected({});
        return;
    }
    lastLibraryError.clear();
    {
        QMutexLocker lock(&m_mutex);
        m_input.clear();
        // Our own handle on the socket, so stop() can cut a read short from any thread.
        m_socket = ::dup(fd);
    }
    setState(State::Connecting);

    // libvncclient reads a non-blocking socket with its own waits; it must be told
    // the socket is already connected, or it would try to connect somewhere itself.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    rfbClient *client = rfbGetClient(8, 3, 4);
    // Pixels as 0x00RRGGBB: QImage::Format_RGB32 once the top byte is set.
    client->format.redShift = 16;
    client->format.greenShift = 8;
    client->format.blueShift = 0;
    client->appData.useRemoteCursor = FALSE;
    client->canHandleNewFBSize = TRUE;
    client->programName = "atrium";
    client->MallocFrameBuffer = &VncCallbacks::mallocFrameBuffer;
    client->GotFrameBufferUpdate = &VncCallbacks::gotUpdate;
    client->FinishedFrameBufferUpdate = &VncCallbacks::finishedUpdate;
    client->GotXCutText = &VncCallbacks::gotCutText;
    client->Bell = &VncCallbacks::gotBell;
    rfbClientSetClientData(client, &clientDataTag, this);
    client->sock = fd;
    client->listenSpecified = TRUE;

    QString reason;
    if (!initialise(client)) {
        reason = m_stopRequested ? QString() : tr("the VNC handshake failed: %1").arg(reasonOr(tr("no reason given")));
    } else {
        setState(State::Connected);
        reason = loop(client);
    }
    rfbClientCleanup(client);  // closes the socket; leaves our frame buffer alone
    {
        QMutexLocker lock(&m_mutex);
        ::close(std::exchange(m_socket, -1));
    }
    setState(State::Idle);
    Q_EMIT disconnected(reason);
}

bool VncClient::initialise(rfbClient *client)
{
    // What rfbInitClient does, except for the encodings: libvncclient 0.9.14 always
    // offers ExtendedDesktopSize, and drops QEMU's resizes of that kind (screen id
    // 0); the next full-screen rectangle is then "too large" and it hangs up. So
    // only DesktopSize is offered. A local socket: lossless encodings that are
    // cheap to decode, no compression, no JPEG.
    if (!InitialiseRFBConnection(client))
        return false;
    client->width = client->si.framebufferWidth;
    client->height = client->si.framebufferHeight;
    if (!client->MallocFrameBuffer(client))
        return false;

    const rfbPixelFormat &f = client->format;
    QByteArray pixelFormat(4, 0);  // type rfbSetPixelFormat, padding
    pixelFormat += char(f.bitsPerPixel);
    pixelFormat += char(f.depth);
    pixelFormat += char(f.bigEndian);
    pixelFormat += char(f.trueColour);
    for (quint16 max : {f.redMax, f.greenMax, f.blueMax}) {
        pixelFormat += char(max >> 8);
        pixelFormat += char(max & 0xff);
    }
    pixelFormat += char(f.redShift);
    pixelFormat += char(f.greenShift);
    pixelFormat += char(f.blueShift);
    pixelFormat += QByteArray(3, 0);

    const quint32 encodings[] = {rfbEncodingCopyRect, rfbEncodingHextile, rfbEncodingRaw, rfbEncodingNewFBSize};
    QByteArray setEncodings;
    setEncodings += char(rfbSetEncodings);
    setEncodings += char(0);
    setEncodings += char(0);
    setEncodings += char(std::size(encodings));
    for (quint32 e : encodings) {
        for (int shift = 24; shift >= 0; shift -= 8)
            setEncodings += char((e >> shift) & 0xff);
    }
    if (!WriteToRFBServer(client, pixelFormat.constData(), unsigned(pixelFormat.size()))
        || !WriteToRFBServer(client, setEncodings.constData(), unsigned(setEncodings.size())))
        return false;

    client->updateRect = {0, 0, client->width, client->height};
    return SendFramebufferUpdateRequest(client, 0, 0, client->width, client->height, FALSE);
}

QString VncClient::loop(rfbClient *client)
{
    while (!m_stopRequested) {
        pollfd fds[2] = {{client->sock, POLLIN, 0}, {m_wakeFd, POLLIN, 0}};
        // libvncclient may already hold the next message in its own buffer.
        if (client->buffered == 0 && ::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return tr("cannot wait for the guest: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        }
        if (fds[1].revents & POLLIN) {
            quint64 count;
            [[maybe_unused]] const auto ignored = ::read(m_wakeFd, &count, sizeof count);
        }
        if (m_stopRequested)
            break;
        if (!sendQueuedInput(client))
            return tr("cannot send to the guest: %1").arg(reasonOr(tr("the connection broke")));
        if (client->buffered > 0 || (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            if (!HandleRFBServerMessage(client))
                return m_stopRequested ? QString() : reasonOr(tr("the guest's console closed the connection"));
        }
    }
    return {};
}

void VncClient::stop()
{
    m_stopRequested = true;
    {
        QMutexLocker lock(&m_mutex);
        if (m_socket >= 0)
            ::shutdown(m_socket, SHUT_RDWR);
    }
    wake();
}

void VncClient::wake()
{
    const quint64 one = 1;
    [[maybe_unused]] const auto ignored = ::write(m_wakeFd, &one, sizeof one);
}

void VncClient::setState(State state)
{
    if (m_state.exchange(state) != state)
        Q_EMIT stateChanged(state);
}

void VncClient::resizeFrame(int width, int height)
{
    m_decodeSize = QSize(width, height);
    m_decodeBuffer.assign(std::size_t(width) * std::size_t(height) * 4, 0);
    m_updateRect = {};
    {
        QMutexLocker lock(&m_mutex);
        m_frame = QImage(m_decodeSize, QImage::Format_RGB32);
        m_frame.fill(Qt::black);
        m_dirty = m_frame.rect();
    }
    Q_EMIT framebufferResized(m_decodeSize);
}

void VncClient::finishUpdate()
{
    const QRect rect = std::exchange(m_updateRect, {}) & QRect(QPoint(0, 0), m_decodeSize);
    ++m_updates;
    if (rect.isEmpty())
        return;
    bool notify = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_frame.size() != m_decodeSize)
            return;
        // bits() detaches when the GUI still holds the previous picture: it keeps it intact.
        uchar *frame = m_frame.bits();
        const qsizetype frameStride = m_frame.bytesPerLine();
        const qsizetype decodeStride = qsizetype(m_decodeSize.width()) * 4;
        for (int y = rect.top(); y <= rect.bottom(); ++y) {
            const auto *from = reinterpret_cast<const quint32 *>(m_decodeBuffer.data() + y * decodeStride) + rect.left();
            auto *to = reinterpret_cast<quint32 *>(frame + y * frameStride) + rect.left();
            for (int x = 0; x < rect.width(); ++x)
                to[x] = from[x] | 0xff000000u;  // RGB32 wants an opaque top byte
        }
        m_dirty |= rect;
        notify = !std::exchange(m_notifyPending, true);
    }
    if (notify)
        Q_EMIT frameUpdated();
}

QImage VncClient::frame() const
{
    QMutexLocker lock(&m_mutex);
    return m_frame;
}

QSize VncClient::frameSize() const
{
    QMutexLocker lock(&m_mutex);
    return m_frame.size();
}

QRect VncClient::takeDirtyRect()
{
    QMutexLocker lock(&m_mutex);
    m_notifyPending = false;
    return std::exchange(m_dirty, {});
}

void VncClient::queue(Input input)
{
    {
        QMutexLocker lock(&m_mutex);
        m_input.push_back(std::move(input));
    }
    wake();
}

void VncClient::sendKey(quint32 keysym, bool down)
{
    queue({Input::Kind::Key, keysym, down, 0, 0, 0, {}});
}

void VncClient::sendPointer(int x, int y, int buttonMask)
{
    queue({Input::Kind::Pointer, 0, false, x, y, buttonMask, {}});
}

void VncClient::sendClipboard(const QString &text)
{
    queue({Input::Kind::CutText, 0, false, 0, 0, 0, text.toLatin1()});
}

bool VncClient::sendQueuedInput(rfbClient *client)
{
    std::vector<Input> input;
    {
        QMutexLocker lock(&m_mutex);
        input.swap(m_input);
    }
    for (Input &event : input) {
        bool sent = false;
        switch (event.kind) {
        case Input::Kind::Key: sent = SendKeyEvent(client, event.keysym, event.down ? TRUE : FALSE); break;
        case Input::Kind::Pointer: sent = SendPointerEvent(client, event.x, event.y, event.buttons); break;
        case Input::Kind::CutText:
            sent = SendClientCutText(client, event.text.data(), int(event.text.size()));
            break;
        }
        if (!sent)
            return false;
    }
    return true;
}

}  // namespace Atrium::Ui
