#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <variant>

// RFC 6455 framing, as a server speaks it: client frames arrive masked, server frames go out
// unmasked. Pure functions and a reader over a byte buffer, so the parsing is tested (and fuzzed)
// without a socket.
namespace Atrium::Api::WebSocket {

enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

/// Close codes Atrium sends (RFC 6455 §7.4; 4000–4999 are the application's).
enum CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    UnsupportedData = 1003,
    TooBig = 1009,
    InternalError = 1011,
    SessionEnded = 4000,   ///< the session was disconnected or terminated
    ConsoleClosed = 4001,  ///< the guest's display went away (stopped, restarted)
    TooSlow = 4002,        ///< the browser did not keep up
};

/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
QByteArray acceptKey(const QByteArray &clientKey);

struct Frame {
    bool fin = true;
    quint8 opcode = Binary;
    QByteArray payload;  ///< unmasked
};

/// An unmasked server frame.
QByteArray encodeFrame(quint8 opcode, const QByteArray &payload, bool fin = true);
/// A close frame's payload: the code, then at most 123 bytes of reason (cut on a UTF-8 boundary).
QByteArray closePayload(quint16 code, const QString &reason);

/// Takes bytes as they arrive and yields whole frames. A protocol violation (an unmasked frame,
/// reserved bits, an oversized or fragmented control frame, a frame over the limit) is an error
/// with the close code to send.
class FrameReader {
public:
    struct Violation {
        quint16 code = ProtocolError;
        QString reason;
    };
    explicit FrameReader(qint64 maxPayload)
        : m_maxPayload(maxPayload)
    {
    }
    void feed(const QByteArray &bytes) { m_buffer.append(bytes); }
    /// The next whole frame; nullopt when more bytes are needed.
    std::optional<std::variant<Frame, Violation>> next();

private:
    QByteArray m_buffer;
    qint64 m_maxPayload;
};

}  // namespace Atrium::Api::WebSocket
