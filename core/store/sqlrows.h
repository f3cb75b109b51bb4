#pragma once

#include "model/auditentry.h"
#include "model/identity.h"
#include "model/session.h"
#include "model/workspace.h"
#include "model/workspaceevent.h"

#include <QList>
#include <QVariant>
#include <QtSql/QSqlQuery>

#include <utility>

namespace Atrium::SqlRows {

/// A row as (column, value) pairs, in the order of the table's columns.
using Columns = QList<std::pair<QLatin1StringView, QVariant>>;

/// SQL NULL, as a bound value.
QVariant sqlNull();
QVariant timeToDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);

Columns workspaceColumns(const Workspace &workspace);
Workspace workspaceFromQuery(const QSqlQuery &query);

Columns sessionColumns(const Session &session);
Session sessionFromQuery(const QSqlQuery &query);

Columns identityColumns(const Identity &identity);
Identity identityFromQuery(const QSqlQuery &query);

Columns tokenColumns(const ApiToken &token);
ApiToken tokenFromQuery(const QSqlQuery &query);

AuditEntry auditFromQuery(const QSqlQuery &query);
WorkspaceEvent eventFromQuery(const QSqlQuery &query);

}  // namespace Atrium::SqlRows
