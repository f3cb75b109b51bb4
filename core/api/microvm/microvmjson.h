#pragma once

#include "api/http/jsonbody.h"
#include "engine/engine.h"
#include "metrics/metricpoint.h"

#include <QJsonObject>

namespace Atrium::Api {

/// JSON of the micro-VM API (/workspace…): the WorkspaceResponse object, details,
/// and the strict reading of config (errors carry INVALID_CONFIG).
namespace MicroVmJson {

QString infoStatus(const Workspace &w);  ///< running | stopped | paused | creating | starting | stopping | error

QJsonObject workspace(const Workspace &w, const QDateTime &now);
QJsonObject details(const Workspace &w, const QDateTime &now, const std::optional<MetricPoint> &point,
                    const QString &metricsLimitation, const QString &consoleTicket);

/// Reads a `config` object on top of @p base (partial: unset fields keep base's).
/// Resources go into @p patch; ranges are the micro-VM API's.
Result<LifecycleConfig> readConfig(const QJsonObject &config, LifecycleConfig base, WorkspacePatch &patch);

Result<WorkspacePatch> createPatch(const JsonBody &body, const Actor &actor);
Result<WorkspacePatch> updatePatch(const JsonBody &body, const Workspace &current);

}  // namespace MicroVmJson

}  // namespace Atrium::Api
