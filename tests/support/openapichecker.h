#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Atrium::Testing {

/// Checks a response against the API reference Atrium serves (openapi.json): the status
/// must be documented for the operation, and a JSON body must match its schema — types,
/// nullable, enum, required, additionalProperties, items, allOf, $ref, date-time and uuid
/// formats. So a null where a string is promised, or an undocumented status, fails a test.
class OpenApiChecker final {
public:
    explicit OpenApiChecker(QJsonObject document);
    /// The document compiled into Atrium (the one GET /api/openapi.json serves).
    static const OpenApiChecker &builtIn();

    /// "" when the response conforms (or is no operation's: an unknown path, a method the
    /// path does not have, OPTIONS); else what differs, naming the operation and the place.
    QString check(const QByteArray &method, const QString &pathAndQuery, int status, const QByteArray &body) const;

    /// "" when @p value matches @p schema; else where and how it does not.
    QString validate(const QJsonValue &value, const QJsonValue &schema, const QString &where = QStringLiteral("$")) const;

private:
    QJsonObject resolve(const QJsonValue &schema) const;
    /// The documented path template @p path belongs to (the most specific one), or "".
    QString templateFor(const QString &path) const;

    QJsonObject m_document;
};

}  // namespace Atrium::Testing
