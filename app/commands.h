#pragma once

#include <QStringList>

namespace Atrium {

/// Each verb takes its own arguments (argv without the program and the verb)
/// and returns the process exit code.
int runServeCommand(const QStringList &arguments);
int runTokenCommand(const QStringList &arguments);
/// The desktop console; creates the QApplication itself (it needs argc/argv).
int runWindowCommand(int &argc, char **argv, const QStringList &arguments);

}  // namespace Atrium
