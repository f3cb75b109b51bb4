#include "terminalview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

namespace Atrium::Ui {

TerminalView::TerminalView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    setFont(font);
    const QFontMetrics metrics(font);
    m_cell = QSize(std::max(1, metrics.horizontalAdvance(u'M')), std::max(1, metrics.height()));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled, false);
    viewport()->setCursor(Qt::IBeamCursor);
    QPalette p = palette();
    p.setColor(QPalette::Base, TerminalScreen::ansiColor(0));
    p.setColor(QPalette::Text, TerminalScreen::ansiColor(7));
    setPalette(p);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(), qOverload<>(&QWidget::update));
}

void TerminalView::feed(const QByteArray &bytes)
{
    // Someone reading the scrollback stays where they are; otherwise follow the output.
    const bool atBottom = verticalScrollBar()->value() == verticalScrollBar()->maximum();
    m_screen.feed(bytes);
    updateScrollBar(atBottom);
    viewport()->update();
}

void TerminalView::updateScrollBar(bool followOutput)
{
    QScrollBar *bar = verticalScrollBar();
    bar->setRange(0, std::max(0, int(m_screen.lines().size()) - m_screen.rows()));
    bar->setPageStep(m_screen.rows());
    bar->setSingleStep(1);
    if (followOutput)
        bar->setValue(bar->maximum());
}

int TerminalView::firstVisibleLine() const
{
    return verticalScrollBar()->value();
}

void TerminalView::relayout()
{
    const QSize area = viewport()->size();
    m_screen.resize(std::max(2, area.width() / m_cell.width()), std::max(1, area.height() / m_cell.height()));
    updateScrollBar(true);
}

void TerminalView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void TerminalView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QColor background = palette().color(QPalette::Base);
    painter.fillRect(viewport()->rect(), background);
    const QFontMetrics metrics(font());
    const int first = firstVisibleLine();
    const auto &lines = m_screen.lines();
    const bool focused = hasFocus();
    for (int row = 0; row < m_screen.rows() && first + row < lines.size(); ++row) {
        const int lineIndex = first + row;
        const TerminalScreen::Line &line = lines.at(lineIndex);
        const int y = row * m_cell.height();
        for (int column = 0; column < line.size(); ++column) {
            const TerminalScreen::Cell &cell = line.at(column);
            QColor fg = cell.fg < 0 ? palette().color(QPalette::Text) : TerminalScreen::ansiColor(cell.fg + (cell.bold && cell.fg < 8 ? 8 : 0));
            QColor bg = cell.bg < 0 ? background : TerminalScreen::ansiColor(cell.bg);
            if (isSelected(lineIndex, column))
                std::swap(fg, bg);
            const bool cursor = lineIndex == m_screen.cursorLine() && column == m_screen.cursorColumn();
            if (cursor && focused)
                std::swap(fg, bg);
            const QRect box(column * m_cell.width(), y, m_cell.width(), m_cell.height());
            if (bg != background)
                painter.fillRect(box, bg);
            if (cursor && !focused) {
                painter.setPen(fg);
                painter.drawRect(box.adjusted(0, 0, -1, -1));
            }
            if (cell.ch != u' ') {
                painter.setPen(fg);
                painter.drawText(box.x(), y + metrics.ascent(), QString(cell.ch));
            }
        }
    }
}

QByteArray TerminalView::bytesForKey(int key, Qt::KeyboardModifiers modifiers, const QString &text)
{
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter: return "\r";
    case Qt::Key_Backspace: return "\x7f";
    case Qt::Key_Tab: return "\t";
    case Qt::Key_Backtab: return "\x1b[Z";
    case Qt::Key_Escape: return "\x1b";
    case Qt::Key_Up: return "\x1b[A";
    case Qt::Key_Down: return "\x1b[B";
    case Qt::Key_Right: return "\x1b[C";
    case Qt::Key_Left: return "\x1b[D";
    case Qt::Key_Home: return "\x1b[H";
    case Qt::Key_End: return "\x1b[F";
    case Qt::Key_Insert: return "\x1b[2~";
    case Qt::Key_Delete: return "\x1b[3~";
    case Qt::Key_PageUp: return "\x1b[5~";
    case Qt::Key_PageDown: return "\x1b[6~";
    default: break;
    }
    if ((modifiers & Qt::ControlModifier) && key >= Qt::Key_A && key <= Qt::Key_Z)
        return QByteArray(1, char(key - Qt::Key_A + 1));  // Ctrl+C is 0x03
    if ((modifiers & Qt::ControlModifier) && key == Qt::Key_BracketLeft)
        return "\x1b";
    QByteArray bytes = text.toUtf8();
    if ((modifiers & Qt::AltModifier) && !bytes.isEmpty())
        bytes.prepend('\x1b');
    return bytes;
}

void TerminalView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers();
    const bool ctrlShift = (mods & Qt::ControlModifier) && (mods & Qt::ShiftModifier);
    if (ctrlShift && event->key() == Qt::Key_C) {
        copySelection();
        return;
    }
    if ((ctrlShift && event->key() == Qt::Key_V) || (mods & Qt::ShiftModifier && event->key() == Qt::Key_Insert)) {
        paste();
        return;
    }
    if ((mods & Qt::ShiftModifier) && (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown)) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + (event->key() == Qt::Key_PageUp ? -bar->pageStep() : bar->pageStep()));
        return;
    }
    const QByteArray bytes = bytesForKey(event->key(), mods, event->text());
    if (bytes.isEmpty()) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());  // typing shows where it goes
    Q_EMIT input(bytes);
}

bool TerminalView::focusNextPrevChild(bool)
{
    return false;  // Tab is for the guest's shell
}

QPoint TerminalView::cellAt(const QPoint &pos) const
{
    const int column = std::clamp(pos.x() / m_cell.width(), 0, m_screen.columns() - 1);
    const int line = std::clamp(firstVisibleLine() + pos.y() / m_cell.height(), 0, int(m_screen.lines().size()) - 1);
    return {column, line};
}

bool TerminalView::isSelected(int line, int column) const
{
    if (m_selectionStart.y() < 0 || m_selectionStart == m_selectionEnd)
        return false;
    QPoint from = m_selectionStart;
    QPoint to = m_selectionEnd;
    if (std::pair(to.y(), to.x()) < std::pair(from.y(), from.x()))
        std::swap(from, to);
    const auto here = std::pair(line, column);
    return here >= std::pair(from.y(), from.x()) && here < std::pair(to.y(), to.x());
}

QString TerminalView::selectedText() const
{
    if (m_selectionStart.y() < 0 || m_selectionStart == m_selectionEnd)
        return {};
    QPoint from = m_selectionStart;
    QPoint to = m_selectionEnd;
    if (std::pair(to.y(), to.x()) < std::pair(from.y(), from.x()))
        std::swap(from, to);
    QStringList out;
    const auto &lines = m_screen.lines();
    for (int line = from.y(); line <= to.y() && line < lines.size(); ++line) {
        const int begin = line == from.y() ? from.x() : 0;
        const int end = line == to.y() ? to.x() : int(lines.at(line).size());
        QString text;
        for (int column = begin; column < end && column < lines.at(line).size(); ++column)
            text += lines.at(line).at(column).ch;
        while (text.endsWith(u' '))
            text.chop(1);
        out << text;
    }
    return out.join(u'\n');
}

void TerminalView::selectAll()
{
    m_selectionStart = {0, 0};
    m_selectionEnd = {0, int(m_screen.lines().size())};
    viewport()->update();
}

void TerminalView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void TerminalView::paste()
{
    QString text = QApplication::clipboard()->text();
    if (text.isEmpty())
        return;
    // A terminal sends Return, not newline.
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\r")).replace(u'\n', u'\r');
    Q_EMIT input(text.toUtf8());
}

void TerminalView::mousePressEvent(QMouseEvent *event)
{
    setFocus();
    if (event->button() == Qt::MiddleButton) {
        const QString selection = QApplication::clipboard()->text(QClipboard::Selection);
        if (!selection.isEmpty())
            Q_EMIT input(selection.toUtf8());
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    m_selecting = true;
    m_selectionStart = m_selectionEnd = cellAt(event->position().toPoint());
    viewport()->update();
}

void TerminalView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    QPoint end = cellAt(event->position().toPoint());
    // Past the last column of a line: to its end.
    if (event->position().x() >= m_screen.columns() * m_cell.width())
        end.setX(m_screen.columns());
    m_selectionEnd = end;
    viewport()->update();
}

void TerminalView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_selecting)
        return;
    m_selecting = false;
    const QString text = selectedText();
    if (!text.isEmpty() && QApplication::clipboard()->supportsSelection())
        QApplication::clipboard()->setText(text, QClipboard::Selection);
}

void TerminalView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this, &TerminalView::copySelection);
    copy->setEnabled(!selectedText().isEmpty());
    QAction *paste = menu.addAction(tr("Paste"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), this, &TerminalView::paste);
    paste->setEnabled(!QApplication::clipboard()->text().isEmpty());
    menu.addAction(tr("Select all"), this, &TerminalView::selectAll);
    menu.exec(event->globalPos());
}

}  // namespace Atrium::Ui
