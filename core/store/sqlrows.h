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

/// One row of a result set, read by column name. The names are the result
/// set's, fetched once: QSqlQuery::value(name) scans the record's fields on
/// every call, which dominated loading a 10,000-workspace catalog.
class Row final {
public:
    Row(const QSqlQuery &query, const QStringList &columns)
        : m_query(query)
        , m_columns(columns)
    {
    }
    QVariant value(QLatin1StringView column) const;
    QVariant value(const QString &column) const;

private:
    const QSqlQuery &m_query;
    const QStringList &m_columns;
    mutable qsizetype m_next = 0;  ///< readers ask in about the table's order: look here first
};

/// The column names of @p query's result set, for Row.
QStringList columnNames(const QSqlQuery &query);

/// SQL NULL, as a bound value.
QVariant sqlNull();
QVariant timeToDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);

Columns workspaceColumns(const Workspace &workspace);
Workspace workspaceFromQuery(const Row &row);

Columns sessionColumns(const Session &session);
Session sessionFromQuery(const Row &row);

Columns identityColumns(const Identity &identity);
Identity identityFromQuery(const Row &row);

Columns tokenColumns(const ApiToken &token);
ApiToken tokenFromQuery(const Row &row);

AuditEntry auditFromQuery(const Row &row);
WorkspaceEvent eventFromQuery(const Row &row);

}  // namespace Atrium::SqlRows
