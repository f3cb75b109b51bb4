#pragma once

#include "model/identity.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <utility>

namespace Atrium::Api {

enum class HttpMethod { Get, Head, Post, Put, Patch, Delete, Options, Other };

QByteArray methodName(HttpMethod method);

/// A request, copied out of QtHttpServer's (which is reused on keep-alive and
/// must not be touched once a handler goes asynchronous).
struct ApiRequest {
    HttpMethod method = HttpMethod::Get;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers;  ///< lower-case names
    QByteArray body;
    QHostAddress peer;
    QStringList captures;  ///< path parameters, percent-decoded, in template order
    Actor actor;           ///< filled in once the credential is checked

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    QString capture(int index) const { return captures.value(index); }
    bool hasQuery(const QString &name) const { return query.hasQueryItem(name); }
    /// A query parameter, fully percent-decoded ("uma%40x" → "uma@x").
    QString queryValue(const QString &name) const { return query.queryItemValue(name, QUrl::FullyDecoded); }
};

/// A complete response, written in one go.
struct ApiReply {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closeConnection = false;

    static ApiReply json(int status, const QJsonValue &value);
    static ApiReply rawJson(int status, QByteArray body);
    static ApiReply empty(int status);
    ApiReply &withHeader(QByteArray name, QByteArray value);
};

}  // namespace Atrium::Api
