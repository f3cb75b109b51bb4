#pragma once

#include "api/http/jsonbody.h"
#include "engine/engine.h"

#include <QJsonObject>
#include <QSet>

namespace Atrium::Api {

/// JSON of the Workspaces API (/api/workspaces…): snake_case, the documented
/// fields, plus `state` (Atrium's exact lifecycle state) where the
/// document's four statuses say less than Atrium knows.
namespace WorkspacesJson {

/// Documents 000 and 002 speak of sessions: "available" is ready to launch, "running" is in use
/// by an active session (@p inUse), "stopped" out of service, "error" failed. A VM that runs with
/// nobody connected is "available" here; `state` (and 001's phase, 003's info) say it runs.
QString documentStatus(const Workspace &w, bool inUse);
QJsonObject workspace(const Workspace &w, bool inUse);
/// The workspaces with an active session, for documentStatus.
QSet<QString> workspacesInUse(const QList<Session> &activeSessions);
/// @p ticket: a console ticket for the session, for viewer_url (stream_url with it).
QJsonObject launch(const LaunchResult &launched, const QString &ticket);

/// POST /api/workspaces: required name, type, description; document defaults.
Result<WorkspacePatch> createPatch(const JsonBody &body);
/// PUT /api/workspaces/{id}: every field optional.
Result<WorkspacePatch> updatePatch(const JsonBody &body, const QString &id);

}  // namespace WorkspacesJson

}  // namespace Atrium::Api
