#pragma once

#include <QByteArray>
#include <QColor>
#include <QList>
#include <QString>
#include <QStringDecoder>

namespace Atrium::Ui {

/// What a serial console shows: a VT100/ANSI screen (the subset a Linux console and busybox
/// use: colours, bold, cursor moves, erases) over a scrollback of past lines. Fed raw bytes
/// (UTF-8); drawn by TerminalView.
class TerminalScreen final {
public:
    struct Cell {
        QChar ch = u' ';
        qint8 fg = -1;  ///< 0–15 (ANSI colours, 8–15 bright); -1 = the default
        qint8 bg = -1;
        bool bold = false;
        bool operator==(const Cell &) const = default;
    };
    using Line = QList<Cell>;

    explicit TerminalScreen(int columns = 80, int rows = 24, int maxScrollback = 10000);

    void feed(const QByteArray &bytes);
    /// Re-lays the screen for a new window size; the scrollback keeps what scrolled off.
    void resize(int columns, int rows);

    int columns() const { return m_columns; }
    int rows() const { return m_rows; }
    /// Every line: the scrollback, then the screen's rows.
    const QList<Line> &lines() const { return m_lines; }
    int cursorLine() const { return screenTop() + m_cursorRow; }
    int cursorColumn() const { return m_cursorColumn; }
    /// The text of lines [@p first, @p last], trailing spaces trimmed, one per line.
    QString text(int first = 0, int last = -1) const;
    /// The colour of ANSI colour @p index (0–15) in the Linux console's palette.
    static QColor ansiColor(int index);

private:
    int screenTop() const { return int(m_lines.size()) - m_rows; }
    Line &cursorLineRef() { return m_lines[screenTop() + m_cursorRow]; }
    void put(QChar c);
    void lineFeed();
    void handleControl(QChar c);
    void handleCsi(QChar final);
    void setGraphics(const QList<int> &params);
    void eraseInLine(int mode);
    void eraseInDisplay(int mode);
    Line blankLine() const;

    enum class State { Normal, Escape, Csi, Osc };
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    State m_state = State::Normal;
    QString m_params;
    int m_columns;
    int m_rows;
    int m_maxScrollback;
    QList<Line> m_lines;
    int m_cursorRow = 0;
    int m_cursorColumn = 0;
    Cell m_pen;  ///< the attributes new characters get
    bool m_wrapPending = false;
};

}  // namespace Atrium::Ui
