#pragma once

#include "terminalscreen.h"

#include <QAbstractScrollArea>
#include <QPoint>

namespace Atrium::Ui {

/// A terminal on a TerminalScreen: draws it in a monospace font with its colours, scrolls
/// back through what scrolled off, turns keys into the bytes a VT100 sends (input()), copies
/// the mouse selection (Ctrl+Shift+C, or selecting) and pastes (Ctrl+Shift+V, middle click).
/// The screen follows the widget's size.
class TerminalView final : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit TerminalView(QWidget *parent = nullptr);

    TerminalScreen &screen() { return m_screen; }
    /// Shows what the guest wrote.
    void feed(const QByteArray &bytes);
    /// The selected text ("" when nothing is selected).
    QString selectedText() const;
    void selectAll();
    void copySelection();
    void paste();
    /// Key presses turned into bytes, as a VT100 would send them ("\r" for Return, "\x1b[A" for Up…).
    static QByteArray bytesForKey(int key, Qt::KeyboardModifiers modifiers, const QString &text);

Q_SIGNALS:
    /// Bytes for the guest: typed or pasted.
    void input(const QByteArray &bytes);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void relayout();
    void updateScrollBar(bool followOutput);
    int firstVisibleLine() const;
    /// The (line, column) under @p pos.
    QPoint cellAt(const QPoint &pos) const;
    bool isSelected(int line, int column) const;

    TerminalScreen m_screen;
    QSize m_cell;
    bool m_selecting = false;
    QPoint m_selectionStart{-1, -1};  ///< (column, line)
    QPoint m_selectionEnd{-1, -1};
};

}  // namespace Atrium::Ui
