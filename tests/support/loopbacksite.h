#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace Atrium::Testing {

/// A small web site on 127.0.0.1 (never anywhere else) for the web viewer's
/// tests and benchmark: `/` a page, `/login` the same page setting a cookie that
/// lasts an hour, anything else 404. It remembers each request's path and
/// Cookie header.
class LoopbackSite final : public QTcpServer {
public:
    static constexpr QLatin1StringView kPageTitle{"Atrium loopback page"};
    static constexpr QLatin1StringView kPageText{"Hello from the loopback test page"};

    struct Request {
        QByteArray path;
        QByteArray cookie;
    };

    LoopbackSite()
    {
        if (!listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on 127.0.0.1: %s", qPrintable(errorString()));
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
    }

    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
    }

    QList<Request> requestsFor(const QByteArray &path) const
    {
        QList<Request> found;
        for (const Request &r : requests) {
            if (r.path == path)
                found << r;
        }
        return found;
    }

    QList<Request> requests;

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            // GETs only, so a request ends with its headers.
            for (qsizetype end; (end = buffer->indexOf("\r\n\r\n")) >= 0;) {
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                buffer->remove(0, end + 4);
                Request request;
                request.path = lines.value(0).split(' ').value(1);
                for (const QByteArray &line : lines) {
                    if (line.toLower().startsWith("cookie:"))
                        request.cookie = line.mid(7).trimmed();
                }
                requests << request;
                answer(socket, request.path);
            }
        });
    }

    static void answer(QTcpSocket *socket, const QByteArray &path)
    {
        QByteArray status = "200 OK";
        QByteArray extra;
        QByteArray body = "<!DOCTYPE html><html><head><title>" + QByteArray(kPageTitle.data()) + "</title></head>"
                          "<body style=\"margin:0;background:#2e7d6b;color:#fff;font:28px sans-serif\">"
                          "<h1 style=\"margin:48px\">" + QByteArray(kPageText.data()) + "</h1>"
                          "<p style=\"margin:48px\">Served by the test on 127.0.0.1, for Atrium's web viewer.</p>"
                          "</body></html>";
        if (path == "/login") {
            extra = "Set-Cookie: atrium_login=remembered; Max-Age=3600; Path=/\r\n";
        } else if (path != "/") {
            status = "404 Not Found";
            body = "<html><head><title>Missing</title></head><body>no such page</body></html>";
        }
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: text/html; charset=utf-8\r\n" + extra
                      + "Cache-Control: no-store\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\n\r\n" + body);
    }
};

}  // namespace Atrium::Testing
