#pragma once

#include <QDateTime>
#include <QJsonValue>

namespace Atrium::Api {

/// "2026-03-05T14:30:00.000Z" (UTC, milliseconds), or empty for an invalid time: every surface's spelling.
inline QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

/// isoTime(), or JSON null for an invalid time.
inline QJsonValue isoTimeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(isoTime(time)) : QJsonValue(QJsonValue::Null);
}

}  // namespace Atrium::Api
