#include "vnckeys.h"

#include <QHash>

namespace Atrium::Ui::VncKeys {

namespace {

// Qt keys without a character, and the X11 keysyms they are (X11/keysymdef.h).
const QHash<int, quint32> &specialKeys()
{
    static const QHash<int, quint32> keys = [] {
        QHash<int, quint32> k{
            {Qt::Key_Escape, 0xff1b},    {Qt::Key_Tab, 0xff09},       {Qt::Key_Backtab, 0xff09},
            {Qt::Key_Backspace, 0xff08}, {Qt::Key_Return, Return},    {Qt::Key_Enter, 0xff8d},
            {Qt::Key_Insert, 0xff63},    {Qt::Key_Delete, Delete},    {Qt::Key_Pause, 0xff13},
            {Qt::Key_Print, 0xff61},     {Qt::Key_SysReq, 0xff15},    {Qt::Key_Clear, 0xff0b},
            {Qt::Key_Home, 0xff50},      {Qt::Key_End, 0xff57},       {Qt::Key_Left, 0xff51},
            {Qt::Key_Up, 0xff52},        {Qt::Key_Right, 0xff53},     {Qt::Key_Down, 0xff54},
            {Qt::Key_PageUp, 0xff55},    {Qt::Key_PageDown, 0xff56},  {Qt::Key_Shift, ShiftL},
            {Qt::Key_Control, ControlL}, {Qt::Key_Meta, 0xffeb},      {Qt::Key_Alt, AltL},
            {Qt::Key_AltGr, 0xfe03},     {Qt::Key_CapsLock, 0xffe5},  {Qt::Key_NumLock, 0xff7f},
            {Qt::Key_ScrollLock, 0xff14}, {Qt::Key_Super_L, 0xffeb},  {Qt::Key_Super_R, 0xffec},
            {Qt::Key_Menu, 0xff67},      {Qt::Key_Hyper_L, 0xffed},   {Qt::Key_Hyper_R, 0xffee},
            {Qt::Key_Help, 0xff6a},      {Qt::Key_Space, 0x20},
        };
        for (int f = 0; f < 35; ++f)
            k.insert(Qt::Key_F1 + f, 0xffbe + f);  // F1 … F35
        return k;
    }();
    return keys;
}

quint32 keypadKeysym(int key)
{
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return 0xffb0 + (key - Qt::Key_0);  // KP_0 … KP_9
    switch (key) {
    case Qt::Key_Asterisk: return 0xffaa;
    case Qt::Key_Plus: return 0xffab;
    case Qt::Key_Comma: return 0xffac;
    case Qt::Key_Minus: return 0xffad;
    case Qt::Key_Period: return 0xffae;
    case Qt::Key_Slash: return 0xffaf;
    case Qt::Key_Equal: return 0xffbd;
    default: return 0;
    }
}

quint32 characterKeysym(char32_t c)
{
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff))
        return c;  // Latin-1 keysyms are the characters themselves
    if (c > 0xff && c <= 0x10ffff)
        return 0x01000000 | c;
    return 0;
}

}  // namespace

quint32 keysym(int key, const QString &text, Qt::KeyboardModifiers modifiers)
{
    if (modifiers & Qt::KeypadModifier) {
        if (const quint32 sym = keypadKeysym(key))
            return sym;
    }
    if (const auto special = specialKeys().constFind(key); special != specialKeys().constEnd())
        return *special;
    // The text says which character the person typed, whatever their layout.
    if (!text.isEmpty()) {
        if (const quint32 sym = characterKeysym(text.toUcs4().value(0)))
            return sym;
    }
    // No printable text (Ctrl+C gives "\x03"): the key itself. Qt names letter
    // keys by their capital; the guest's own Shift state decides the case.
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return 'a' + (key - Qt::Key_A);
    if (key >= 0x20 && key <= 0xff)
        return quint32(key);
    return 0;
}

bool needsShift(quint32 keysym)
{
    if (keysym >= 'A' && keysym <= 'Z')
        return true;
    return keysym < 0x80 && QByteArrayView("~!@#$%^&*()_+{}|:\"<>?").contains(char(keysym));
}

QList<quint32> ctrlAltDel()
{
    return {ControlL, AltL, Delete};
}

}  // namespace Atrium::Ui::VncKeys
