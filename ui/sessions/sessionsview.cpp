#include "sessionsview.h"

#include "engine/engine.h"
#include "sessionlistmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Atrium::Ui {

SessionsView::SessionsView(Engine &engine, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
    , m_model(new SessionListModel(engine, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_activeOnly(new QCheckBox(tr("Active only"), this))
    , m_disconnect(new QPushButton(tr("Disconnect"), this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionListModel::SortRole);
    m_proxy->setFilterRole(SessionListModel::ActiveRole);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setDynamicSortFilter(true);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SessionListModel::Started, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_activeOnly->setChecked(true);
    m_disconnect->setToolTip(tr("End the selected active sessions; running workspaces keep running"));
    m_count->setTextInteractionFlags(Qt::NoTextInteraction);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_activeOnly);
    bar->addSpacing(12);
    bar->addWidget(m_count);
    bar->addStretch(1);
    bar->addWidget(m_disconnect);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_activeOnly, &QCheckBox::toggled, this, &SessionsView::setActiveOnly);
    connect(m_disconnect, &QPushButton::clicked, this, &SessionsView::disconnectSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsView::updateActions);
    // A selected session can end (or vanish behind the filter) without the selection changing.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &SessionsView::updateActions);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionsView::updateActions);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionsView::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SessionsView::updateActions);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SessionsView::updateActions);

    setActiveOnly(m_activeOnly->isChecked());
}

void SessionsView::setWorkspaceFilter(const QString &workspaceId)
{
    m_model->setWorkspaceFilter(workspaceId);
    // Every row would name the same workspace.
    m_table->setColumnHidden(SessionListModel::Workspace, !workspaceId.isEmpty());
    updateActions();
}

void SessionsView::setActiveOnly(bool activeOnly)
{
    // ActiveRole is a bool; as text it is "true" or "false", and an empty pattern accepts all.
    m_proxy->setFilterFixedString(activeOnly ? QStringLiteral("true") : QString());
    updateActions();
}

QStringList SessionsView::selectedActiveIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        if (index.data(SessionListModel::ActiveRole).toBool())
            ids << index.data(SessionListModel::SessionIdRole).toString();
    }
    return ids;
}

void SessionsView::disconnectSelected()
{
    // Ids first: each disconnect changes the model, and may filter the row away.
    const QStringList ids = selectedActiveIds();
    QStringList failures;
    for (const QString &id : ids) {
        const Session before = m_model->sessionAt(m_model->rowOf(id));
        if (auto done = m_engine.disconnectSession(m_actor, id); !done) {
            failures << tr("Could not disconnect %1 from %2: %3")
                            .arg(before.userEmail, before.workspaceName, done.error().message);
        }
    }
    if (!failures.isEmpty())
        Q_EMIT errorOccurred(failures.join(u'\n'));
    updateActions();
}

void SessionsView::updateActions()
{
    m_disconnect->setEnabled(!selectedActiveIds().isEmpty());
    const int shown = m_proxy->rowCount();
    m_count->setText(m_activeOnly->isChecked() ? tr("%n active session(s)", nullptr, shown)
                                               : tr("%n session(s)", nullptr, shown));
}

}  // namespace Atrium::Ui
