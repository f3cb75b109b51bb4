#include "api/console/websocketchannel.h"

#include <QTcpSocket>
#include <QtEndian>

namespace Atrium::Api {

using namespace WebSocket;

namespace {
constexpr int kPingIntervalMs = 20000;
constexpr qint64 kSilenceLimitMs = 60000;
constexpr int kCloseWaitMs = 2000;
}  // namespace

WebSocketChannel::WebSocketChannel(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_lastHeard.start();
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketChannel::readFrames);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &WebSocketChannel::drained);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        // The peer went away without a close frame (a killed tab, a lost network): 1006.
        finish(m_closeSent ? m_closeCode : quint16(1006), m_closeSent ? m_closeReason : QStringLiteral("connection lost"),
               !m_closeSent);
    });
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (m_lastHeard.elapsed() > kSilenceLimitMs) {
            m_socket->abort();
            finish(1006, QStringLiteral("the browser stopped answering"), true);
            return;
        }
        m_socket->write(encodeFrame(Ping, QByteArray()));
    });
    m_keepAlive.start(kPingIntervalMs);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &WebSocketChannel::readFrames, Qt::QueuedConnection);
}

WebSocketChannel::~WebSocketChannel() = default;

qint64 WebSocketChannel::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void WebSocketChannel::sendBinary(const QByteArray &data)
{
    if (!isOpen())
        return;
    // Large updates go as several frames so no single frame is over the peer's patience.
    for (qsizetype at = 0; at < data.size(); at += kMaxFramePayload)
        m_socket->write(encodeFrame(Binary, data.mid(at, kMaxFramePayload)));
}

void WebSocketChannel::close(quint16 code, const QString &reason)
{
    if (m_closeSent || m_finished)
        return;
    m_closeSent = true;
    m_closeCode = code;
    m_closeReason = reason;
    m_socket->write(encodeFrame(Close, closePayload(code, reason)));
    m_socket->flush();
    QTimer::singleShot(kCloseWaitMs, this, [this] {
        if (!m_finished) {
            m_socket->abort();
            finish(m_closeCode, m_closeReason, false);
        }
    });
}

void WebSocketChannel::readFrames()
{
    m_lastHeard.restart();
    m_reader.feed(m_socket->readAll());
    while (!m_finished) {
        auto next = m_reader.next();
        if (!next)
            return;
        if (const auto *violation = std::get_if<FrameReader::Violation>(&*next)) {
            close(violation->code, violation->reason);
            return;
        }
        handle(std::get<Frame>(*next));
    }
}

void WebSocketChannel::handle(const Frame &frame)
{
    switch (frame.opcode) {
    case Ping:
        if (!m_closeSent)
            m_socket->write(encodeFrame(Pong, frame.payload));
        return;
    case Pong:
        return;
    case Close: {
        quint16 code = 1005;  // no status given
        QString reason;
        if (frame.payload.size() >= 2) {
            code = qFromBigEndian<quint16>(frame.payload.constData());
            reason = QString::fromUtf8(frame.payload.mid(2));
        }
        if (!m_closeSent) {
            // Echo it, then the server closes the TCP connection first (RFC 6455 §7.1.1).
            m_socket->write(encodeFrame(Close, frame.payload.left(2)));
            m_socket->flush();
        }
        const bool byPeer = !m_closeSent;
        m_closeSent = true;
        // Said before the socket closes: its disconnected() may come at once, and must not tell it.
        finish(byPeer ? code : m_closeCode, byPeer ? reason : m_closeReason, byPeer);
        m_socket->disconnectFromHost();
        return;
    }
    case Text:
    case Binary:
        if (m_fragmentOpcode != 0) {
            close(ProtocolError, QStringLiteral("a new message began before the last one ended"));
            return;
        }
        if (frame.opcode == Text) {
            close(UnsupportedData, QStringLiteral("the console takes binary messages only"));
            return;
        }
        if (!frame.fin)
            m_fragmentOpcode = frame.opcode;
        break;
    case Continuation:
        if (m_fragmentOpcode == 0) {
            close(ProtocolError, QStringLiteral("a continuation frame with no message to continue"));
            return;
        }
        if (frame.fin)
            m_fragmentOpcode = 0;
        break;
    default:
        return;
    }
    // The console is a byte stream: each piece goes on as it comes, whole messages or not.
    if (!m_closeSent && !frame.payload.isEmpty())
        Q_EMIT binaryReceived(frame.payload);
}

void WebSocketChannel::finish(quint16 code, const QString &reason, bool byPeer)
{
    if (m_finished)
        return;
    m_finished = true;
    m_keepAlive.stop();
    Q_EMIT closed(code, reason, byPeer);
}

}  // namespace Atrium::Api
