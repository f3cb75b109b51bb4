#pragma once

#include "model/auditentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// The audit log as a table, newest first, one page at a time. Entries the
/// engine appends while it is shown come in at the top when they match the filter.
class AuditListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, ActorColumn, ActionColumn, TargetColumn, OutcomeColumn, DetailColumn, ColumnCount };
    enum Role { EntryRole = Qt::UserRole + 1 };  ///< the whole AuditEntry

    static constexpr int kPageSize = 200;

    explicit AuditListModel(Engine &engine, QObject *parent = nullptr);

    /// Shows the entries that match @p query (its limit and offset are ignored: pages are this model's).
    void setQuery(const AuditQuery &query);
    const AuditQuery &query() const { return m_query; }
    AuditEntry entry(int row) const { return m_entries.value(row); }
    /// The last error reading the log ("" when the last read worked).
    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    QList<AuditEntry> readPage(int offset);
    bool matches(const AuditEntry &entry) const;
    void prepend(const AuditEntry &entry);

    Engine &m_engine;
    AuditQuery m_query;
    QList<AuditEntry> m_entries;  ///< newest first
    bool m_hasMore = false;
    QString m_lastError;
};

}  // namespace Atrium::Ui
