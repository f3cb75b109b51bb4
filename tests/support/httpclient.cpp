#include "httpclient.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

namespace Atrium::Testing {

QJsonObject HttpResponse::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResponse::array() const
{
    return QJsonDocument::fromJson(body).array();
}

bool HttpResponse::isJson() const
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError;
}

QList<HttpResponse> parseResponses(QByteArray &buffer, bool headRequest)
{
    QList<HttpResponse> out;
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return out;
        HttpResponse r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        r.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        if (r.status == 100) {  // interim answer: not a response of its own
            buffer.remove(0, end + 4);
            continue;
        }
        const qint64 length = headRequest || r.status == 204 || r.status == 304 ? 0 : r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return out;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        out.append(r);
    }
}

HttpClient::HttpClient(QString host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

HttpResponse HttpClient::send(const QByteArray &method, const QString &path, const QByteArray &body, const Headers &headers,
                              std::chrono::milliseconds timeout) const
{
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\n";
    bool hostGiven = false;
    bool typeGiven = false;
    for (const Headers *list : {&m_defaults, &headers}) {
        for (const auto &[name, value] : *list) {
            hostGiven |= name.toLower() == "host";
            typeGiven |= name.toLower() == "content-type";
        }
    }
    if (!hostGiven)
        request += "Host: " + m_host.toUtf8() + ':' + QByteArray::number(m_port) + "\r\n";
    for (const Headers *list : {&m_defaults, &headers}) {
        for (const auto &[name, value] : *list)
            request += name + ": " + value + "\r\n";
    }
    if (!body.isEmpty() && !typeGiven)
        request += "Content-Type: application/json\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    const QList<HttpResponse> responses = raw(request, 1, timeout);
    if (responses.isEmpty())
        return {};
    HttpResponse r = responses.first();
    if (method == "HEAD") {
        // raw() read the headers; a HEAD answer has no body whatever Content-Length says.
        r.body.clear();
    }
    if (m_observer)
        m_observer(method, path, r);
    return r;
}

QList<HttpResponse> HttpClient::raw(const QByteArray &bytes, int expected, std::chrono::milliseconds timeout,
                                    std::chrono::milliseconds pauseAfterHeaders) const
{
    QTcpSocket socket;
    socket.connectToHost(m_host, m_port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    const bool head = bytes.startsWith("HEAD ");
    if (pauseAfterHeaders.count() > 0) {
        const qsizetype split = bytes.indexOf("\r\n\r\n") + 4;
        socket.write(bytes.left(split));
        QTest::qWait(int(pauseAfterHeaders.count()));
        socket.write(bytes.mid(split));
    } else {
        socket.write(bytes);
    }
    QByteArray buffer;
    QList<HttpResponse> out;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::disconnected, [&closed] { closed = true; });
    // A timeout is not an error here: the caller judges what did arrive.
    [[maybe_unused]] const bool complete = QTest::qWaitFor(
        [&] {
            buffer += socket.readAll();
            out += parseResponses(buffer, head);
            return out.size() >= expected || closed;
        },
        int(timeout.count()));
    buffer += socket.readAll();
    out += parseResponses(buffer, head);
    // A server that says it closes gets a moment to do so, so `closed` is true to fact.
    if (!out.isEmpty() && out.last().headers.value("connection").toLower() == "close")
        [[maybe_unused]] const bool gone = QTest::qWaitFor([&] { return closed; }, 2000);
    if (closed || socket.state() != QAbstractSocket::ConnectedState) {
        for (HttpResponse &r : out)
            r.closed = true;
    }
    return out;
}

}  // namespace Atrium::Testing
