// RFC 6455 framing as Atrium's console WebSocket speaks it (server side).

#include "api/console/websocketframes.h"
#include "testmain.h"

#include <QTest>
#include <QtEndian>

using namespace Atrium::Api::WebSocket;

namespace {

/// A client frame: masked, as every browser sends.
QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true, quint8 rsv = 0)
{
    QByteArray frame = encodeFrame(opcode, payload, fin);
    frame[0] = char(frame[0] | rsv);
    const qsizetype header = frame.size() - payload.size();
    frame[1] = char(frame[1] | 0x80);
    const char mask[4] = {'\x12', '\x34', '\x56', '\x78'};
    QByteArray masked = payload;
    for (qsizetype i = 0; i < masked.size(); ++i)
        masked[i] = char(masked[i] ^ mask[i & 3]);
    return frame.left(header) + QByteArray(mask, 4) + masked;
}

}  // namespace

class TestWebSocketFrames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theAcceptKeyIsRfc6455s()
    {
        // RFC 6455 §1.3's own example.
        QCOMPARE(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void serverFramesCarryTheirLengthInTheSmallestForm()
    {
        QCOMPARE(encodeFrame(Binary, QByteArray(125, 'a')).size(), 2 + 125);
        QCOMPARE(encodeFrame(Binary, QByteArray(126, 'a')).size(), 4 + 126);
        QCOMPARE(encodeFrame(Binary, QByteArray(65536, 'a')).size(), 10 + 65536);
        const QByteArray frame = encodeFrame(Binary, QByteArray(300, 'a'));
        QCOMPARE(quint8(frame[0]), quint8(0x82));  // FIN, binary
        QCOMPARE(quint8(frame[1]), quint8(126));   // unmasked, 16-bit length
        QCOMPARE(qFromBigEndian<quint16>(frame.constData() + 2), quint16(300));
    }

    void maskedClientFramesAreReadWholeHoweverTheyArrive()
    {
        FrameReader reader(1 << 20);
        const QByteArray big(70000, 'x');
        const QByteArray bytes = clientFrame(Binary, "RFB 003.008\n") + clientFrame(Binary, big) + clientFrame(Ping, "hi");
        // One byte at a time: a frame is yielded only once it is complete.
        int frames = 0;
        QList<Frame> got;
        for (char c : bytes) {
            reader.feed(QByteArray(1, c));
            while (auto next = reader.next()) {
                QVERIFY(std::holds_alternative<Frame>(*next));
                got << std::get<Frame>(*next);
                ++frames;
            }
        }
        QCOMPARE(frames, 3);
        QCOMPARE(got.at(0).payload, QByteArray("RFB 003.008\n"));
        QCOMPARE(got.at(1).payload, big);
        QCOMPARE(got.at(2).opcode, quint8(Ping));
        QCOMPARE(got.at(2).payload, QByteArray("hi"));
    }

    void protocolViolationsAreRefusedWithTheirCloseCode()
    {
        const auto violation = [](const QByteArray &bytes, qint64 limit = 1 << 20) {
            FrameReader reader(limit);
            reader.feed(bytes);
            auto next = reader.next();
            if (!next || !std::holds_alternative<FrameReader::Violation>(*next))
                return FrameReader::Violation{0, QString()};
            return std::get<FrameReader::Violation>(*next);
        };
        QCOMPARE(violation(encodeFrame(Binary, "unmasked")).code, quint16(ProtocolError));
        QCOMPARE(violation(clientFrame(Binary, "x", true, 0x40)).code, quint16(ProtocolError));  // RSV1
        QCOMPARE(violation(clientFrame(0x3, "x")).code, quint16(ProtocolError));                  // reserved opcode
        QCOMPARE(violation(clientFrame(Ping, QByteArray(126, 'p'))).code, quint16(ProtocolError));
        QCOMPARE(violation(clientFrame(Close, "", false)).code, quint16(ProtocolError));          // fragmented control
        const auto tooBig = violation(clientFrame(Binary, QByteArray(2000, 'b')), 1000);
        QCOMPARE(tooBig.code, quint16(TooBig));
        QVERIFY(tooBig.reason.contains(QStringLiteral("2000")));
        // A 64-bit length beyond any limit is refused from its header alone.
        QByteArray huge("\x82\xff", 2);
        huge += QByteArray::fromHex("7fffffffffffffff") + QByteArray(4, '\0');
        QCOMPARE(violation(huge).code, quint16(TooBig));
    }

    void aCloseReasonIsCutOnACharacterBoundary()
    {
        const QByteArray payload = closePayload(SessionEnded, QString(200, QChar(0x00e9)));  // é: 2 bytes each
        QVERIFY(payload.size() <= 125);
        QCOMPARE(qFromBigEndian<quint16>(payload.constData()), quint16(SessionEnded));
        QVERIFY(QString::fromUtf8(payload.mid(2)).toUtf8() == payload.mid(2));  // valid UTF-8
        QCOMPARE(closePayload(Normal, QStringLiteral("bye")).mid(2), QByteArray("bye"));
    }
};

ATRIUM_TEST_MAIN(TestWebSocketFrames)
#include "tst_websocketframes.moc"
