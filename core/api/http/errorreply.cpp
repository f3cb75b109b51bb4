#include "api/http/errorreply.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Atrium::Api {

QByteArray errorBody(Surface surface, const QString &code, const QString &message, const QString &field)
{
    QJsonObject body;
    switch (surface) {
    case Surface::ApiKey: {
        QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
        if (!field.isEmpty())
            error.insert(QStringLiteral("field"), field);
        body.insert(QStringLiteral("error"), error);
        break;
    }
    case Surface::ClientPair:
        body.insert(QStringLiteral("success"), false);
        body.insert(QStringLiteral("error"), message);
        body.insert(QStringLiteral("code"), code);
        if (!field.isEmpty())
            body.insert(QStringLiteral("field"), field);
        break;
    case Surface::Public:
    case Surface::Bearer:
    case Surface::Console:
        body.insert(QStringLiteral("detail"), message);
        body.insert(QStringLiteral("code"), code);
        if (!field.isEmpty())
            body.insert(QStringLiteral("field"), field);
        break;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ApiReply errorReply(Surface surface, int status, const QString &code, const QString &message, const QString &field)
{
    return ApiReply::rawJson(status, errorBody(surface, code, message, field));
}

ApiReply errorReply(Surface surface, const Error &error)
{
    return errorReply(surface, error.httpStatus(), error.codeName(), error.message, error.field);
}

}  // namespace Atrium::Api

namespace Atrium::Api {

ApiReply replyOr(Surface surface, const Result<ApiReply> &result)
{
    return result ? *result : errorReply(surface, result.error());
}

}  // namespace Atrium::Api
