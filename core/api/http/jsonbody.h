#pragma once

#include "model/error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <initializer_list>
#include <optional>

namespace Atrium::Api {

/// Strict reading of a JSON request body: malformed JSON, wrong types, values
/// out of range and unknown fields are errors that name the field. A field
/// sent as null counts as not sent.
class JsonBody final {
public:
    /// An empty body reads as {} when @p allowEmpty.
    static Result<JsonBody> parse(const QByteArray &body, bool allowEmpty = false);
    explicit JsonBody(QJsonObject object, QString prefix = {}, ErrorCode code = ErrorCode::InvalidInput);

    const QJsonObject &object() const { return m_object; }
    bool has(const QString &name) const;

    /// Refuses any field not in @p known.
    Result<void> onlyFields(std::initializer_list<const char *> known) const;

    Result<std::optional<QString>> string(const QString &name) const;
    Result<QString> requiredString(const QString &name) const;
    Result<std::optional<bool>> boolean(const QString &name) const;
    Result<std::optional<qint64>> integer(const QString &name, qint64 min, qint64 max) const;
    Result<std::optional<QJsonObject>> object(const QString &name) const;
    Result<std::optional<QJsonArray>> array(const QString &name) const;
    Result<std::optional<QStringList>> stringList(const QString &name) const;

    /// A nested object read with the same rules; errors name "outer.inner".
    JsonBody nested(const QJsonObject &object, const QString &name) const;

private:
    std::unexpected<Error> error(const QString &name, const QString &message) const;
    QString path(const QString &name) const;

    QJsonObject m_object;
    QString m_prefix;
    ErrorCode m_code;
};

}  // namespace Atrium::Api
