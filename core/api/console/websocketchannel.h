#pragma once

#include "api/console/websocketframes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace Atrium::Api {

/// One server-side WebSocket after its handshake (RFC 6455): binary data both ways, pings
/// answered, the closing handshake done properly. A peer that goes silent (no frame, no pong)
/// for a minute is dropped. closed() comes exactly once, however the connection ends.
class WebSocketChannel final : public QObject {
    Q_OBJECT

public:
    static constexpr qint64 kMaxFramePayload = 1 << 20;

    /// Takes @p socket (handshake done, nothing more read from it) as its child.
    WebSocketChannel(QTcpSocket *socket, QObject *parent = nullptr);
    ~WebSocketChannel() override;

    void sendBinary(const QByteArray &data);
    /// Sends a close frame with @p code and @p reason; the connection ends when the peer answers
    /// (or after 2 s).
    void close(quint16 code, const QString &reason);
    bool isOpen() const { return !m_closeSent && !m_finished; }
    /// Bytes queued for the peer and not yet taken by the kernel.
    qint64 bytesToWrite() const;

Q_SIGNALS:
    void binaryReceived(const QByteArray &data);
    /// The kernel took some of what was queued (for flow control).
    void drained();
    /// The connection is over: the close code and reason (the peer's when @p byPeer).
    void closed(quint16 code, const QString &reason, bool byPeer);

private:
    void readFrames();
    void handle(const WebSocket::Frame &frame);
    void finish(quint16 code, const QString &reason, bool byPeer);

    QTcpSocket *m_socket;
    WebSocket::FrameReader m_reader{kMaxFramePayload};
    quint8 m_fragmentOpcode = 0;  ///< the opcode of a fragmented message in progress; 0 = none
    bool m_closeSent = false;
    bool m_finished = false;
    quint16 m_closeCode = WebSocket::Normal;
    QString m_closeReason;
    QTimer m_keepAlive;
    QElapsedTimer m_lastHeard;
};

}  // namespace Atrium::Api
