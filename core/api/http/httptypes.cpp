#include "api/http/httptypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Atrium::Api {

QByteArray methodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::Get: return QByteArrayLiteral("GET");
    case HttpMethod::Head: return QByteArrayLiteral("HEAD");
    case HttpMethod::Post: return QByteArrayLiteral("POST");
    case HttpMethod::Put: return QByteArrayLiteral("PUT");
    case HttpMethod::Patch: return QByteArrayLiteral("PATCH");
    case HttpMethod::Delete: return QByteArrayLiteral("DELETE");
    case HttpMethod::Options: return QByteArrayLiteral("OPTIONS");
    case HttpMethod::Other: return QByteArrayLiteral("OTHER");
    }
    return {};
}

ApiReply ApiReply::json(int status, const QJsonValue &value)
{
    QByteArray body;
    if (value.isObject())
        body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return rawJson(status, std::move(body));
}

ApiReply ApiReply::rawJson(int status, QByteArray body)
{
    ApiReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    return reply;
}

ApiReply ApiReply::empty(int status)
{
    ApiReply reply;
    reply.status = status;
    return reply;
}

ApiReply &ApiReply::withHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

}  // namespace Atrium::Api
