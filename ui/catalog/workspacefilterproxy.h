#pragma once

#include <QSortFilterProxyModel>

#include <optional>

namespace Atrium::Ui {

/// Search, filters and sort order of the catalog view.
class WorkspaceFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class SortKey { Catalog, Name, Status, Type, Newest };

    explicit WorkspaceFilterProxy(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    void setTypeFilter(std::optional<int> type);          ///< WorkspaceType, nullopt = all
    void setStatusGroupFilter(const QString &group);      ///< "available", "running", "stopped", "error", "" = all
    void setHostFilter(const QString &hostUri);           ///< "" = all
    void setSortKey(SortKey key);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QStringList m_words;
    std::optional<int> m_type;
    QString m_statusGroup;
    QString m_host;
    SortKey m_sortKey = SortKey::Catalog;
};

}  // namespace Atrium::Ui
