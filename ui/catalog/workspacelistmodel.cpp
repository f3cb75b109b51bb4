#include "workspacelistmodel.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QUrl>

namespace Atrium::Ui {

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
    connect(&engine, &Engine::hostAdded, this, &WorkspaceListModel::hostChanged);
    connect(&engine, &Engine::hostChanged, this, &WorkspaceListModel::hostChanged);
    connect(&engine, &Engine::sessionChanged, this, &WorkspaceListModel::sessionChanged);
    for (const HostInfo &info : engine.hostInfos())
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
    countSessions();
    endResetModel();
}

void WorkspaceListModel::countSessions()
{
    m_sessionCounts.clear();
    for (const Session &s : m_engine.activeSessions())
        ++m_sessionCounts[s.workspaceId];
}

void WorkspaceListModel::sessionChanged(const Session &session)
{
    const int before = m_sessionCounts.value(session.workspaceId);
    countSessions();
    if (m_sessionCounts.value(session.workspaceId) != before) {
        if (const int row = rowOf(session.workspaceId); row >= 0)
            markDirty(row);
    }
}

int WorkspaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorkspaceListModel::rowOf(const QString &id) const
{
    return m_index.value(id, -1);
}

HostInfo WorkspaceListModel::hostOf(const Workspace &w) const
{
    const QString uri = m_engine.effectiveHostUri(w);
    if (const auto known = m_hosts.constFind(uri); known != m_hosts.constEnd())
        return *known;
    HostInfo unknown;
    unknown.uri = uri;
    unknown.state = HostState::Failed;
    return unknown;
}

QString WorkspaceListModel::hostLabel(const Workspace &w) const
{
    if (w.provider() == ProviderKind::Remote)
        return QUrl(w.url).host();
    const HostInfo info = hostOf(w);
    return info.kvmUnusable() ? tr("%1 · KVM unusable here: emulating").arg(Labels::hostName(info)) : Labels::hostName(info);
}

QString WorkspaceListModel::toolTip(const Workspace &w) const
{
    const QString about = w.description.isEmpty() ? w.name : w.description;
    if (w.provider() != ProviderKind::Libvirt)
        return about;
    const HostInfo info = hostOf(w);
    QString tip = about + u'\n' + tr("Host: %1 \u2014 %2 (%3)").arg(Labels::hostName(info), info.uri, Labels::virtualization(info));
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
    case HostRole: return m_engine.effectiveHostUri(w);
    case HostStateRole: return w.provider() == ProviderKind::Libvirt ? int(hostOf(w).state) : -1;
    case HostLabelRole: return hostLabel(w);
    case ResourcesRole: return Labels::resources(w.resources);
    case SearchTextRole: return QString(w.name + u'\n' + w.id + u'\n' + w.description + u'\n' + w.url);
    case CanLaunchRole: return w.canLaunch();
    case CanStopRole: return w.canStop();
    case BusyRole: return w.isBusy();
    case CreatedRole: return w.createdAt;
    case SessionCountRole: return m_sessionCounts.value(w.id);
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
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_engine.effectiveHostUri(m_rows.at(i)) == info.uri)
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
