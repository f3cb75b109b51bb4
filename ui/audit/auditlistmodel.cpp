#include "auditlistmodel.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QGuiApplication>
#include <QSet>

namespace Atrium::Ui {

AuditListModel::AuditListModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    connect(&m_engine, &Engine::auditAppended, this, &AuditListModel::prepend);
}

void AuditListModel::setQuery(const AuditQuery &query)
{
    beginResetModel();
    m_query = query;
    m_query.limit = kPageSize;
    m_query.offset = 0;
    m_entries = readPage(0);
    endResetModel();
}

QList<AuditEntry> AuditListModel::readPage(int offset)
{
    AuditQuery page = m_query;
    page.limit = kPageSize;
    page.offset = offset;
    auto entries = m_engine.audit(page);
    if (!entries) {
        m_lastError = entries.error().message;
        m_hasMore = false;
        return {};
    }
    m_lastError.clear();
    m_hasMore = entries->size() == kPageSize;
    return std::move(*entries);
}

bool AuditListModel::matches(const AuditEntry &entry) const
{
    // The same rules as the store's query, so a prepended row is one a reload would show.
    if (!m_query.action.isEmpty() && entry.action != m_query.action)
        return false;
    if (!m_query.actor.isEmpty() && entry.actorId != m_query.actor
        && entry.actorEmail.compare(m_query.actor, Qt::CaseInsensitive) != 0)
        return false;
    if (!m_query.target.isEmpty() && entry.target != m_query.target)
        return false;
    if (m_query.since.isValid() && entry.at < m_query.since)
        return false;
    if (m_query.until.isValid() && entry.at >= m_query.until)
        return false;
    return true;
}

void AuditListModel::prepend(const AuditEntry &entry)
{
    if (!matches(entry))
        return;
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
}

int AuditListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    switch (role) {
    case EntryRole:
        return QVariant::fromValue(e);
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn: return e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActorColumn:
            if (role == Qt::ToolTipRole)
                return e.actorId.isEmpty() ? e.actorEmail : tr("%1 (id %2)").arg(e.actorEmail, e.actorId);
            return e.actorEmail;
        case ActionColumn: return e.action;
        case TargetColumn: return e.target;
        case OutcomeColumn: return e.success ? tr("Succeeded") : tr("Failed");
        case DetailColumn: return e.detail;  // elided in the view; whole in the tooltip
        case ColumnCount: break;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn && !e.success)
            return Labels::statusColor(WorkspaceStatus::Error, QGuiApplication::palette());
        return {};
    default:
        return {};
    }
}

QVariant AuditListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn: return tr("Time");
    case ActorColumn: return tr("Actor");
    case ActionColumn: return tr("Action");
    case TargetColumn: return tr("Target");
    case OutcomeColumn: return tr("Outcome");
    case DetailColumn: return tr("Detail");
    case ColumnCount: break;
    }
    return {};
}

bool AuditListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore;
}

void AuditListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_hasMore)
        return;
    // Rows prepended since the first page are in the store too, so the row count is the offset.
    // Entries another writer added without telling the engine would shift it: skip those already shown.
    QSet<qint64> shown;
    for (const AuditEntry &e : std::as_const(m_entries)) {
        if (e.id != 0)
            shown.insert(e.id);
    }
    // A page can hold nothing new when more than a page was added that way: read on past it,
    // or the older entries would never come (and canFetchMore would stay true for ever).
    QList<AuditEntry> page;
    for (int offset = int(m_entries.size()); page.isEmpty() && m_hasMore; offset += kPageSize) {
        page = readPage(offset);
        page.removeIf([&shown](const AuditEntry &e) { return e.id != 0 && shown.contains(e.id); });
    }
    if (page.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_entries.append(page);
    endInsertRows();
}

}  // namespace Atrium::Ui
