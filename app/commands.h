#pragma once

#include <QStringList>

namespace Atrium {

/// Exit status of a start-up Atrium cannot get past by trying again (the data directory, its
/// lock, the API's address): sysexits.h's EX_CONFIG. atrium.service does not restart on it.
inline constexpr int kExitCannotStart = 78;

/// Each verb takes its own arguments (argv without the program and the verb)
/// and returns the process exit code.
int runServeCommand(const QStringList &arguments);
int runTokenCommand(const QStringList &arguments);
/// The desktop console; creates the QApplication itself (it needs argc/argv).
int runWindowCommand(int &argc, char **argv, const QStringList &arguments);

}  // namespace Atrium
