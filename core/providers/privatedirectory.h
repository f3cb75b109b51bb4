#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Atrium {

/// A new directory only this user can enter (0700), under the runtime directory when there is
/// one: for sockets and scripts other users must not reach. nullptr when none can be made.
/// @p prefix keeps paths short: a socket path holds at most 107 bytes.
std::unique_ptr<QTemporaryDir> makePrivateDirectory(const QString &prefix);

}  // namespace Atrium
