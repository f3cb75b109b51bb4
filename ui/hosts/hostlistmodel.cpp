#include "hostlistmodel.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>

namespace Atrium::Ui {

namespace {

/// What a figure shows while the host cannot be asked.
QString unknown()
{
    return QString(QChar(0x2014));  // em dash
}

}  // namespace

HostListModel::HostListModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_rows(engine.hostInfos())
{
    connect(&engine, &Engine::hostAdded, this, &HostListModel::upsert);
    connect(&engine, &Engine::hostChanged, this, &HostListModel::upsert);
    connect(&engine, &Engine::hostRemoved, this, &HostListModel::remove);
}

QString HostListModel::formatMemory(qint64 mebibytes)
{
    const QLocale locale;
    if (mebibytes < 1024)
        return tr("%1 MB").arg(locale.toString(mebibytes));
    if (mebibytes % 1024 == 0)
        return tr("%1 GB").arg(locale.toString(mebibytes / 1024));
    return tr("%1 GB").arg(locale.toString(double(mebibytes) / 1024.0, 'f', 1));
}

int HostListModel::rowOf(const QString &uri) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).uri == uri)
            return i;
    }
    return -1;
}

void HostListModel::upsert(const HostInfo &info)
{
    const int row = rowOf(info.uri);
    if (row < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(info);
        endInsertRows();
        return;
    }
    if (m_rows.at(row) == info)
        return;
    m_rows[row] = info;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1),
                       {Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole, StateRole, SimulatedRole,
                        VirtualizationRole, KvmUnusableRole});
}

void HostListModel::remove(const QString &uri)
{
    const int row = rowOf(uri);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

int HostListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HostListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant HostListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const HostInfo &h = m_rows.at(index.row());
    const auto column = Column(index.column());
    // Figures from a host that is not connected would be stale or zero.
    const bool connected = h.state == HostState::Connected;

    switch (role) {
    case UriRole: return h.uri;
    case StateRole: return int(h.state);
    case SimulatedRole: return h.simulated;
    case VirtualizationRole: return int(h.virtualization);
    case KvmUnusableRole: return h.kvmUnusable();
    case Qt::DisplayRole:
        switch (column) {
        case Name: return Labels::hostName(h);
        case Uri: return h.uri;
        case State: return Labels::hostState(h.state);
        case Kind: return h.simulated ? tr("Simulated (libvirt test driver)") : tr("Hypervisor");
        case Hypervisor:
            if (h.hypervisor.isEmpty())
                return unknown();
            return h.virtType.isEmpty() ? h.hypervisor : tr("%1 (%2)").arg(h.hypervisor, h.virtType);
        case VirtualizationColumn: return Labels::virtualization(h);
        case Cpus: return connected ? QLocale().toString(h.cpus) : unknown();
        case Memory: return connected ? formatMemory(h.memoryMb) : unknown();
        case FreeMemory: return connected ? formatMemory(h.freeMemoryMb) : unknown();
        case RunningDomains: return connected ? QLocale().toString(h.runningDomains) : unknown();
        case FoundDomains: return h.showForeignDomains ? tr("Shown") : tr("Hidden");
        case LastError: return h.lastError;
        case ColumnCount: break;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == State)
            return Labels::hostStateColor(h.state, QGuiApplication::palette());
        if (column == VirtualizationColumn && h.kvmUnusable())
            return Labels::hostStateColor(HostState::Failed, QGuiApplication::palette());
        return {};
    case Qt::FontRole:
        if (column == Kind && h.simulated) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (column) {
        case Cpus:
        case Memory:
        case FreeMemory:
        case RunningDomains: return int(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case Name: return h.uri;
        case FoundDomains:
            return h.showForeignDomains ? tr("Domains on this host that Atrium did not create are in the catalog")
                                        : tr("Only the workspaces Atrium created are in the catalog; the host's other "
                                             "domains are left out");
        case Uri:
        case Kind:
            if (h.simulated)
                return tr("libvirt's in-process simulator: no real virtual machine runs here");
            return h.hostname.isEmpty() ? QVariant() : QVariant(tr("Host name: %1").arg(h.hostname));
        case LastError: return h.lastError.isEmpty() ? QVariant() : QVariant(h.lastError);
        case VirtualizationColumn: return Labels::virtualizationDetail(h);
        default: return {};
        }
    default: return {};
    }
}

QVariant HostListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name: return tr("Name");
    case Uri: return tr("URI");
    case State: return tr("State");
    case Kind: return tr("Kind");
    case Hypervisor: return tr("Hypervisor");
    case VirtualizationColumn: return tr("Virtualization");
    case Cpus: return tr("CPUs");
    case Memory: return tr("Memory");
    case FreeMemory: return tr("Free memory");
    case RunningDomains: return tr("Running VMs");
    case FoundDomains: return tr("Found domains");
    case LastError: return tr("Last error");
    case ColumnCount: break;
    }
    return {};
}

}  // namespace Atrium::Ui
