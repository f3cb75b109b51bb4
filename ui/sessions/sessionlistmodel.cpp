#include "sessionlistmodel.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QGuiApplication>
#include <QLoggingCategory>

namespace Atrium::Ui {

namespace {

Q_LOGGING_CATEGORY(lcSessionModel, "atrium.ui.sessions")

constexpr int kLimit = 1000;

qint64 durationSeconds(const Session &s, const QDateTime &now)
{
    const QDateTime end = s.isActive() ? now : s.endedAt;
    if (!s.startedAt.isValid() || !end.isValid())
        return 0;
    return std::max<qint64>(0, s.startedAt.secsTo(end));
}

QString localTime(const QDateTime &when)
{
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

}  // namespace

SessionListModel::SessionListModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &SessionListModel::tick);
    connect(&engine, &Engine::sessionChanged, this, &SessionListModel::upsert);
    reload();
}

void SessionListModel::setWorkspaceFilter(const QString &workspaceId)
{
    if (workspaceId == m_workspaceFilter)
        return;
    m_workspaceFilter = workspaceId;
    reload();
}

void SessionListModel::reload()
{
    // The store filters by workspace itself, so one workspace's older sessions
    // are not crowded out by the newest sessions of all the others.
    SessionQuery query;
    query.workspaceId = m_workspaceFilter;
    query.limit = kLimit;
    auto sessions = m_engine.sessions(query);
    if (!sessions)
        qCWarning(lcSessionModel).noquote() << "cannot read sessions:" << sessions.error().message;

    beginResetModel();
    m_rows = sessions ? std::move(*sessions) : QList<Session>();
    reindex();
    m_activeCount = int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Session &s) { return s.isActive(); }));
    endResetModel();
    updateTicking();
}

void SessionListModel::reindex()
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
}

void SessionListModel::upsert(const Session &session)
{
    if (!m_workspaceFilter.isEmpty() && session.workspaceId != m_workspaceFilter)
        return;
    const int row = rowOf(session.id);
    if (row >= 0) {
        m_activeCount += int(session.isActive()) - int(m_rows.at(row).isActive());
        m_rows[row] = session;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1),
                           {Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole, ActiveRole, SessionRole, SortRole});
    } else {
        beginInsertRows({}, 0, 0);
        m_rows.prepend(session);
        reindex();
        m_activeCount += int(session.isActive());
        endInsertRows();
    }
    updateTicking();
}

void SessionListModel::updateTicking()
{
    if (m_activeCount > 0 && !m_tick.isActive())
        m_tick.start();
    else if (m_activeCount == 0)
        m_tick.stop();
}

void SessionListModel::tick()
{
    // One dataChanged per contiguous run of active rows, Duration column only.
    const QList<int> roles{Qt::DisplayRole, SortRole};
    int first = -1;
    for (int row = 0; row <= m_rows.size(); ++row) {
        const bool active = row < m_rows.size() && m_rows.at(row).isActive();
        if (active && first < 0) {
            first = row;
        } else if (!active && first >= 0) {
            Q_EMIT dataChanged(index(first, Duration), index(row - 1, Duration), roles);
            first = -1;
        }
    }
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const Session &s = m_rows.at(index.row());
    const auto column = Column(index.column());

    switch (role) {
    case SessionIdRole: return s.id;
    case WorkspaceIdRole: return s.workspaceId;
    case ActiveRole: return s.isActive();
    case SessionRole: return QVariant::fromValue(s);
    case Qt::DisplayRole:
        switch (column) {
        case Workspace: return s.workspaceName.isEmpty() ? s.workspaceId : s.workspaceName;
        case User: return s.userEmail;
        case Status: return Labels::sessionStatus(s.status);
        case Started: return localTime(s.startedAt);
        case Duration: return Labels::duration(durationSeconds(s, QDateTime::currentDateTimeUtc()));
        case Tunnel: return Labels::tunnel(s.tunnelStatus);
        case Mfa: return s.mfaVerified ? tr("Verified") : tr("No");
        case Address: return s.ipAddress;
        case ColumnCount: break;
        }
        return {};
    case SortRole:
        switch (column) {
        case Started: return s.startedAt;
        case Duration: return durationSeconds(s, QDateTime::currentDateTimeUtc());
        case Status: return int(s.status);
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::ForegroundRole:
        if (column == Status && s.isActive())
            return Labels::hostStateColor(HostState::Connected, QGuiApplication::palette());
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case Workspace: return s.workspaceId;
        case Status:
            return s.isActive() ? QVariant() : QVariant(tr("Ended %1").arg(localTime(s.endedAt)));
        case Mfa: return s.mfaVerified ? QVariant() : QVariant(tr("Atrium performs no multi-factor authentication itself"));
        case Address: return s.client.isEmpty() ? QVariant() : QVariant(tr("Opened from %1").arg(s.client));
        default: return {};
        }
    default: return {};
    }
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Workspace: return tr("Workspace");
    case User: return tr("User");
    case Status: return tr("Status");
    case Started: return tr("Started");
    case Duration: return tr("Duration");
    case Tunnel: return tr("Tunnel");
    case Mfa: return tr("MFA");
    case Address: return tr("Address");
    case ColumnCount: break;
    }
    return {};
}

}  // namespace Atrium::Ui
