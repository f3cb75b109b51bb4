#pragma once

#include <QByteArray>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QRect>

#include <atomic>
#include <vector>

struct _rfbClient;

namespace Atrium::Ui {

/// One RFB (VNC) connection over a socket someone else opened (libvirt's
/// virDomainOpenGraphicsFD), run by libvncclient. Lives on its own thread:
/// run() blocks that thread in the message loop until the connection ends or
/// stop() is called. Everything else is safe to call from any thread: input is
/// queued and sent by the loop; the picture is a shared image read under a lock.
class VncClient final : public QObject {
    Q_OBJECT

public:
    enum class State { Idle, Connecting, Connected };
    Q_ENUM(State)

    explicit VncClient(QObject *parent = nullptr);
    ~VncClient() override;

    /// Speaks RFB on @p fd (taking ownership) on the client's own thread until
    /// the server hangs up or stop() is called; then disconnected() is emitted.
    /// Call from the thread that calls stop() and close().
    void start(int fd);
    /// Ends the current connection soon.
    void stop();
    /// Ends the current connection and refuses new ones: call before ending the thread.
    void close();

    State state() const { return m_state.load(); }

    /// The guest's screen as last received (a shallow copy: cheap; keep it briefly).
    QImage frame() const;
    QSize frameSize() const;
    /// The area changed since the last call (and re-arms frameUpdated()).
    QRect takeDirtyRect();
    /// How many framebuffer updates have been completed on this connection.
    quint64 updateCount() const { return m_updates.load(); }

    // Input, sent in order by the loop thread. Any thread.
    void sendKey(quint32 keysym, bool down);
    void sendPointer(int x, int y, int buttonMask);
    /// Puts @p text on the guest's clipboard (RFB carries Latin-1 only).
    void sendClipboard(const QString &text);

Q_SIGNALS:
    void stateChanged(Atrium::Ui::VncClient::State state);
    /// The connection ended; @p reason says why ("" when stop() ended it).
    void disconnected(const QString &reason);
    void framebufferResized(const QSize &size);
    /// New pixels arrived: call takeDirtyRect(). Not repeated until you do.
    void frameUpdated();
    void clipboardReceived(const QString &text);
    void bell();

private:
    struct Input {
        enum class Kind { Key, Pointer, CutText } kind;
        quint32 keysym = 0;
        bool down = false;
        int x = 0, y = 0, buttons = 0;
        QByteArray text;
    };

    friend struct VncCallbacks;  // libvncclient's C callbacks, in the .cpp

    void resizeFrame(int width, int height);
    void finishUpdate();
    void run(int fd);
    bool initialise(_rfbClient *client);
    void setState(State state);
    void wake();
    void queue(Input input);
    bool sendQueuedInput(_rfbClient *client);
    QString loop(_rfbClient *client);

    std::atomic<State> m_state{State::Idle};
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_closed{false};
    std::atomic<quint64> m_updates{0};
    int m_wakeFd = -1;  ///< an eventfd: input queued or stop requested

    // The loop thread's own: what libvncclient decodes into, and this update's area.
    std::vector<uchar> m_decodeBuffer;
    QSize m_decodeSize;
    QRect m_updateRect;

    mutable QMutex m_mutex;  // guards everything below
    int m_socket = -1;       ///< while run() owns it, so stop() can shut it down
    QImage m_frame;          ///< what the GUI paints
    QRect m_dirty;
    bool m_notifyPending = false;
    std::vector<Input> m_input;
};

}  // namespace Atrium::Ui
