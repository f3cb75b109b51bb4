#pragma once

#include "model/error.h"

namespace Atrium {

/// Turns libvirt's last error on this thread into an Error. The one place
/// where virErrorPtr becomes an Atrium value. @p what says what was attempted.
Error lastLibvirtError(const QString &what);

/// Whether the last libvirt error on this thread says "no such domain".
bool lastErrorIsNoDomain();

/// Whether the last libvirt error on this thread says "no such volume or pool".
bool lastErrorIsNoStorage();

/// Whether the last libvirt error on this thread says "this driver does not support that".
bool lastErrorIsUnsupported();

/// Stops libvirt from printing every error to stderr: Atrium reports them itself.
void silenceLibvirtStderr();

}  // namespace Atrium
