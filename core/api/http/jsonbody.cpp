#include "api/http/jsonbody.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <cmath>

namespace Atrium::Api {

namespace {

/// The first key an object of @p json (already valid JSON) names twice, if any. QJsonDocument
/// keeps the last one silently; two parsers of one body must not disagree about it.
std::optional<QString> duplicateKey(const QByteArray &json)
{
    struct Frame {
        bool isObject = false;
        bool expectingKey = false;
        QSet<QString> keys;
    };
    QList<Frame> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '{') {
            stack.append(Frame{true, true, {}});
        } else if (c == '[') {
            stack.append(Frame{false, false, {}});
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',') {
            if (!stack.isEmpty() && stack.last().isObject)
                stack.last().expectingKey = true;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                if (json.at(i) == '\\')
                    ++i;
            }
            if (stack.isEmpty() || !stack.last().expectingKey)
                continue;
            Frame &frame = stack.last();
            frame.expectingKey = false;
            const QByteArray token = json.mid(start, i - start + 1);
            // Escapes ("\u0061" is "a") are compared decoded.
            const QString key = token.contains('\\')
                ? QJsonDocument::fromJson("[" + token + "]").array().at(0).toString()
                : QString::fromUtf8(token.mid(1, token.size() - 2));
            if (frame.keys.contains(key))
                return key;
            frame.keys.insert(key);
        }
    }
    return std::nullopt;
}

}  // namespace

Result<JsonBody> JsonBody::parse(const QByteArray &body, bool allowEmpty)
{
    if (body.trimmed().isEmpty()) {
        if (allowEmpty)
            return JsonBody(QJsonObject{});
        return fail(ErrorCode::InvalidInput, QStringLiteral("The request body is empty; send a JSON object"));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("The request body is not valid JSON: %1 at byte %2")
                                                 .arg(parseError.errorString())
                                                 .arg(parseError.offset));
    }
    if (!document.isObject())
        return fail(ErrorCode::InvalidInput, QStringLiteral("The request body must be a JSON object"));
    if (const auto key = duplicateKey(body)) {
        return std::unexpected(Error(ErrorCode::InvalidInput,
                                     QStringLiteral("The request body names the field '%1' more than once").arg(key->left(100)),
                                     key->left(100)));
    }
    return JsonBody(document.object());
}

JsonBody::JsonBody(QJsonObject object, QString prefix, ErrorCode code)
    : m_object(std::move(object))
    , m_prefix(std::move(prefix))
    , m_code(code)
{
}

QString JsonBody::path(const QString &name) const
{
    return m_prefix.isEmpty() ? name : m_prefix + u'.' + name;
}

std::unexpected<Error> JsonBody::error(const QString &name, const QString &message) const
{
    return std::unexpected(Error(m_code, QStringLiteral("%1 %2").arg(path(name), message), path(name)));
}

bool JsonBody::has(const QString &name) const
{
    const auto it = m_object.constFind(name);
    return it != m_object.constEnd() && !it->isNull();
}

Result<void> JsonBody::onlyFields(std::initializer_list<const char *> known) const
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        bool listed = false;
        for (const char *name : known)
            listed |= it.key() == QLatin1StringView(name);
        if (!listed) {
            QStringList names;
            for (const char *name : known)
                names << QString::fromLatin1(name);
            return std::unexpected(Error(m_code,
                                         QStringLiteral("unknown field '%1' (accepted: %2)")
                                             .arg(path(it.key()).left(100), names.join(QStringLiteral(", "))),
                                         path(it.key()).left(100)));
        }
    }
    return {};
}

Result<std::optional<QString>> JsonBody::string(const QString &name) const
{
    if (!has(name))
        return std::optional<QString>{};
    const QJsonValue value = m_object.value(name);
    if (!value.isString())
        return error(name, QStringLiteral("must be a string"));
    return std::optional<QString>{value.toString()};
}

Result<QString> JsonBody::requiredString(const QString &name) const
{
    auto value = string(name);
    if (!value)
        return fail(value.error());
    if (!*value)
        return error(name, QStringLiteral("is required"));
    return **value;
}

Result<std::optional<bool>> JsonBody::boolean(const QString &name) const
{
    if (!has(name))
        return std::optional<bool>{};
    const QJsonValue value = m_object.value(name);
    if (!value.isBool())
        return error(name, QStringLiteral("must be true or false"));
    return std::optional<bool>{value.toBool()};
}

Result<std::optional<qint64>> JsonBody::integer(const QString &name, qint64 min, qint64 max) const
{
    if (!has(name))
        return std::optional<qint64>{};
    const QJsonValue value = m_object.value(name);
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number || std::isinf(number))
        return error(name, QStringLiteral("must be an integer"));
    if (number < double(min) || number > double(max))
        return error(name, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
    return std::optional<qint64>{qint64(number)};
}

Result<std::optional<QJsonObject>> JsonBody::object(const QString &name) const
{
    if (!has(name))
        return std::optional<QJsonObject>{};
    const QJsonValue value = m_object.value(name);
    if (!value.isObject())
        return error(name, QStringLiteral("must be an object"));
    return std::optional<QJsonObject>{value.toObject()};
}

Result<std::optional<QJsonArray>> JsonBody::array(const QString &name) const
{
    if (!has(name))
        return std::optional<QJsonArray>{};
    const QJsonValue value = m_object.value(name);
    if (!value.isArray())
        return error(name, QStringLiteral("must be an array"));
    return std::optional<QJsonArray>{value.toArray()};
}

Result<std::optional<QStringList>> JsonBody::stringList(const QString &name) const
{
    auto values = array(name);
    if (!values)
        return fail(values.error());
    if (!*values)
        return std::optional<QStringList>{};
    QStringList list;
    for (const QJsonValue &v : **values) {
        if (!v.isString())
            return error(name, QStringLiteral("must be an array of strings"));
        list << v.toString();
    }
    return std::optional<QStringList>{list};
}

JsonBody JsonBody::nested(const QJsonObject &object, const QString &name) const
{
    return JsonBody(object, path(name), m_code);
}

}  // namespace Atrium::Api
