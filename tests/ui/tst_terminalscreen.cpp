#include "viewer/terminalscreen.h"
#include "viewer/terminalview.h"
#include "screenshots.h"
#include "uitestmain.h"

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium::Ui;

// The serial console's terminal: what a Linux console and busybox send, drawn right.
class TestTerminalScreen : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void printsWrapsAndScrollsIntoTheScrollback()
    {
        TerminalScreen screen(10, 3, 100);
        screen.feed("hello\r\nworld\r\n");
        QCOMPARE(screen.text(), QStringLiteral("hello\nworld\n"));
        screen.feed("0123456789AB");  // wraps at 10 columns
        QCOMPARE(screen.text(), QStringLiteral("hello\nworld\n0123456789\nAB"));
        QCOMPARE(screen.lines().size(), 4);  // "hello" went to the scrollback
        QCOMPARE(screen.cursorColumn(), 2);
        // UTF-8 split across two reads still decodes.
        screen.feed("\xc3");
        screen.feed("\xa9");
        QVERIFY(screen.text().endsWith(QStringLiteral("AB\u00e9")));
    }

    void followsColoursCursorMovesAndErases()
    {
        TerminalScreen screen(20, 4);
        screen.feed("\x1b[1;31mred\x1b[0m plain \x1b[42mbg\x1b[49m");
        const auto &line = screen.lines().at(0);
        QCOMPARE(line.at(0).fg, 1);
        QVERIFY(line.at(0).bold);
        QCOMPARE(line.at(4).fg, -1);
        QCOMPARE(line.at(10).bg, 2);
        screen.feed("\x1b[2J\x1b[H");  // busybox's clear
        QCOMPARE(screen.text().trimmed(), QString());
        QCOMPARE(screen.cursorColumn(), 0);
        screen.feed("abcdef\x1b[3D\x1b[K");  // back three, erase to the end
        QCOMPARE(screen.text(0, 0), QStringLiteral("abc"));
        screen.feed("\x1b[3;5Hxy\x1b]0;title\x07\x1b[?25l");
        QCOMPARE(screen.text(2, 2), QStringLiteral("    xy"));
        screen.feed("\bZ");
        QCOMPARE(screen.text(2, 2), QStringLiteral("    xZ"));
    }

    void resizingKeepsWhatWasWritten()
    {
        TerminalScreen screen(10, 5);
        screen.feed("one\r\ntwo\r\n$ ");
        screen.resize(20, 2);
        QCOMPARE(screen.rows(), 2);
        QVERIFY(screen.text().contains(QStringLiteral("one\ntwo\n$")));
        QCOMPARE(screen.text(screen.cursorLine(), screen.cursorLine()), QStringLiteral("$"));
        screen.feed("ls");
        QCOMPARE(screen.text(screen.cursorLine(), screen.cursorLine()), QStringLiteral("$ ls"));
    }

    void keysBecomeWhatAVt100Sends()
    {
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_Return, {}, QStringLiteral("\r")), QByteArray("\r"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_Backspace, {}, {}), QByteArray("\x7f"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_Up, {}, {}), QByteArray("\x1b[A"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_C, Qt::ControlModifier, {}), QByteArray("\x03"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_A, {}, QStringLiteral("a")), QByteArray("a"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_B, Qt::AltModifier, QStringLiteral("b")), QByteArray("\x1b" "b"));
        QCOMPARE(TerminalView::bytesForKey(Qt::Key_Shift, Qt::ShiftModifier, {}), QByteArray());
    }

    void theViewTypesPastesCopiesAndIsLookedAt()
    {
        TerminalView view;
        view.resize(640, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.screen().columns() > 40);
        QSignalSpy input(&view, &TerminalView::input);
        QTest::keyClicks(&view, QStringLiteral("ls"));
        QTest::keyClick(&view, Qt::Key_Return);
        QCOMPARE(input.size(), 3);
        QCOMPARE(input.at(2).first().toByteArray(), QByteArray("\r"));
        QTest::keyClick(&view, Qt::Key_Tab);  // for the shell, not for focus
        QCOMPARE(input.last().first().toByteArray(), QByteArray("\t"));
        QVERIFY(view.hasFocus());

        QApplication::clipboard()->setText(QStringLiteral("echo one\necho two"));
        QTest::keyClick(&view, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(input.last().first().toByteArray(), QByteArray("echo one\recho two"));

        view.feed("ATRIUM-GUEST-READY 6.1.0\r\n\x1b[1;32mroot\x1b[0m:/# \x1b[34mls\x1b[0m\r\nbin  dev  \x1b[1;34metc\x1b[0m  proc\r\n/ # ");
        view.selectAll();
        view.copySelection();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("bin  dev  etc  proc")));
        QVERIFY(Atrium::Testing::saveScreenshot(view, QStringLiteral("serial-terminal")));
    }
};

ATRIUM_UI_TEST_MAIN(TestTerminalScreen)
#include "tst_terminalscreen.moc"
