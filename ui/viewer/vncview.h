#pragma once

#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QSet>
#include <QWidget>

namespace Atrium::Ui {

class VncClient;

/// Paints a VncClient's framebuffer and turns this widget's keyboard and mouse
/// into RFB events. Scales to the widget keeping the aspect ratio, or shows the
/// screen 1:1 (put it in a scroll area). While focused it keeps every key for the
/// guest (Tab, Alt+F4, window shortcuts), except the sequences it is told to leave.
class VncView final : public QWidget {
    Q_OBJECT

public:
    explicit VncView(VncClient &client, QWidget *parent = nullptr);

    void setScaled(bool scaled);
    bool isScaled() const { return m_scaled; }
    /// Keys that stay with the window (its own shortcuts, e.g. F11 for full screen).
    void setReservedShortcuts(const QList<QKeySequence> &shortcuts) { m_reserved = shortcuts; }

    /// Presses and releases @p keysyms as a chord (e.g. Ctrl+Alt+Del).
    void sendChord(const QList<quint32> &keysyms);
    /// Types @p text on the guest's keyboard, key by key.
    void typeText(const QString &text);
    /// Releases every key this view has pressed on the guest (no stuck keys).
    void releaseAllKeys();
    /// A line drawn over a dimmed screen ("Reconnecting…"); empty for none.
    void setOverlayText(const QString &text);

    /// Where the guest's screen is drawn, in widget coordinates.
    QRectF screenRect() const;

    QSize sizeHint() const override;

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void handleFrameUpdated();
    void handleResized(const QSize &size);
    void sendKey(quint32 keysym, bool down);
    /// Presses @p keysym, with Shift around it when the guest needs one.
    void pressKey(quint32 keysym);
    void sendPointer(const QPointF &widgetPos, Qt::MouseButtons buttons, int extraMask = 0);
    bool isReserved(const QKeyEvent *event) const;

    VncClient &m_client;
    QSize m_frameSize;
    bool m_scaled = true;
    QList<QKeySequence> m_reserved;
    QHash<int, quint32> m_pressed;  ///< Qt key → keysym sent on press
    QSet<quint32> m_down;           ///< keysyms currently held on the guest
    QString m_overlay;
    QPoint m_lastPointer;
    int m_wheelRemainder = 0;
};

}  // namespace Atrium::Ui
