#pragma once

#include "api/http/jsonbody.h"
#include "engine/engine.h"
#include "metrics/metricpoint.h"

#include <QJsonObject>

namespace Atrium::Api {

/// JSON of the v1 API (/api/v1/workspaces): camelCase, resources as
/// Kubernetes-style quantities ("4", "16Gi"), owner as an object.
namespace V1Json {

QString status(WorkspaceStatus status);  ///< pending | running | stopped | failed
bool isKnownStatus(const QString &v1Status);

QJsonObject summary(const Workspace &w);
QJsonObject full(const Workspace &w, const std::optional<Identity> &owner);
QJsonObject statusReport(const Workspace &w, const HostInfo *host, TunnelStatus tunnel);
QJsonObject metrics(const Workspace &w, const std::optional<MetricPoint> &point, const QString &limitation);

Result<WorkspacePatch> createPatch(const JsonBody &body, const Actor &actor);
Result<WorkspacePatch> updatePatch(const JsonBody &body);

}  // namespace V1Json

}  // namespace Atrium::Api
