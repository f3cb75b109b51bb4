#pragma once

#include <QPersistentModelIndex>
#include <QStyledItemDelegate>

#include <functional>

class QAbstractItemView;

namespace Atrium::Ui {

/// Paints a workspace as a card (icon, name, type badge, status pill, host,
/// resources) with Launch and Stop buttons drawn by the style and hit-tested
/// here: one delegate for every card, no widget per item.
class WorkspaceCardDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    enum class Button { None, Launch, Stop };

    explicit WorkspaceCardDelegate(QAbstractItemView *view);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Where a button of the card in @p cardRect is (tests click there).
    static QRect buttonRect(const QRect &cardRect, Button button);
    static QSize cardSize();

    /// Forgets the hovered button (the pointer left the view).
    void clearHover();

    /// The angle of the spinner drawn on busy cards (starting, stopping); the view advances it.
    void setSpinnerAngle(int degrees) { m_spinnerAngle = degrees; }

    /// An optional source of thumbnails for image_url (opt-in: empty by default).
    void setThumbnailSource(std::function<QPixmap(const QString &workspaceId)> source);

Q_SIGNALS:
    void launchClicked(const QModelIndex &index);
    void stopClicked(const QModelIndex &index);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    Button buttonAt(const QRect &cardRect, const QPoint &pos) const;
    void paintButton(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect, const QString &text,
                     bool enabled, bool hovered, bool pressed) const;

    QAbstractItemView *m_view;
    QPersistentModelIndex m_hoverIndex;
    Button m_hoverButton = Button::None;
    Button m_pressedButton = Button::None;
    std::function<QPixmap(const QString &)> m_thumbnails;
    int m_spinnerAngle = 0;
};

}  // namespace Atrium::Ui
