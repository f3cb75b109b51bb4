#pragma once

#include "metrics/metricpoint.h"
#include "model/metricminute.h"
#include "model/workspace.h"

#include <QJsonObject>
#include <chrono>
#include <optional>

namespace Atrium::Api::MetricsHistoryJson {

/// A window /api/workspaces/{id}/metrics/history serves: the last hour comes at
/// full resolution from the sampler's ring, longer ones as the store's minute averages.
struct Window {
    QString name;  ///< "15m", "1h", "24h", "7d"
    std::chrono::seconds span;
    bool fullResolution;
};

std::optional<Window> windowNamed(const QString &name);
QStringList windowNames();

/// What is known about why a workspace has no values, beyond what the points say.
struct Context {
    QString whyNone;  ///< not measured at all (no sampler, a remote endpoint, a host that measures nothing); "" if measured
    std::optional<MetricPoint> latest;  ///< the sampler's newest point, for reasons a minute row does not keep
};

QJsonObject fullResolution(const Workspace &w, const Window &window, const QDateTime &now, std::chrono::milliseconds interval,
                           const QList<MetricPoint> &points, const Context &context);
QJsonObject downsampled(const Workspace &w, const Window &window, const QDateTime &now, const QList<MetricMinute> &minutes,
                        const Context &context);

}  // namespace Atrium::Api::MetricsHistoryJson
