#include "vncview.h"

#include "vncclient.h"
#include "vnckeys.h"

#include <QKeyEvent>
#include <QPainter>

namespace Atrium::Ui {

namespace {

// RFB pointer buttons: 1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 left/right.
int buttonMask(Qt::MouseButtons buttons)
{
    return (buttons & Qt::LeftButton ? 1 : 0) | (buttons & Qt::MiddleButton ? 2 : 0)
        | (buttons & Qt::RightButton ? 4 : 0);
}

}  // namespace

VncView::VncView(VncClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_InputMethodEnabled, false);  // keys, not composed text
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_frameSize = client.frameSize();
    connect(&client, &VncClient::frameUpdated, this, &VncView::handleFrameUpdated);
    connect(&client, &VncClient::framebufferResized, this, &VncView::handleResized);
}

void VncView::setScaled(bool scaled)
{
    m_scaled = scaled;
    if (!scaled && !m_frameSize.isEmpty())
        resize(m_frameSize);
    updateGeometry();
    update();
}

QSize VncView::sizeHint() const
{
    return m_frameSize.isEmpty() ? QSize(720, 400) : m_frameSize;
}

QRectF VncView::screenRect() const
{
    if (m_frameSize.isEmpty())
        return {};
    if (!m_scaled)
        return QRectF(QPointF(0, 0), QSizeF(m_frameSize));
    const qreal scale = std::min(qreal(width()) / m_frameSize.width(), qreal(height()) / m_frameSize.height());
    const QSizeF size = QSizeF(m_frameSize) * scale;
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void VncView::handleResized(const QSize &size)
{
    m_frameSize = size;
    if (!m_scaled)
        resize(size);
    updateGeometry();
    update();
}

void VncView::handleFrameUpdated()
{
    const QRect dirty = m_client.takeDirtyRect();
    if (dirty.isEmpty() || m_frameSize.isEmpty())
        return;
    const QRectF screen = screenRect();
    const qreal sx = screen.width() / m_frameSize.width();
    const qreal sy = screen.height() / m_frameSize.height();
    const QRectF area(screen.left() + dirty.left() * sx, screen.top() + dirty.top() * sy, dirty.width() * sx,
                      dirty.height() * sy);
    update(area.toAlignedRect().adjusted(-1, -1, 1, 1));
}

void VncView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRectF screen = screenRect();
    const QImage frame = m_client.frame();
    if (frame.isNull() || screen.isEmpty()) {
        painter.fillRect(rect(), Qt::black);
        painter.setPen(Qt::white);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_overlay);
        return;
    }
    // The bands around a scaled screen.
    QRegion outside(rect());
    outside -= screen.toAlignedRect();
    for (const QRect &band : outside)
        painter.fillRect(band, Qt::black);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_scaled && screen.size() != QSizeF(frame.size()));
    painter.drawImage(screen, frame);
    if (!m_overlay.isEmpty()) {
        painter.fillRect(screen, QColor(0, 0, 0, 150));
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        painter.setFont(font);
        painter.drawText(screen.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_overlay);
    }
}

bool VncView::event(QEvent *event)
{
    // Keys are the guest's: they trigger no window shortcut while this view has focus.
    if (event->type() == QEvent::ShortcutOverride && !isReserved(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

bool VncView::isReserved(const QKeyEvent *event) const
{
    const QKeySequence pressed(event->keyCombination());
    for (const QKeySequence &reserved : m_reserved) {
        if (reserved.matches(pressed) == QKeySequence::ExactMatch)
            return true;
    }
    return false;
}

bool VncView::focusNextPrevChild(bool)
{
    return false;  // Tab goes to the guest
}

void VncView::keyPressEvent(QKeyEvent *event)
{
    const quint32 keysym = VncKeys::keysym(event->key(), event->text(), event->modifiers());
    if (keysym == 0) {
        event->ignore();
        return;
    }
    pressKey(keysym);
    m_pressed.insert(event->key(), keysym);
    event->accept();
}

void VncView::pressKey(quint32 keysym)
{
    // QEMU types a keysym as a bare scancode: "V" or ">" need Shift held on the
    // guest. Typing without a Shift key event (input methods, synthetic events,
    // typed text) gets one around the key.
    const bool addShift = VncKeys::needsShift(keysym) && !m_down.contains(VncKeys::ShiftL) && !m_down.contains(0xffe2);
    if (addShift)
        sendKey(VncKeys::ShiftL, true);
    sendKey(keysym, true);
    if (addShift)
        sendKey(VncKeys::ShiftL, false);
}

void VncView::typeText(const QString &text)
{
    for (char32_t c : text.toUcs4()) {
        const quint32 keysym = c == U'\n' ? VncKeys::Return
            : c == U'\t'                   ? quint32(0xff09)
                                           : VncKeys::keysym(0, QString::fromUcs4(&c, 1), {});
        if (keysym == 0)
            continue;
        pressKey(keysym);
        sendKey(keysym, false);
    }
}

void VncView::setOverlayText(const QString &text)
{
    m_overlay = text;
    update();
}

void VncView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->isAutoRepeat())
        return;  // the guest repeats held keys itself
    const quint32 keysym = m_pressed.contains(event->key())
        ? m_pressed.take(event->key())
        : VncKeys::keysym(event->key(), event->text(), event->modifiers());
    if (keysym != 0 && m_down.contains(keysym))
        sendKey(keysym, false);
    event->accept();
}

void VncView::sendKey(quint32 keysym, bool down)
{
    if (down)
        m_down.insert(keysym);
    else
        m_down.remove(keysym);
    m_client.sendKey(keysym, down);
}

void VncView::sendChord(const QList<quint32> &keysyms)
{
    for (quint32 keysym : keysyms)
        sendKey(keysym, true);
    for (auto it = keysyms.crbegin(); it != keysyms.crend(); ++it)
        sendKey(*it, false);
}

void VncView::releaseAllKeys()
{
    const QSet<quint32> down = std::exchange(m_down, {});
    for (quint32 keysym : down)
        m_client.sendKey(keysym, false);
    m_pressed.clear();
}

void VncView::focusOutEvent(QFocusEvent *event)
{
    releaseAllKeys();
    QWidget::focusOutEvent(event);
}

void VncView::sendPointer(const QPointF &widgetPos, Qt::MouseButtons buttons, int extraMask)
{
    const QRectF screen = screenRect();
    if (screen.isEmpty())
        return;
    const qreal x = (widgetPos.x() - screen.left()) * m_frameSize.width() / screen.width();
    const qreal y = (widgetPos.y() - screen.top()) * m_frameSize.height() / screen.height();
    m_lastPointer = QPoint(std::clamp(int(x), 0, m_frameSize.width() - 1), std::clamp(int(y), 0, m_frameSize.height() - 1));
    m_client.sendPointer(m_lastPointer.x(), m_lastPointer.y(), buttonMask(buttons) | extraMask);
}

void VncView::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    sendPointer(event->position(), event->buttons());
}

void VncView::mouseReleaseEvent(QMouseEvent *event)
{
    sendPointer(event->position(), event->buttons());
}

void VncView::mouseMoveEvent(QMouseEvent *event)
{
    sendPointer(event->position(), event->buttons());
}

void VncView::wheelEvent(QWheelEvent *event)
{
    // One RFB wheel "button" click per notch (120 units), press then release.
    const QPoint delta = event->angleDelta();
    const bool vertical = std::abs(delta.y()) >= std::abs(delta.x());
    m_wheelRemainder += vertical ? delta.y() : delta.x();
    while (std::abs(m_wheelRemainder) >= 120) {
        const bool positive = m_wheelRemainder > 0;
        const int wheel = vertical ? (positive ? 8 : 16) : (positive ? 32 : 64);
        sendPointer(event->position(), event->buttons(), wheel);
        sendPointer(event->position(), event->buttons());
        m_wheelRemainder += positive ? -120 : 120;
    }
    event->accept();
}

}  // namespace Atrium::Ui
