#include "catalogview.h"

#include "common/labels.h"
#include "engine/engine.h"
#include "workspacecarddelegate.h"
#include "workspacefilterproxy.h"
#include "workspacelistmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QVBoxLayout>

namespace Atrium::Ui {

CatalogView::CatalogView(Engine &engine, WorkspaceListModel &model, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(model)
{
    m_proxy = new WorkspaceFilterProxy(this);
    m_proxy->setSourceModel(&model);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    m_search->setPlaceholderText(tr("Search by name, id, description or URL"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search workspaces"));

    m_type = new QComboBox(this);
    m_type->setAccessibleName(tr("Type filter"));
    m_type->addItem(tr("All types"));
    for (auto type : {WorkspaceType::Html5, WorkspaceType::Rdp, WorkspaceType::Web, WorkspaceType::Linux,
                      WorkspaceType::Browser, WorkspaceType::Windows, WorkspaceType::Dev, WorkspaceType::Admin})
        m_type->addItem(Labels::type(type), int(type));

    m_status = new QComboBox(this);
    m_status->setAccessibleName(tr("Status filter"));
    m_status->addItem(tr("Any status"));
    m_status->addItem(tr("Available"), QStringLiteral("available"));
    m_status->addItem(tr("Running"), QStringLiteral("running"));
    m_status->addItem(tr("Stopped"), QStringLiteral("stopped"));
    m_status->addItem(tr("Error"), QStringLiteral("error"));

    m_host = new QComboBox(this);
    m_host->setAccessibleName(tr("Host filter"));
    // A host URI can be as long as a line (qemu+ssh://…?keyfile=…): the box shows its start and
    // the full name in its list and tooltip, and never takes the search box's room.
    m_host->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_host->setMinimumContentsLength(16);
    connect(m_host, &QComboBox::currentIndexChanged, m_host,
            [this] { m_host->setToolTip(m_host->currentData().toString()); });
    rebuildHostFilter();

    m_sort = new QComboBox(this);
    m_sort->setAccessibleName(tr("Sort order"));
    m_sort->addItem(tr("Catalog order"), int(WorkspaceFilterProxy::SortKey::Catalog));
    m_sort->addItem(tr("Name"), int(WorkspaceFilterProxy::SortKey::Name));
    m_sort->addItem(tr("Status"), int(WorkspaceFilterProxy::SortKey::Status));
    m_sort->addItem(tr("Type"), int(WorkspaceFilterProxy::SortKey::Type));
    m_sort->addItem(tr("Newest first"), int(WorkspaceFilterProxy::SortKey::Newest));

    m_list = new QListView(this);
    m_list->setViewMode(QListView::IconMode);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setUniformItemSizes(true);            // no per-item size query: 10,000 cards lay out at once
    m_list->setLayoutMode(QListView::Batched);
    m_list->setBatchSize(500);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setMouseTracking(true);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setSpacing(0);
    m_list->setGridSize(WorkspaceCardDelegate::cardSize());
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Workspaces"));
    m_delegate = new WorkspaceCardDelegate(m_list);
    m_list->setItemDelegate(m_delegate);
    m_list->setModel(m_proxy);
    m_list->viewport()->installEventFilter(this);
    m_list->installEventFilter(this);

    m_count = new QLabel(this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 3);
    filters->addWidget(m_type, 1);
    filters->addWidget(m_status, 1);
    filters->addWidget(m_host, 1);
    filters->addWidget(m_sort, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &WorkspaceFilterProxy::setSearchText);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant type = m_type->currentData();
        m_proxy->setTypeFilter(type.isValid() ? std::optional<int>(type.toInt()) : std::nullopt);
    });
    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStatusGroupFilter(m_status->currentData().toString()); });
    connect(m_host, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setHostFilter(m_host->currentData().toString()); });
    connect(m_sort, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setSortKey(WorkspaceFilterProxy::SortKey(m_sort->currentData().toInt())); });

    connect(m_delegate, &WorkspaceCardDelegate::launchClicked, this,
            [this](const QModelIndex &index) { Q_EMIT launchRequested({index.data(WorkspaceListModel::IdRole).toString()}); });
    connect(m_delegate, &WorkspaceCardDelegate::stopClicked, this,
            [this](const QModelIndex &index) { Q_EMIT stopRequested({index.data(WorkspaceListModel::IdRole).toString()}); });
    connect(m_list, &QListView::doubleClicked, this,
            [this](const QModelIndex &index) { Q_EMIT launchRequested({index.data(WorkspaceListModel::IdRole).toString()}); });
    connect(m_list, &QListView::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_list->viewport()->mapToGlobal(pos)); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { Q_EMIT currentChanged(current.data(WorkspaceListModel::IdRole).toString()); });

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &CatalogView::updateCount);
    m_spinner.setInterval(80);
    connect(&m_spinner, &QTimer::timeout, this, &CatalogView::advanceSpinner);
    auto startSpinnerIfBusy = [this] {
        if (!m_spinner.isActive() && anyVisibleCardBusy())
            m_spinner.start();
    };
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, startSpinnerIfBusy);
    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, startSpinnerIfBusy);
    connect(&engine, &Engine::hostAdded, this, &CatalogView::rebuildHostFilter);
    connect(&engine, &Engine::hostRemoved, this, &CatalogView::rebuildHostFilter);
    updateCount();
}

bool CatalogView::anyVisibleCardBusy() const
{
    // Probe the grid cells on screen (a few dozen), not the model (maybe 10,000 rows).
    const QSize cell = m_list->gridSize();
    const QRect area = m_list->viewport()->rect();
    for (int y = cell.height() / 2; y < area.height() + cell.height() / 2; y += cell.height()) {
        for (int x = cell.width() / 2; x < area.width(); x += cell.width()) {
            const QModelIndex index = m_list->indexAt(QPoint(x, std::min(y, area.height() - 1)));
            if (index.isValid() && index.data(WorkspaceListModel::BusyRole).toBool())
                return true;
        }
    }
    return false;
}

void CatalogView::advanceSpinner()
{
    if (!anyVisibleCardBusy()) {
        m_spinner.stop();
        m_list->viewport()->update();
        return;
    }
    m_spinnerAngle = (m_spinnerAngle + 30) % 360;
    m_delegate->setSpinnerAngle(m_spinnerAngle);
    m_list->viewport()->update();
}

void CatalogView::rebuildHostFilter()
{
    const QString current = m_host->currentData().toString();
    const QSignalBlocker block(m_host);
    m_host->clear();
    m_host->addItem(tr("All hosts"));
    for (const HostInfo &info : m_engine.hostInfos()) {
        m_host->addItem(Labels::hostName(info), info.uri);
        m_host->setItemData(m_host->count() - 1, info.uri, Qt::ToolTipRole);
    }
    const int index = m_host->findData(current);
    m_host->setCurrentIndex(index >= 0 ? index : 0);
    m_host->setToolTip(m_host->currentData().toString());  // signals are blocked here
}

void CatalogView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model.rowCount();
    m_count->setText(shown == total ? tr("%n workspace(s)", nullptr, total) : tr("%1 of %n workspace(s)", nullptr, total).arg(shown));
}

QStringList CatalogView::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_list->selectionModel()->selectedIndexes())
        ids << index.data(WorkspaceListModel::IdRole).toString();
    if (ids.isEmpty() && m_list->currentIndex().isValid())
        ids << currentId();
    return ids;
}

QString CatalogView::currentId() const
{
    return m_list->currentIndex().data(WorkspaceListModel::IdRole).toString();
}

void CatalogView::selectWorkspace(const QString &id)
{
    const int row = m_model.rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model.index(row));
    if (!index.isValid())
        return;
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
}

void CatalogView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

bool CatalogView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Leave)
        m_delegate->clearHover();
    // Enter launches the selection, as a double click does (Ctrl+. stops: a window action).
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() == Qt::NoModifier) {
            Q_EMIT launchRequested(selectedIds());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace Atrium::Ui
