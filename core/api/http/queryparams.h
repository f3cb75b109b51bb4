#pragma once

#include "api/http/httptypes.h"
#include "model/error.h"

#include <QDateTime>
#include <QStringList>

namespace Atrium::Api::QueryParams {

/// What an integer above the maximum gets: refused, or the maximum (a page size asked too big).
enum class AboveMaximum { Refuse, Clamp };

/// The integer query parameter @p name, @p fallback when absent; INVALID_INPUT naming it when it
/// is not an integer in [@p min, @p max].
Result<int> integer(const ApiRequest &request, const QString &name, int fallback, int min, int max,
                    AboveMaximum above = AboveMaximum::Refuse);

/// The ISO 8601 time query parameter @p name, in UTC; a null QDateTime when absent.
Result<QDateTime> time(const ApiRequest &request, const QString &name);

/// A sort order, "FIELD:asc" or "FIELD:desc" ("FIELD" alone is ascending).
struct SortKey {
    QString field;
    bool descending = false;
};

/// The sort query parameter (@p fallback when absent), with FIELD one of @p fields.
Result<SortKey> sortKey(const ApiRequest &request, const QStringList &fields, const QString &fallback);

}  // namespace Atrium::Api::QueryParams
