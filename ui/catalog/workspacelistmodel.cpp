#include "workspacelistmodel.h"

#include "common/labels.h"
#include "engine/engine.h"
#include "providers/hostregistry.h"

#include <QUrl>

namespace Atrium::Ui {

namespace {

QString statusGroup(WorkspaceStatus status)
{
    switch (status) {
    case WorkspaceStatus::Available: return QStringLiteral("available");
    case WorkspaceStatus::Pending:
    case WorkspaceStatus::Running:
    case WorkspaceStatus::Stopping:
    case WorkspaceStatus::Paused: return QStringLiteral("running");
    case WorkspaceStatus::Stopped: return QStringLiteral("stopped");
    case WorkspaceStatus::Error: return QStringLiteral("error");
    }
    return {};
}

}  // namespace

WorkspaceListModel::WorkspaceListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(0);
    connect(&m_flush, &QTimer::timeout, this, &WorkspaceListModel::flushDirty);
    connect(&engine, &Engine::workspaceAdded, this, &WorkspaceListModel::upsert);
    connect(&engine, &Engine::workspaceChanged, this, &WorkspaceListModel::upsert);
    connect(&engine, &Engine::workspaceRemoved, this, &WorkspaceListModel::remove);
    connect(&engine, &Engine::catalogReset, this, &WorkspaceListModel::reload);
    connect(&engine, &Engine::hostChanged, this, &WorkspaceListModel::hostChanged);
    for (const HostInfo &info : engine.hosts().infos())
        m_hosts.insert(info.uri, info);
    reload();
}

void WorkspaceListModel::reload()
{
    beginResetModel();
    m_rows = m_engine.workspaces();
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
    m_dirty.clear();
    endResetModel();
}

int WorkspaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorkspaceListModel::rowOf(const QString &id) const
{
    return m_index.value(id, -1);
}

QString WorkspaceListModel::hostLabel(const Workspace &w) const
{
    if (w.provider() == ProviderKind::Remote)
        return QUrl(w.url).host();
    QString uri = w.hostUri;
    if (uri.isEmpty()) {
        const LibvirtHost *host = m_engine.hostFor(w);
        uri = host ? host->uri() : QString();
    }
    const HostInfo info = m_hosts.value(uri);
    if (info.simulated)
        return tr("%1 (simulated)").arg(uri);
    return info.kvmUnusable() ? tr("%1 · KVM unusable here: emulating").arg(uri) : uri;
}

QString WorkspaceListModel::toolTip(const Workspace &w) const
{
    const QString about = w.description.isEmpty() ? w.name : w.description;
    if (w.provider() != ProviderKind::Libvirt)
        return about;
    const LibvirtHost *host = w.hostUri.isEmpty() ? m_engine.hostFor(w) : nullptr;
    const QString uri = host ? host->uri() : w.hostUri;
    const HostInfo info = m_hosts.value(uri);
    QString tip = about + u'\n' + tr("Host: %1 (%2)").arg(uri, Labels::virtualization(info));
    if (info.kvmUnusable())
        tip += u'\n' + Labels::virtualizationDetail(info);
    return tip;
}

QVariant WorkspaceListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Workspace &w = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return w.name;
    case Qt::ToolTipRole: return toolTip(w);
    case Qt::DecorationRole: return Labels::workspaceIcon(w.icon, w.type);
    case IdRole: return w.id;
    case WorkspaceRole: return QVariant::fromValue(w);
    case TypeRole: return int(w.type);
    case StatusRole: return int(w.status);
    case StatusTextRole: return w.status == WorkspaceStatus::Error && !w.statusMessage.isEmpty()
            ? tr("Error: %1").arg(w.statusMessage)
            : Labels::status(w.status);
    case StatusGroupRole: return statusGroup(w.status);
    case HostRole: return w.provider() == ProviderKind::Libvirt ? (w.hostUri.isEmpty() ? hostLabel(w).section(u' ', 0, 0) : w.hostUri) : QString();
    case HostStateRole: {
        if (w.provider() != ProviderKind::Libvirt)
            return -1;
        const LibvirtHost *host = m_engine.hostFor(w);
        return host ? int(m_hosts.value(host->uri(), host->info()).state) : int(HostState::Failed);
    }
    case HostLabelRole: return hostLabel(w);
    case ResourcesRole: return Labels::resources(w.resources);
    case SearchTextRole: return QString(w.name + u'\n' + w.id + u'\n' + w.description + u'\n' + w.url);
    case CanLaunchRole: return w.status == WorkspaceStatus::Available || w.status == WorkspaceStatus::Error
            || w.status == WorkspaceStatus::Running || w.status == WorkspaceStatus::Paused;
    case CanStopRole: return w.status == WorkspaceStatus::Running || w.status == WorkspaceStatus::Paused
            || (w.status == WorkspaceStatus::Error && !w.domainName.isEmpty());
    case BusyRole: return w.status == WorkspaceStatus::Pending || w.status == WorkspaceStatus::Stopping;
    case CreatedRole: return w.createdAt;
    default: return {};
    }
}

QHash<int, QByteArray> WorkspaceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "workspaceId");
    names.insert(NameRole, "name");
    names.insert(StatusRole, "status");
    names.insert(StatusTextRole, "statusText");
    names.insert(HostLabelRole, "host");
    names.insert(ResourcesRole, "resources");
    return names;
}

void WorkspaceListModel::upsert(const Workspace &w)
{
    const int row = rowOf(w.id);
    if (row >= 0) {
        m_rows[row] = w;
        markDirty(row);
        return;
    }
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(w);
    m_index.insert(w.id, at);
    endInsertRows();
}

void WorkspaceListModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    flushDirty();  // pending row numbers are about to shift
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_index.remove(id);
    reindexFrom(row);
    endRemoveRows();
}

void WorkspaceListModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_index[m_rows.at(i).id] = i;
}

void WorkspaceListModel::hostChanged(const HostInfo &info)
{
    const HostInfo before = m_hosts.value(info.uri);
    m_hosts.insert(info.uri, info);
    if (before.state == info.state && before.simulated == info.simulated && before.kvmUnusable() == info.kvmUnusable()
        && before.virtualization == info.virtualization && before.kvmOffered == info.kvmOffered)
        return;  // capacity numbers do not show on cards
    const LibvirtHost *fallback = m_engine.hosts().defaultHost();
    for (int i = 0; i < m_rows.size(); ++i) {
        const Workspace &w = m_rows.at(i);
        if (w.provider() != ProviderKind::Libvirt)
            continue;
        const QString uri = w.hostUri.isEmpty() && fallback ? fallback->uri() : w.hostUri;
        if (uri == info.uri)
            markDirty(i);
    }
}

void WorkspaceListModel::markDirty(int row)
{
    m_dirty.insert(row);
    if (!m_flush.isActive())
        m_flush.start();
}

void WorkspaceListModel::flushDirty()
{
    if (m_dirty.isEmpty())
        return;
    QList<int> rows = m_dirty.values();
    m_dirty.clear();
    std::sort(rows.begin(), rows.end());
    int first = rows.first();
    int last = first;
    auto emitRange = [this](int from, int to) { Q_EMIT dataChanged(index(from), index(to)); };
    for (int i = 1; i < rows.size(); ++i) {
        if (rows.at(i) == last + 1) {
            last = rows.at(i);
            continue;
        }
        emitRange(first, last);
        first = last = rows.at(i);
    }
    emitRange(first, last);
}

}  // namespace Atrium::Ui
