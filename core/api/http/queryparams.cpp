#include "api/http/queryparams.h"

namespace Atrium::Api::QueryParams {

Result<int> integer(const ApiRequest &request, const QString &name, int fallback, int min, int max, AboveMaximum above)
{
    if (!request.hasQuery(name))
        return fallback;
    bool ok = false;
    const int value = request.queryValue(name).toInt(&ok);
    if (above == AboveMaximum::Clamp) {
        if (!ok || value < min)
            return fail(Error::invalid(name, QStringLiteral("%1 must be an integer of at least %2").arg(name).arg(min)));
        return std::min(value, max);
    }
    if (!ok || value < min || value > max)
        return fail(Error::invalid(name, QStringLiteral("%1 must be an integer between %2 and %3").arg(name).arg(min).arg(max)));
    return value;
}

Result<QDateTime> time(const ApiRequest &request, const QString &name)
{
    if (!request.hasQuery(name))
        return QDateTime();
    const QDateTime time = QDateTime::fromString(request.queryValue(name), Qt::ISODateWithMs);
    if (!time.isValid())
        return fail(Error::invalid(name, QStringLiteral("%1 must be an ISO 8601 time, e.g. 2026-03-05T14:30:00Z").arg(name)));
    return time.toUTC();
}

Result<SortKey> sortKey(const ApiRequest &request, const QStringList &fields, const QString &fallback)
{
    const QString sort = request.hasQuery(QStringLiteral("sort")) ? request.queryValue(QStringLiteral("sort")) : fallback;
    const QStringList parts = sort.split(u':');
    const QString direction = parts.size() > 1 ? parts.at(1) : QStringLiteral("asc");
    if (parts.size() > 2 || !fields.contains(parts.value(0)) || (direction != u"asc" && direction != u"desc")) {
        return fail(Error::invalid(QStringLiteral("sort"), QStringLiteral("sort must be FIELD:asc or FIELD:desc with FIELD one of %1")
                                                               .arg(fields.join(QStringLiteral(", ")))));
    }
    return SortKey{parts.value(0), direction == u"desc"};
}

}  // namespace Atrium::Api::QueryParams
