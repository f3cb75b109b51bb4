#pragma once

#include "httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <optional>

namespace Atrium::Testing {

struct Event {
    QByteArray id;
    QByteArray type;
    QJsonObject data;
};

/// A server-sent-events client on a real socket: what a browser's EventSource or a script's
/// `requests.get(…, stream=True)` does.
class EventStream {
public:
    EventStream(quint16 port, const Headers &headers, const QString &query = {})
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(5000))
            qFatal("cannot connect");
        QByteArray request = "GET /api/events" + query.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
            + "\r\nAccept: text/event-stream\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        m_socket.write(request + "\r\n");
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_buffer += m_socket.readAll(); parse(); });
        (void)QTest::qWaitFor([this] { return m_status != 0 || m_socket.state() != QAbstractSocket::ConnectedState; }, 5000);
    }

    int status() const { return m_status; }
    QByteArray head() const { return m_head; }
    QByteArray body() const { return m_buffer; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QList<Event> &events() { return m_events; }
    int comments() const { return m_comments; }

    /// Waits for the next event of @p type; nullopt after @p timeoutMs.
    std::optional<Event> next(const QByteArray &type, int timeoutMs = 5000)
    {
        std::optional<Event> found;
        (void)QTest::qWaitFor([&] {
            for (qsizetype i = 0; i < m_events.size(); ++i) {
                if (m_events.at(i).type == type) {
                    found = m_events.takeAt(i);
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        return found;
    }
    void close() { m_socket.abort(); }

private:
    void parse()
    {
        if (m_status == 0) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_head = m_buffer.left(end);
            m_status = m_head.mid(9, 3).toInt();
            m_buffer.remove(0, end + 4);
            if (m_status != 200)
                return;
        }
        if (m_status != 200)
            return;
        for (qsizetype end = m_buffer.indexOf("\n\n"); end >= 0; end = m_buffer.indexOf("\n\n")) {
            const QByteArray record = m_buffer.left(end);
            m_buffer.remove(0, end + 2);
            Event event;
            bool any = false;
            for (const QByteArray &line : record.split('\n')) {
                if (line.startsWith(':')) {
                    ++m_comments;
                } else if (line.startsWith("id: ")) {
                    event.id = line.mid(4);
                } else if (line.startsWith("event: ")) {
                    event.type = line.mid(7);
                    any = true;
                } else if (line.startsWith("data: ")) {
                    event.data = QJsonDocument::fromJson(line.mid(6)).object();
                }
            }
            if (any)
                m_events.append(event);
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    int m_status = 0;
    int m_comments = 0;
    QList<Event> m_events;
};


}  // namespace Atrium::Testing
