#pragma once

#include "model/session.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// Sessions as a table, newest first, following the engine's sessionChanged.
/// The duration of active sessions ticks once a second; nothing ticks while
/// no session is active.
class SessionListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Workspace, User, Status, Started, Duration, Tunnel, Mfa, Address, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SessionIdRole = Qt::UserRole + 1,
        WorkspaceIdRole,
        ActiveRole,   ///< bool
        SessionRole,  ///< the Session, in a QVariant
        SortRole,     ///< raw values (dates, seconds) so sorting is not by text
    };
    Q_ENUM(Role)

    explicit SessionListModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Shows only the sessions of one workspace (empty = all) and reloads.
    void setWorkspaceFilter(const QString &workspaceId);
    QString workspaceFilter() const { return m_workspaceFilter; }

    int rowOf(const QString &sessionId) const { return m_index.value(sessionId, -1); }
    Session sessionAt(int row) const { return m_rows.value(row); }

private:
    void reload();
    void upsert(const Session &session);
    void reindex();
    void tick();
    void updateTicking();

    Engine &m_engine;
    QString m_workspaceFilter;
    QList<Session> m_rows;
    QHash<QString, int> m_index;
    int m_activeCount = 0;
    QTimer m_tick;
};

}  // namespace Atrium::Ui

Q_DECLARE_METATYPE(Atrium::Session)
