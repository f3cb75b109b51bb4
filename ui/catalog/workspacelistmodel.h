#pragma once

#include "model/host.h"
#include "model/session.h"
#include "model/workspace.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>
#include <QTimer>

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// The catalog as a list model: one row per workspace, in catalog order,
/// following the engine's signals. Changes are batched into one dataChanged
/// per contiguous run of rows, once per event-loop turn.
class WorkspaceListModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        WorkspaceRole,   ///< the Workspace, in a QVariant
        NameRole,
        TypeRole,        ///< WorkspaceType as int
        StatusRole,      ///< WorkspaceStatus as int
        StatusTextRole,
        StatusGroupRole, ///< "available", "running", "stopped", "error": what the status filter groups by
        HostRole,        ///< the libvirt URI a VM runs on (empty for remote endpoints)
        HostStateRole,   ///< HostState as int, -1 when not a VM
        HostLabelRole,   ///< "test:///default (simulated)", or the endpoint's host
        ResourcesRole,
        SearchTextRole,  ///< what the search box matches: name, id, description, URL
        CanLaunchRole,
        CanStopRole,
        BusyRole,        ///< starting or stopping
        CreatedRole,
        SessionCountRole, ///< active sessions on it: "in use" (the Workspaces API's `running`) when > 0
    };
    Q_ENUM(Role)

    explicit WorkspaceListModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int rowOf(const QString &id) const;
    Workspace workspaceAt(int row) const { return m_rows.value(row); }

private:
    void reload();
    void upsert(const Workspace &workspace);
    void remove(const QString &id);
    void hostChanged(const HostInfo &info);
    void sessionChanged(const Session &session);
    void countSessions();
    void markDirty(int row);
    void flushDirty();
    void reindexFrom(int row);
    /// The host a VM workspace runs on, as last told (unknown hosts read as unreachable).
    HostInfo hostOf(const Workspace &w) const;
    QString hostLabel(const Workspace &w) const;
    /// The card's tooltip: the description and, for a VM, its host and how it virtualizes.
    QString toolTip(const Workspace &w) const;

    Engine &m_engine;
    QList<Workspace> m_rows;
    QHash<QString, int> m_index;
    QHash<QString, HostInfo> m_hosts;
    QHash<QString, int> m_sessionCounts;  ///< by workspace id, active sessions only
    QSet<int> m_dirty;
    QTimer m_flush;
};

}  // namespace Atrium::Ui

Q_DECLARE_METATYPE(Atrium::Workspace)
