#pragma once

#include "error.h"
#include "workspace.h"

namespace Atrium {

/// The rules a workspace must satisfy, whichever surface it came through.
/// Returns the first violation, naming the field.
Result<void> validateWorkspace(const Workspace &workspace);

/// Applies the set fields of a patch. Does not validate.
Workspace applyPatch(Workspace workspace, const WorkspacePatch &patch);

/// A fresh, unused workspace id ("ws-" + 8 hex digits).
QString generateWorkspaceId();

bool isValidWorkspaceId(const QString &id);

}  // namespace Atrium
