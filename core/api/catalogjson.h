#pragma once

#include "engine/engine.h"
#include "jsonbody.h"

#include <QJsonObject>

namespace Atrium::Api {

/// JSON of documents 000 (workspaces) and 002 (sessions): snake_case, the
/// documented fields, plus `state` (Atrium's exact lifecycle state) where the
/// document's four statuses say less than Atrium knows.
namespace CatalogJson {

QString documentStatus(WorkspaceStatus status);  ///< available | running | stopped | error
QString isoTime(const QDateTime &time);          ///< "2026-03-05T14:30:00.000Z", or empty
QJsonValue isoTimeOrNull(const QDateTime &time);

QJsonObject workspace(const Workspace &w);
QJsonObject session(const Session &s);
QJsonObject launch(const LaunchResult &launched);

/// POST /api/workspaces: required name, type, description; document defaults.
Result<WorkspacePatch> createPatch(const JsonBody &body);
/// PUT /api/workspaces/{id}: every field optional.
Result<WorkspacePatch> updatePatch(const JsonBody &body, const QString &id);

}  // namespace CatalogJson

}  // namespace Atrium::Api
