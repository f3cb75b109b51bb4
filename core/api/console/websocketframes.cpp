#include "api/console/websocketframes.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace Atrium::Api::WebSocket {

QByteArray acceptKey(const QByteArray &clientKey)
{
    static const QByteArray guid = QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    return QCryptographicHash::hash(QByteArray(clientKey.trimmed() + guid), QCryptographicHash::Sha1).toBase64();
}

QByteArray encodeFrame(quint8 opcode, const QByteArray &payload, bool fin)
{
    QByteArray frame;
    frame.reserve(payload.size() + 10);
    frame.append(char((fin ? 0x80 : 0x00) | (opcode & 0x0F)));
    const quint64 size = quint64(payload.size());
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xFFFF) {
        frame.append(char(126));
        const quint16 be = qToBigEndian<quint16>(quint16(size));
        frame.append(reinterpret_cast<const char *>(&be), 2);
    } else {
        frame.append(char(127));
        const quint64 be = qToBigEndian<quint64>(size);
        frame.append(reinterpret_cast<const char *>(&be), 8);
    }
    frame.append(payload);
    return frame;
}

QByteArray closePayload(quint16 code, const QString &reason)
{
    QByteArray payload(2, '\0');
    qToBigEndian<quint16>(code, payload.data());
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        text.truncate(123);
        while (!text.isEmpty() && (uchar(text.back()) & 0xC0) == 0x80)
            text.chop(1);  // a continuation byte: drop the partial character
        if (!text.isEmpty() && (uchar(text.back()) & 0x80))
            text.chop(1);  // the lead byte of the character cut
    }
    return payload + text;
}

std::optional<std::variant<Frame, FrameReader::Violation>> FrameReader::next()
{
    if (m_buffer.size() < 2)
        return std::nullopt;
    const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData());
    const bool fin = bytes[0] & 0x80;
    const quint8 opcode = bytes[0] & 0x0F;
    const bool masked = bytes[1] & 0x80;
    quint64 length = bytes[1] & 0x7F;
    if (bytes[0] & 0x70)
        return Violation{ProtocolError, QStringLiteral("reserved bits set (no extension was agreed)")};
    if (!masked)
        return Violation{ProtocolError, QStringLiteral("a client frame must be masked")};
    const bool control = opcode & 0x08;
    if ((opcode > Binary && !control) || opcode > Pong)
        return Violation{ProtocolError, QStringLiteral("unknown opcode %1").arg(opcode)};
    if (control && (!fin || length > 125))
        return Violation{ProtocolError, QStringLiteral("a control frame must be whole and at most 125 bytes")};
    qsizetype header = 2;
    if (length == 126) {
        if (m_buffer.size() < 4)
            return std::nullopt;
        length = qFromBigEndian<quint16>(bytes + 2);
        header = 4;
    } else if (length == 127) {
        if (m_buffer.size() < 10)
            return std::nullopt;
        length = qFromBigEndian<quint64>(bytes + 2);
        header = 10;
    }
    if (length > quint64(m_maxPayload))
        return Violation{TooBig, QStringLiteral("a frame of %1 bytes is over the limit of %2").arg(length).arg(m_maxPayload)};
    const qsizetype total = header + 4 + qsizetype(length);
    if (m_buffer.size() < total)
        return std::nullopt;
    const uchar *mask = bytes + header;
    Frame frame;
    frame.fin = fin;
    frame.opcode = opcode;
    frame.payload = m_buffer.mid(header + 4, qsizetype(length));
    char *data = frame.payload.data();
    for (qsizetype i = 0; i < frame.payload.size(); ++i)
        data[i] = char(data[i] ^ mask[i & 3]);
    m_buffer.remove(0, total);
    return frame;
}

}  // namespace Atrium::Api::WebSocket
