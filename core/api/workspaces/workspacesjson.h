#pragma once

#include "api/http/jsonbody.h"
#include "engine/engine.h"

#include <QJsonObject>

namespace Atrium::Api {

/// JSON of the Workspaces API (/api/workspaces…): snake_case, the documented
/// fields, plus `state` (Atrium's exact lifecycle state) where the
/// document's four statuses say less than Atrium knows.
namespace WorkspacesJson {

QJsonObject workspace(const Workspace &w);
QJsonObject launch(const LaunchResult &launched);

/// POST /api/workspaces: required name, type, description; document defaults.
Result<WorkspacePatch> createPatch(const JsonBody &body);
/// PUT /api/workspaces/{id}: every field optional.
Result<WorkspacePatch> updatePatch(const JsonBody &body, const QString &id);

}  // namespace WorkspacesJson

}  // namespace Atrium::Api
