#include "workspacefilterproxy.h"

#include "workspacelistmodel.h"

namespace Atrium::Ui {

WorkspaceFilterProxy::WorkspaceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(0);
}

void WorkspaceFilterProxy::setSearchText(const QString &text)
{
    // Every word must match somewhere (name, id, description, URL), in any order.
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

void WorkspaceFilterProxy::setTypeFilter(std::optional<int> type)
{
    m_type = type;
    invalidateFilter();
}

void WorkspaceFilterProxy::setStatusGroupFilter(const QString &group)
{
    m_statusGroup = group;
    invalidateFilter();
}

void WorkspaceFilterProxy::setHostFilter(const QString &hostUri)
{
    m_host = hostUri;
    invalidateFilter();
}

void WorkspaceFilterProxy::setSortKey(SortKey key)
{
    m_sortKey = key;
    invalidate();
    sort(0, key == SortKey::Newest ? Qt::DescendingOrder : Qt::AscendingOrder);
}

bool WorkspaceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_type && index.data(WorkspaceListModel::TypeRole).toInt() != *m_type)
        return false;
    if (!m_statusGroup.isEmpty() && index.data(WorkspaceListModel::StatusGroupRole).toString() != m_statusGroup)
        return false;
    if (!m_host.isEmpty() && index.data(WorkspaceListModel::HostRole).toString() != m_host)
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(WorkspaceListModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool WorkspaceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    switch (m_sortKey) {
    case SortKey::Catalog: return left.row() < right.row();
    case SortKey::Name: {
        // Case-folded first: under LANG=C localeAwareCompare compares bytes ("Zulu" before "alpha").
        const QString a = left.data(WorkspaceListModel::NameRole).toString();
        const QString b = right.data(WorkspaceListModel::NameRole).toString();
        if (const int folded = a.toCaseFolded().localeAwareCompare(b.toCaseFolded()); folded != 0)
            return folded < 0;
        const int exact = a.localeAwareCompare(b);
        return exact != 0 ? exact < 0 : left.row() < right.row();
    }
    case SortKey::Status: {
        const int a = left.data(WorkspaceListModel::StatusRole).toInt();
        const int b = right.data(WorkspaceListModel::StatusRole).toInt();
        return a != b ? a < b : left.row() < right.row();
    }
    case SortKey::Type: {
        const int a = left.data(WorkspaceListModel::TypeRole).toInt();
        const int b = right.data(WorkspaceListModel::TypeRole).toInt();
        return a != b ? a < b : left.row() < right.row();
    }
    case SortKey::Newest: {
        const QDateTime a = left.data(WorkspaceListModel::CreatedRole).toDateTime();
        const QDateTime b = right.data(WorkspaceListModel::CreatedRole).toDateTime();
        return a != b ? a < b : left.row() < right.row();
    }
    }
    return false;
}

}  // namespace Atrium::Ui
