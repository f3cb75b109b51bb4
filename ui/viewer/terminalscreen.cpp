#include "terminalscreen.h"

#include <algorithm>

namespace Atrium::Ui {

TerminalScreen::TerminalScreen(int columns, int rows, int maxScrollback)
    : m_columns(std::max(columns, 1))
    , m_rows(std::max(rows, 1))
    , m_maxScrollback(maxScrollback)
{
    for (int i = 0; i < m_rows; ++i)
        m_lines << blankLine();
}

TerminalScreen::Line TerminalScreen::blankLine() const
{
    Cell blank;
    blank.bg = m_pen.bg;
    return Line(m_columns, blank);
}

QColor TerminalScreen::ansiColor(int index)
{
    static const QRgb palette[16] = {0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
                                     0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff};
    return QColor(palette[std::clamp(index, 0, 15)]);
}

void TerminalScreen::feed(const QByteArray &bytes)
{
    const QString text = m_decoder.decode(bytes);
    for (const QChar c : text) {
        switch (m_state) {
        case State::Normal:
            if (c == u'\x1b')
                m_state = State::Escape;
            else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                handleControl(c);
            else
                put(c);
            break;
        case State::Escape:
            if (c == u'[') {
                m_state = State::Csi;
                m_params.clear();
            } else if (c == u']') {
                m_state = State::Osc;
            } else {
                if (c == u'c') {  // reset
                    m_pen = Cell{};
                    eraseInDisplay(2);
                    m_cursorRow = m_cursorColumn = 0;
                }
                m_state = State::Normal;  // other escapes (charsets, keypad modes) change nothing shown
            }
            break;
        case State::Csi:
            if ((c >= u'0' && c <= u'9') || c == u';' || c == u'?' || c == u'>' || c == u'=') {
                if (m_params.size() < 64)
                    m_params += c;
            } else if (c.unicode() >= 0x40 && c.unicode() <= 0x7e) {
                handleCsi(c);
                m_state = State::Normal;
            } else if (c.unicode() < 0x20) {
                handleControl(c);
            } else {
                m_state = State::Normal;
            }
            break;
        case State::Osc:  // window titles: ended by BEL or ESC
            if (c == u'\a' || c == u'\x1b')
                m_state = State::Normal;
            break;
        }
    }
}

void TerminalScreen::put(QChar c)
{
    if (m_wrapPending) {
        m_wrapPending = false;
        m_cursorColumn = 0;
        lineFeed();
    }
    Cell cell = m_pen;
    cell.ch = c;
    cursorLineRef()[m_cursorColumn] = cell;
    if (m_cursorColumn + 1 >= m_columns)
        m_wrapPending = true;
    else
        ++m_cursorColumn;
}

void TerminalScreen::lineFeed()
{
    if (m_cursorRow + 1 < m_rows) {
        ++m_cursorRow;
        return;
    }
    m_lines << blankLine();
    const int excess = int(m_lines.size()) - m_rows - m_maxScrollback;
    if (excess > 0)
        m_lines.remove(0, excess);
}

void TerminalScreen::handleControl(QChar c)
{
    switch (c.unicode()) {
    case '\r':
        m_cursorColumn = 0;
        m_wrapPending = false;
        break;
    case '\n':
    case '\v':
    case '\f':
        m_wrapPending = false;
        lineFeed();
        break;
    case '\b':
        m_wrapPending = false;
        m_cursorColumn = std::max(0, m_cursorColumn - 1);
        break;
    case '\t':
        m_cursorColumn = std::min(m_columns - 1, (m_cursorColumn / 8 + 1) * 8);
        break;
    default:
        break;  // BEL and the rest: nothing to show
    }
}

void TerminalScreen::handleCsi(QChar final)
{
    const bool privateMode = m_params.startsWith(u'?') || m_params.startsWith(u'>') || m_params.startsWith(u'=');
    QList<int> params;
    for (const QString &p : QStringView(m_params).mid(privateMode ? 1 : 0).toString().split(u';'))
        params << std::min(p.toInt(), 9999);
    if (privateMode)
        return;  // cursor visibility, bracketed paste…: nothing this screen draws
    const int n = std::max(1, params.value(0));
    m_wrapPending = false;
    switch (final.unicode()) {
    case 'A': m_cursorRow = std::max(0, m_cursorRow - n); break;
    case 'B': m_cursorRow = std::min(m_rows - 1, m_cursorRow + n); break;
    case 'C': m_cursorColumn = std::min(m_columns - 1, m_cursorColumn + n); break;
    case 'D': m_cursorColumn = std::max(0, m_cursorColumn - n); break;
    case 'G': m_cursorColumn = std::clamp(n - 1, 0, m_columns - 1); break;
    case 'd': m_cursorRow = std::clamp(n - 1, 0, m_rows - 1); break;
    case 'H':
    case 'f':
        m_cursorRow = std::clamp(std::max(1, params.value(0)) - 1, 0, m_rows - 1);
        m_cursorColumn = std::clamp(std::max(1, params.value(1)) - 1, 0, m_columns - 1);
        break;
    case 'J': eraseInDisplay(params.value(0)); break;
    case 'K': eraseInLine(params.value(0)); break;
    case 'm': setGraphics(params); break;
    default: break;
    }
}

void TerminalScreen::setGraphics(const QList<int> &params)
{
    for (int p : params) {
        if (p == 0) {
            m_pen = Cell{};
        } else if (p == 1) {
            m_pen.bold = true;
        } else if (p == 22) {
            m_pen.bold = false;
        } else if (p >= 30 && p <= 37) {
            m_pen.fg = qint8(p - 30);
        } else if (p == 39) {
            m_pen.fg = -1;
        } else if (p >= 40 && p <= 47) {
            m_pen.bg = qint8(p - 40);
        } else if (p == 49) {
            m_pen.bg = -1;
        } else if (p >= 90 && p <= 97) {
            m_pen.fg = qint8(p - 90 + 8);
        } else if (p >= 100 && p <= 107) {
            m_pen.bg = qint8(p - 100 + 8);
        }
    }
}

void TerminalScreen::eraseInLine(int mode)
{
    Line &line = cursorLineRef();
    Cell blank;
    blank.bg = m_pen.bg;
    const int from = mode == 0 ? m_cursorColumn : 0;
    const int to = mode == 1 ? m_cursorColumn + 1 : m_columns;
    for (int i = from; i < to && i < line.size(); ++i)
        line[i] = blank;
}

void TerminalScreen::eraseInDisplay(int mode)
{
    const int top = screenTop();
    if (mode == 0 || mode == 1) {
        eraseInLine(mode);
        const int from = mode == 0 ? m_cursorRow + 1 : 0;
        const int to = mode == 0 ? m_rows : m_cursorRow;
        for (int r = from; r < to; ++r)
            m_lines[top + r] = blankLine();
        return;
    }
    for (int r = 0; r < m_rows; ++r)
        m_lines[top + r] = blankLine();
}

void TerminalScreen::resize(int columns, int rows)
{
    columns = std::max(columns, 1);
    rows = std::max(rows, 1);
    if (columns == m_columns && rows == m_rows)
        return;
    const int cursorLine = this->cursorLine();
    m_columns = columns;
    for (Line &line : m_lines)
        line.resize(columns);
    // Fewer rows: blank rows under the cursor go first, then the top of the screen joins the
    // scrollback; more rows: blank ones below.
    const Line blank = blankLine();
    for (int drop = m_rows - rows; drop > 0 && m_lines.size() - 1 > cursorLine && m_lines.last() == blank; --drop)
        m_lines.removeLast();
    while (int(m_lines.size()) < rows)
        m_lines << blankLine();
    m_rows = rows;
    const int top = screenTop();
    if (cursorLine < top) {
        m_cursorRow = 0;
    } else {
        m_cursorRow = std::min(cursorLine - top, m_rows - 1);
    }
    m_cursorColumn = std::min(m_cursorColumn, m_columns - 1);
    m_wrapPending = false;
}

QString TerminalScreen::text(int first, int last) const
{
    if (last < 0 || last >= m_lines.size())
        last = int(m_lines.size()) - 1;
    QStringList out;
    for (int i = std::max(0, first); i <= last; ++i) {
        QString line;
        for (const Cell &cell : m_lines.at(i))
            line += cell.ch;
        while (line.endsWith(u' '))
            line.chop(1);
        out << line;
    }
    return out.join(u'\n');
}

}  // namespace Atrium::Ui
