#pragma once

#include "error.h"
#include "workspace.h"

namespace Atrium {

/// The rules a workspace must satisfy, whichever surface it came through.
/// Returns the first violation, naming the field.
Result<void> validateWorkspace(const Workspace &workspace);

/// For a workspace whose values Atrium did not choose (a domain found on a host, a 32 MiB guest
/// with 512 vCPUs): validates only what changed from @p before to @p after.
Result<void> validateChanges(const Workspace &before, const Workspace &after);

/// Applies the set fields of a patch. Does not validate.
Workspace applyPatch(Workspace workspace, const WorkspacePatch &patch);

/// Whether @p patch gives @p workspace other resources (an object read and sent back names the
/// same ones: no change, even while the VM runs).
bool changesResources(const Workspace &workspace, const WorkspacePatch &patch);

/// A fresh, unused workspace id ("ws-" + 8 hex digits).
QString generateWorkspaceId();

bool isValidWorkspaceId(const QString &id);

}  // namespace Atrium
