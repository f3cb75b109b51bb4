#pragma once

#include <QStringList>

namespace Atrium {

/// Each verb takes its own arguments (argv without the program and the verb)
/// and returns the process exit code.
int runServeCommand(const QStringList &arguments);
int runTokenCommand(const QStringList &arguments);

}  // namespace Atrium
