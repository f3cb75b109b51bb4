#include "metricsfocus.h"

#include "catalog/workspacelistmodel.h"
#include "metrics/metricssampler.h"

#include <QAbstractItemModel>
#include <QEvent>
#include <QListView>
#include <QScrollBar>

namespace Atrium::Ui {

namespace {

constexpr int kDebounceMs = 200;
constexpr int kMaxVisibleCards = 200;  ///< a wall of tiny cards is still "what the admin sees", within reason

}  // namespace

MetricsFocus::MetricsFocus(QListView *cards, MetricsSampler &sampler, QObject *parent)
    : QObject(parent)
    , m_cards(cards)
    , m_sampler(sampler)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &MetricsFocus::update);
    connect(m_cards->verticalScrollBar(), &QScrollBar::valueChanged, this, &MetricsFocus::scheduleUpdate);
    connect(m_cards->horizontalScrollBar(), &QScrollBar::valueChanged, this, &MetricsFocus::scheduleUpdate);
    if (QAbstractItemModel *model = m_cards->model()) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &MetricsFocus::scheduleUpdate);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &MetricsFocus::scheduleUpdate);
        connect(model, &QAbstractItemModel::layoutChanged, this, &MetricsFocus::scheduleUpdate);
        connect(model, &QAbstractItemModel::modelReset, this, &MetricsFocus::scheduleUpdate);
    }
    m_cards->viewport()->installEventFilter(this);
    scheduleUpdate();
}

void MetricsFocus::setSelected(const QString &workspaceId)
{
    m_sampler.setFocus(QStringLiteral("selection"), workspaceId.isEmpty() ? QStringList() : QStringList{workspaceId});
}

void MetricsFocus::viewerOpened(const QString &workspaceId)
{
    if (!m_viewers.contains(workspaceId))
        m_viewers << workspaceId;
    m_sampler.setFocus(QStringLiteral("viewers"), m_viewers);
}

void MetricsFocus::viewerClosed(const QString &workspaceId)
{
    m_viewers.removeAll(workspaceId);
    m_sampler.setFocus(QStringLiteral("viewers"), m_viewers);
}

QStringList MetricsFocus::visibleCards() const
{
    QStringList ids;
    const QAbstractItemModel *model = m_cards->model();
    if (!model || !m_cards->isVisible())
        return ids;
    const QRect viewport = m_cards->viewport()->rect();
    // The first card at the viewport's top left, then on while cards are still on screen.
    const QModelIndex first = m_cards->indexAt(viewport.topLeft() + QPoint(1, 1));
    for (int row = first.isValid() ? first.row() : 0; row < model->rowCount() && ids.size() < kMaxVisibleCards; ++row) {
        const QModelIndex index = model->index(row, 0);
        const QRect rect = m_cards->visualRect(index);
        if (rect.top() > viewport.bottom())
            break;
        if (rect.intersects(viewport))
            ids << index.data(WorkspaceListModel::IdRole).toString();
    }
    return ids;
}

bool MetricsFocus::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show || event->type() == QEvent::Hide)
        scheduleUpdate();  // more or fewer cards on screen
    return QObject::eventFilter(watched, event);
}

void MetricsFocus::scheduleUpdate()
{
    if (!m_debounce.isActive())
        m_debounce.start();
}

void MetricsFocus::update()
{
    m_sampler.setFocus(QStringLiteral("catalog"), visibleCards());
}

}  // namespace Atrium::Ui
