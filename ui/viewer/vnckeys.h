#pragma once

#include <QList>
#include <QString>
#include <Qt>

namespace Atrium::Ui::VncKeys {

/// X11 keysyms the viewer sends by name (RFB key events carry keysyms).
enum : quint32 {
    ShiftL = 0xffe1,
    ControlL = 0xffe3,
    AltL = 0xffe9,
    Delete = 0xffff,
    Return = 0xff0d,
};

/// The X11 keysym of a Qt key event: special keys from @p key, characters from
/// @p text (Latin-1 as itself, other Unicode as 0x01000000 + code point), keypad
/// keys when @p modifiers has Qt::KeypadModifier. 0 when the key has none.
quint32 keysym(int key, const QString &text, Qt::KeyboardModifiers modifiers);

/// True for a keysym that the guest's keyboard (QEMU's default "en-us" map) types
/// only with Shift held: upper-case letters and the shifted symbols. QEMU turns a
/// keysym into a bare scancode, so Shift itself must be pressed for them.
bool needsShift(quint32 keysym);

/// Ctrl+Alt+Del in press order (released in reverse).
QList<quint32> ctrlAltDel();

}  // namespace Atrium::Ui::VncKeys
