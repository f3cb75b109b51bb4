// Qt key events → the X11 keysyms RFB carries.

#include "testmain.h"
#include "viewer/vnckeys.h"

#include <QTest>

using namespace Atrium::Ui;

class TestVncKeys : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysyms_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<quint32>("keysym");

        const int none = Qt::NoModifier;
        // Characters: what the text says, whatever the layout.
        QTest::newRow("a") << int(Qt::Key_A) << "a" << none << 0x61u;
        QTest::newRow("A (shift)") << int(Qt::Key_A) << "A" << int(Qt::ShiftModifier) << 0x41u;
        QTest::newRow("digit") << int(Qt::Key_7) << "7" << none << 0x37u;
        QTest::newRow("greater") << int(Qt::Key_Greater) << ">" << int(Qt::ShiftModifier) << 0x3eu;
        QTest::newRow("slash") << int(Qt::Key_Slash) << "/" << none << 0x2fu;
        QTest::newRow("space") << int(Qt::Key_Space) << " " << none << 0x20u;
        QTest::newRow("latin-1 ñ") << int(Qt::Key_Ntilde) << "ñ" << none << 0xf1u;
        QTest::newRow("euro (unicode)") << int(Qt::Key_unknown) << "€" << none << (0x01000000u | 0x20ac);
        QTest::newRow("AltGr @") << int(Qt::Key_At) << "@" << int(Qt::GroupSwitchModifier) << 0x40u;
        // Ctrl+C carries "\x03": the letter itself, lower case (the guest's Ctrl does the rest).
        QTest::newRow("ctrl+c") << int(Qt::Key_C) << "\x03" << int(Qt::ControlModifier) << 0x63u;
        QTest::newRow("ctrl+] without text") << int(Qt::Key_BracketRight) << "" << int(Qt::ControlModifier) << 0x5du;
        // Keys without characters.
        QTest::newRow("return") << int(Qt::Key_Return) << "\r" << none << 0xff0du;
        QTest::newRow("keypad enter") << int(Qt::Key_Enter) << "\r" << int(Qt::KeypadModifier) << 0xff8du;
        QTest::newRow("escape") << int(Qt::Key_Escape) << "\x1b" << none << 0xff1bu;
        QTest::newRow("tab") << int(Qt::Key_Tab) << "\t" << none << 0xff09u;
        QTest::newRow("backtab") << int(Qt::Key_Backtab) << "" << int(Qt::ShiftModifier) << 0xff09u;
        QTest::newRow("backspace") << int(Qt::Key_Backspace) << "\b" << none << 0xff08u;
        QTest::newRow("delete") << int(Qt::Key_Delete) << "\x7f" << none << 0xffffu;
        QTest::newRow("insert") << int(Qt::Key_Insert) << "" << none << 0xff63u;
        QTest::newRow("home") << int(Qt::Key_Home) << "" << none << 0xff50u;
        QTest::newRow("end") << int(Qt::Key_End) << "" << none << 0xff57u;
        QTest::newRow("page up") << int(Qt::Key_PageUp) << "" << none << 0xff55u;
        QTest::newRow("page down") << int(Qt::Key_PageDown) << "" << none << 0xff56u;
        QTest::newRow("left") << int(Qt::Key_Left) << "" << none << 0xff51u;
        QTest::newRow("up") << int(Qt::Key_Up) << "" << none << 0xff52u;
        QTest::newRow("right") << int(Qt::Key_Right) << "" << none << 0xff53u;
        QTest::newRow("down") << int(Qt::Key_Down) << "" << none << 0xff54u;
        QTest::newRow("F1") << int(Qt::Key_F1) << "" << none << 0xffbeu;
        QTest::newRow("F12") << int(Qt::Key_F12) << "" << none << 0xffc9u;
        QTest::newRow("shift") << int(Qt::Key_Shift) << "" << int(Qt::ShiftModifier) << 0xffe1u;
        QTest::newRow("control") << int(Qt::Key_Control) << "" << int(Qt::ControlModifier) << 0xffe3u;
        QTest::newRow("alt") << int(Qt::Key_Alt) << "" << int(Qt::AltModifier) << 0xffe9u;
        QTest::newRow("altgr") << int(Qt::Key_AltGr) << "" << none << 0xfe03u;
        QTest::newRow("meta (super)") << int(Qt::Key_Meta) << "" << int(Qt::MetaModifier) << 0xffebu;
        QTest::newRow("caps lock") << int(Qt::Key_CapsLock) << "" << none << 0xffe5u;
        QTest::newRow("print") << int(Qt::Key_Print) << "" << none << 0xff61u;
        QTest::newRow("menu") << int(Qt::Key_Menu) << "" << none << 0xff67u;
        // The keypad has keysyms of its own.
        QTest::newRow("keypad 5") << int(Qt::Key_5) << "5" << int(Qt::KeypadModifier) << 0xffb5u;
        QTest::newRow("keypad +") << int(Qt::Key_Plus) << "+" << int(Qt::KeypadModifier) << 0xffabu;
        QTest::newRow("keypad /") << int(Qt::Key_Slash) << "/" << int(Qt::KeypadModifier) << 0xffafu;
        QTest::newRow("keypad home") << int(Qt::Key_Home) << "" << int(Qt::KeypadModifier) << 0xff50u;
        // Nothing to send.
        QTest::newRow("unknown without text") << int(Qt::Key_unknown) << "" << none << 0u;
    }

    void keysyms()
    {
        QFETCH(int, key);
        QFETCH(QString, text);
        QFETCH(int, modifiers);
        QFETCH(quint32, keysym);
        QCOMPARE(VncKeys::keysym(key, text, Qt::KeyboardModifiers(modifiers)), keysym);
    }

    void shiftIsNeededForCapitalsAndShiftedSymbols()
    {
        for (char c : QByteArrayView("ABCXYZ~!@#$%^&*()_+{}|:\"<>?"))
            QVERIFY2(VncKeys::needsShift(quint32(uchar(c))), &c);
        for (char c : QByteArrayView("abcxyz0123456789`-=[]\\;',./ "))
            QVERIFY2(!VncKeys::needsShift(quint32(uchar(c))), &c);
        QVERIFY(!VncKeys::needsShift(0xff0d));   // Return
        QVERIFY(!VncKeys::needsShift(0xf1));     // ñ: QEMU's map has it on no key
    }

    void ctrlAltDelIsThreeKeysInOrder()
    {
        QCOMPARE(VncKeys::ctrlAltDel(), (QList<quint32>{0xffe3, 0xffe9, 0xffff}));
    }
};

ATRIUM_TEST_MAIN(TestVncKeys)
#include "tst_vnckeys.moc"
