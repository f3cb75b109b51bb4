#pragma once

#include <QList>
#include <QStringList>

namespace Atrium {

/// Forward-only schema migrations. Migration i takes the database from
/// user_version i to i + 1; each runs in its own transaction.
const QList<QStringList> &schemaMigrations();

}  // namespace Atrium
