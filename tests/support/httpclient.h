#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <utility>

namespace Atrium::Testing {

struct HttpResponse {
    int status = 0;  ///< 0: no answer (timeout or connection closed first)
    QHash<QByteArray, QByteArray> headers;  ///< lower-case names
    QByteArray body;
    bool closed = false;  ///< the server closed the connection

    QJsonObject object() const;
    QJsonArray array() const;
    bool isJson() const;
};

using Headers = QList<std::pair<QByteArray, QByteArray>>;

/// A plain HTTP/1.1 client on a real socket that keeps the event loop turning
/// while it waits, so a server in the same thread can answer.
class HttpClient final {
public:
    HttpClient(QString host, quint16 port);

    void setDefaultHeaders(Headers headers) { m_defaults = std::move(headers); }
    /// Sees every response send() gets (the API tests check each against the reference).
    using Observer = std::function<void(const QByteArray &method, const QString &path, const HttpResponse &response)>;
    void setObserver(Observer observer) { m_observer = std::move(observer); }

    HttpResponse send(const QByteArray &method, const QString &path, const QByteArray &body = {}, const Headers &headers = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
    HttpResponse get(const QString &path, const Headers &headers = {}) const { return send("GET", path, {}, headers); }
    HttpResponse post(const QString &path, const QByteArray &body = {}, const Headers &headers = {}) const
    {
        return send("POST", path, body, headers);
    }
    HttpResponse put(const QString &path, const QByteArray &body, const Headers &headers = {}) const
    {
        return send("PUT", path, body, headers);
    }
    HttpResponse patch(const QString &path, const QByteArray &body, const Headers &headers = {}) const
    {
        return send("PATCH", path, body, headers);
    }
    HttpResponse del(const QString &path, const Headers &headers = {}) const { return send("DELETE", path, {}, headers); }

    /// Sends raw bytes on one connection and reads every response until
    /// @p expected responses arrived or the server closed. For pipelining,
    /// slow clients and malformed requests.
    QList<HttpResponse> raw(const QByteArray &bytes, int expected, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                            std::chrono::milliseconds pauseAfterHeaders = {}) const;

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }

private:
    QString m_host;
    quint16 m_port;
    Headers m_defaults;
    Observer m_observer;
};

/// Parses as many complete responses as @p buffer holds, removing them from it.
QList<HttpResponse> parseResponses(QByteArray &buffer, bool headRequest = false);

}  // namespace Atrium::Testing
