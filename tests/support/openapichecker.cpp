#include "openapichecker.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <QUuid>
#include <cmath>

namespace Atrium::Testing {

namespace {

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: return QStringLiteral("nothing");
    }
    return {};
}

bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == u"string")
        return v.isString();
    if (type == u"boolean")
        return v.isBool();
    if (type == u"number")
        return v.isDouble();
    if (type == u"integer")
        return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
    if (type == u"object")
        return v.isObject();
    if (type == u"array")
        return v.isArray();
    return false;
}

QString shortJson(const QJsonValue &v)
{
    const QByteArray text = v.isObject()  ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                            : v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                          : QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    return QString::fromUtf8(text.left(80));
}

}  // namespace

OpenApiChecker::OpenApiChecker(QJsonObject document)
    : m_document(std::move(document))
{
}

const OpenApiChecker &OpenApiChecker::builtIn()
{
    static const OpenApiChecker checker = [] {
        QFile file(QStringLiteral(":/atrium/api/openapi.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("openapi.json is not among the resources");
        return OpenApiChecker(QJsonDocument::fromJson(file.readAll()).object());
    }();
    return checker;
}

QJsonObject OpenApiChecker::resolve(const QJsonValue &schema) const
{
    QJsonObject s = schema.toObject();
    for (int depth = 0; s.contains(QStringLiteral("$ref")) && depth < 16; ++depth) {
        const QString ref = s.value(QStringLiteral("$ref")).toString();
        const QString name = ref.section(u'/', -1);
        s = m_document.value(QStringLiteral("components")).toObject().value(QStringLiteral("schemas")).toObject().value(name).toObject();
    }
    return s;
}

QString OpenApiChecker::validate(const QJsonValue &value, const QJsonValue &schemaValue, const QString &where) const
{
    const QJsonObject schema = resolve(schemaValue);
    if (value.isNull() && schema.value(QStringLiteral("nullable")).toBool())
        return {};
    for (const QJsonValue &part : schema.value(QStringLiteral("allOf")).toArray()) {
        if (QString problem = validate(value, part, where); !problem.isEmpty())
            return problem;
    }
    const QString type = schema.value(QStringLiteral("type")).toString();
    if (!type.isEmpty() && !hasType(value, type))
        return QStringLiteral("%1 is %2 (%3) where the schema says %4").arg(where, typeOf(value), shortJson(value), type);
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value)) {
        return QStringLiteral("%1 is %2, not one of %3")
            .arg(where, shortJson(value), shortJson(schema.value(QStringLiteral("enum"))));
    }
    const QString format = schema.value(QStringLiteral("format")).toString();
    if (value.isString() && format == u"date-time" && !QDateTime::fromString(value.toString(), Qt::ISODateWithMs).isValid())
        return QStringLiteral("%1 is \"%2\", not a date-time").arg(where, value.toString().left(80));
    if (value.isString() && format == u"uuid" && QUuid::fromString(value.toString()).isNull())
        return QStringLiteral("%1 is \"%2\", not a UUID").arg(where, value.toString().left(80));

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(name.toString()))
                return QStringLiteral("%1 lacks the required field %2").arg(where, name.toString());
        }
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString at = where + u'.' + it.key();
            if (properties.contains(it.key())) {
                if (QString problem = validate(it.value(), properties.value(it.key()), at); !problem.isEmpty())
                    return problem;
            } else if (additional.isBool() && !additional.toBool()) {
                return QStringLiteral("%1 is not in the schema (no additional properties)").arg(at);
            } else if (additional.isObject()) {
                if (QString problem = validate(it.value(), additional, at); !problem.isEmpty())
                    return problem;
            }
        }
    }
    if (value.isArray() && schema.contains(QStringLiteral("items"))) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (QString problem = validate(array.at(i), schema.value(QStringLiteral("items")), QStringLiteral("%1[%2]").arg(where).arg(i));
                !problem.isEmpty())
                return problem;
        }
    }
    return {};
}

QString OpenApiChecker::templateFor(const QString &path) const
{
    static const QRegularExpression parameter(QStringLiteral(R"(\{[A-Za-z_]+\})"));
    QString best;
    int bestLiterals = -1;
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QString pattern = QRegularExpression::escape(it.key()).replace(QRegularExpression(QStringLiteral(R"(\\\{[A-Za-z_]+\\\})")),
                                                                            QStringLiteral("[^/]+"));
        if (!QRegularExpression(u'^' + pattern + QStringLiteral("/?$")).match(path).hasMatch())
            continue;
        int literals = 0;
        for (const QString &segment : it.key().split(u'/', Qt::SkipEmptyParts))
            literals += segment.contains(parameter) ? 0 : 1;
        if (literals > bestLiterals) {
            bestLiterals = literals;
            best = it.key();
        }
    }
    return best;
}

QString OpenApiChecker::check(const QByteArray &method, const QString &pathAndQuery, int status, const QByteArray &body) const
{
    const QString path = pathAndQuery.section(u'?', 0, 0);
    const QString templ = templateFor(path);
    if (templ.isEmpty() || method == "OPTIONS" || status == 0)
        return {};
    const bool head = method == "HEAD";
    const QJsonObject item = m_document.value(QStringLiteral("paths")).toObject().value(templ).toObject();
    const QString verb = head ? QStringLiteral("get") : QString::fromLatin1(method).toLower();
    if (!item.contains(verb))
        return {};  // 405, which no operation documents
    const QString operation = QStringLiteral("%1 %2").arg(QString::fromLatin1(method), templ);
    const QJsonObject responses = item.value(verb).toObject().value(QStringLiteral("responses")).toObject();
    const QString code = QString::number(status);
    if (!responses.contains(code) && !responses.contains(QStringLiteral("default")))
        return QStringLiteral("%1 answered %2, which the reference does not list").arg(operation, code);
    const QJsonObject response = responses.value(responses.contains(code) ? code : QStringLiteral("default")).toObject();
    const QJsonValue schema = response.value(QStringLiteral("content")).toObject().value(QStringLiteral("application/json"))
                                  .toObject().value(QStringLiteral("schema"));
    if (head || schema.isUndefined())
        return {};
    // An operation that answers a page or JSON (the console): a page is checked by its own tests.
    if (response.value(QStringLiteral("content")).toObject().contains(QStringLiteral("text/html")) && body.trimmed().startsWith('<'))
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("%1 %2: the body is not JSON (%3)").arg(operation, code, error.errorString());
    const QJsonValue value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    if (QString problem = validate(value, schema); !problem.isEmpty())
        return QStringLiteral("%1 %2: %3").arg(operation, code, problem);
    return {};
}

}  // namespace Atrium::Testing
