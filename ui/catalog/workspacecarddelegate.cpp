#include "workspacecarddelegate.h"

#include "common/labels.h"
#include "workspacelistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace Atrium::Ui {

namespace {

constexpr int kCardWidth = 320;
constexpr int kCardHeight = 136;
constexpr int kMargin = 6;
constexpr int kPadding = 12;
constexpr int kIcon = 40;
constexpr QSize kButton{78, 28};

QRect inner(const QRect &cardRect)
{
    return cardRect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
}

}  // namespace

WorkspaceCardDelegate::WorkspaceCardDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
}

QSize WorkspaceCardDelegate::cardSize()
{
    return {kCardWidth, kCardHeight};
}

QSize WorkspaceCardDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return cardSize();
}

void WorkspaceCardDelegate::clearHover()
{
    const QModelIndex previous = m_hoverIndex;
    m_hoverIndex = QPersistentModelIndex();
    m_hoverButton = Button::None;
    m_pressedButton = Button::None;
    if (previous.isValid())
        m_view->update(previous);
}

void WorkspaceCardDelegate::setThumbnailSource(std::function<QPixmap(const QString &)> source)
{
    m_thumbnails = std::move(source);
}

QRect WorkspaceCardDelegate::buttonRect(const QRect &cardRect, Button button)
{
    const QRect r = inner(cardRect);
    const int y = r.bottom() - kPadding - kButton.height() + 1;
    const int stopX = r.right() - kPadding - kButton.width() + 1;
    switch (button) {
    case Button::Stop: return {QPoint(stopX, y), kButton};
    case Button::Launch: return {QPoint(stopX - 8 - kButton.width(), y), kButton};
    case Button::None: break;
    }
    return {};
}

WorkspaceCardDelegate::Button WorkspaceCardDelegate::buttonAt(const QRect &cardRect, const QPoint &pos) const
{
    for (Button b : {Button::Launch, Button::Stop}) {
        if (buttonRect(cardRect, b).contains(pos))
            return b;
    }
    return Button::None;
}

void WorkspaceCardDelegate::paintButton(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
                                        const QString &text, bool enabled, bool hovered, bool pressed) const
{
    QStyleOptionButton button;
    button.rect = rect;
    button.text = text;
    button.palette = option.palette;
    // Styles pick the label colour from the current group: a disabled button must look it.
    button.palette.setCurrentColorGroup(enabled ? QPalette::Active : QPalette::Disabled);
    button.fontMetrics = option.fontMetrics;
    button.state = QStyle::State_Raised;
    if (enabled)
        button.state |= QStyle::State_Enabled;
    if (enabled && hovered)
        button.state |= QStyle::State_MouseOver;
    if (enabled && pressed)
        button.state |= QStyle::State_Sunken;
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_PushButton, &button, painter, option.widget);
}

void WorkspaceCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = option.palette;
    const QRect card = inner(option.rect);
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool focused = option.state.testFlag(QStyle::State_HasFocus);

    // Card background and border.
    QPainterPath path;
    path.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    painter->fillPath(path, pal.color(QPalette::Base));
    QPen border(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), selected ? 2.0 : 1.0);
    painter->setPen(border);
    painter->drawPath(path);
    if (focused && !selected) {
        painter->setPen(QPen(pal.color(QPalette::Highlight), 1.0, Qt::DashLine));
        painter->drawRoundedRect(QRectF(card).adjusted(2.5, 2.5, -2.5, -2.5), 6, 6);
    }

    const QString id = index.data(WorkspaceListModel::IdRole).toString();
    const int left = card.left() + kPadding;
    const int top = card.top() + kPadding;

    // Icon, or the opted-in thumbnail.
    const QRect iconRect(left, top, kIcon, kIcon);
    const QPixmap thumbnail = m_thumbnails ? m_thumbnails(id) : QPixmap();
    if (!thumbnail.isNull())
        painter->drawPixmap(iconRect, thumbnail.scaled(iconRect.size(), Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation));
    else
        index.data(Qt::DecorationRole).value<QIcon>().paint(painter, iconRect);

    // Status pill, top right.
    const auto status = WorkspaceStatus(index.data(WorkspaceListModel::StatusRole).toInt());
    const QString statusText = Labels::statusInUse(status, index.data(WorkspaceListModel::SessionCountRole).toInt());
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    const QFontMetrics smallMetrics(small);
    const int pillWidth = smallMetrics.horizontalAdvance(statusText) + 16;
    const QRect pill(card.right() - kPadding - pillWidth + 1, top, pillWidth, smallMetrics.height() + 6);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Labels::statusColor(status, pal));
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->setFont(small);
    painter->setPen(Qt::white);
    painter->drawText(pill, Qt::AlignCenter, statusText);

    // A spinner left of the pill while the hypervisor works on it (it may be slow or dead).
    if (index.data(WorkspaceListModel::BusyRole).toBool()) {
        const int size = pill.height() - 4;
        const QRectF spinner(pill.left() - size - 6, pill.top() + 2, size, size);
        painter->setPen(QPen(pal.color(QPalette::Highlight), 2.0, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawArc(spinner, -m_spinnerAngle * 16, 270 * 16);
    }

    // Name, then type badge and host.
    const int textLeft = left + kIcon + 10;
    QFont bold = option.font;
    bold.setBold(true);
    bold.setPointSizeF(option.font.pointSizeF() * 1.05);
    painter->setFont(bold);
    painter->setPen(pal.color(QPalette::Text));
    const QFontMetrics boldMetrics(bold);
    const QRect nameRect(textLeft, top, pill.left() - 8 - textLeft, boldMetrics.height());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(index.data(WorkspaceListModel::NameRole).toString(), Qt::ElideRight, nameRect.width()));

    painter->setFont(small);
    const QString typeText = Labels::type(WorkspaceType(index.data(WorkspaceListModel::TypeRole).toInt()));
    const QRect badge(textLeft, nameRect.bottom() + 5, smallMetrics.horizontalAdvance(typeText) + 12, smallMetrics.height() + 4);
    painter->setPen(QPen(pal.color(QPalette::Mid), 1));
    painter->setBrush(pal.color(QPalette::AlternateBase));
    painter->drawRoundedRect(badge, 4, 4);
    painter->setPen(pal.color(QPalette::Text));
    painter->drawText(badge, Qt::AlignCenter, typeText);

    const int hostState = index.data(WorkspaceListModel::HostStateRole).toInt();
    const QString host = index.data(WorkspaceListModel::HostLabelRole).toString();
    const QRect hostRect(badge.right() + 8, badge.top(), card.right() - kPadding - badge.right() - 8, badge.height());
    painter->setPen(hostState >= 0 && HostState(hostState) != HostState::Connected ? Labels::hostStateColor(HostState(hostState), pal)
                                                                                    : pal.color(QPalette::PlaceholderText));
    painter->drawText(hostRect, Qt::AlignLeft | Qt::AlignVCenter, smallMetrics.elidedText(host, Qt::ElideMiddle, hostRect.width()));

    // Resources (or the error), above the buttons.
    painter->setPen(status == WorkspaceStatus::Error ? Labels::statusColor(status, pal) : pal.color(QPalette::Text));
    const QString line = status == WorkspaceStatus::Error ? index.data(WorkspaceListModel::StatusTextRole).toString()
                                                          : index.data(WorkspaceListModel::ResourcesRole).toString();
    const QRect resourcesRect(left, iconRect.bottom() + 8, card.width() - 2 * kPadding, smallMetrics.height());
    painter->drawText(resourcesRect, Qt::AlignLeft | Qt::AlignVCenter, smallMetrics.elidedText(line, Qt::ElideRight, resourcesRect.width()));

    // Buttons.
    painter->setFont(option.font);
    const bool hoverHere = m_hoverIndex == index;
    const bool busy = index.data(WorkspaceListModel::BusyRole).toBool();
    // On a running workspace, Launch opens one more session on it.
    const bool running = status == WorkspaceStatus::Running || status == WorkspaceStatus::Paused;
    paintButton(painter, option, buttonRect(option.rect, Button::Launch), running ? tr("Open") : tr("Launch"),
                !busy && index.data(WorkspaceListModel::CanLaunchRole).toBool(), hoverHere && m_hoverButton == Button::Launch,
                hoverHere && m_pressedButton == Button::Launch);
    paintButton(painter, option, buttonRect(option.rect, Button::Stop), tr("Stop"),
                !busy && index.data(WorkspaceListModel::CanStopRole).toBool(), hoverHere && m_hoverButton == Button::Stop,
                hoverHere && m_pressedButton == Button::Stop);
    painter->restore();
}

bool WorkspaceCardDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                        const QModelIndex &index)
{
    Q_UNUSED(model);
    switch (event->type()) {
    case QEvent::MouseMove: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const Button hovered = buttonAt(option.rect, mouse->position().toPoint());
        if (m_hoverIndex != index || m_hoverButton != hovered) {
            const QModelIndex previous = m_hoverIndex;
            m_hoverIndex = index;
            m_hoverButton = hovered;
            if (previous.isValid())
                m_view->update(previous);
            m_view->update(index);
        }
        return false;
    }
    case QEvent::MouseButtonPress: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        m_pressedButton = mouse->button() == Qt::LeftButton ? buttonAt(option.rect, mouse->position().toPoint()) : Button::None;
        if (m_pressedButton != Button::None) {
            m_view->update(index);
            return true;  // a button press does not change the selection
        }
        return false;
    }
    case QEvent::MouseButtonRelease: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const Button released = buttonAt(option.rect, mouse->position().toPoint());
        const Button pressed = std::exchange(m_pressedButton, Button::None);
        if (pressed == Button::None)
            return false;
        m_view->update(index);
        const bool busy = index.data(WorkspaceListModel::BusyRole).toBool();
        if (released == pressed && !busy) {
            if (released == Button::Launch && index.data(WorkspaceListModel::CanLaunchRole).toBool())
                Q_EMIT launchClicked(index);
            else if (released == Button::Stop && index.data(WorkspaceListModel::CanStopRole).toBool())
                Q_EMIT stopClicked(index);
        }
        return true;
    }
    case QEvent::MouseButtonDblClick:
        return buttonAt(option.rect, static_cast<QMouseEvent *>(event)->position().toPoint()) != Button::None;
    default: return false;
    }
}

}  // namespace Atrium::Ui
