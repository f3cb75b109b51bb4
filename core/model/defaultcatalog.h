#pragma once

#include "workspace.h"

#include <QList>

namespace Atrium {

/// The five workspaces the Workspaces API says an empty catalog starts with, and
/// that "reset" restores. Their hosts and addresses are catalog data only:
/// Atrium never contacts them unless someone launches or checks one.
QList<Workspace> defaultWorkspaces(const QDateTime &now);

}  // namespace Atrium
