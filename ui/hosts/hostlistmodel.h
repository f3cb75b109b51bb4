#pragma once

#include "model/host.h"

#include <QAbstractTableModel>

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// The libvirt hosts as a table, in the order they were added, following the engine's signals.
class HostListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Uri, State, Kind, Hypervisor, VirtualizationColumn, Cpus, Memory, FreeMemory, RunningDomains, FoundDomains, LastError, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        UriRole = Qt::UserRole + 1,
        StateRole,      ///< HostState as int
        SimulatedRole,  ///< bool: libvirt's test driver, nothing real runs
        VirtualizationRole,  ///< Virtualization (the setting) as int
        KvmUnusableRole,     ///< bool: KVM failed here and the host emulates
    };
    Q_ENUM(Role)

    explicit HostListModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &uri) const;
    HostInfo hostAt(int row) const { return m_rows.value(row); }

    /// "15.6 GB", "512 MB": sizes as people read them, in the current locale.
    static QString formatMemory(qint64 mebibytes);

private:
    void upsert(const HostInfo &info);
    void remove(const QString &uri);

    QList<HostInfo> m_rows;
};

}  // namespace Atrium::Ui
