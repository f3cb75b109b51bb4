#pragma once

#include "api/http/router.h"

#include <QObject>

namespace Atrium {
class Engine;
class MetricsSampler;
}

namespace Atrium::Api {

/// Atrium's own /api/workspaces/{id}/metrics/history (Bearer, snake_case,
/// {"detail"} errors): a workspace's metrics over 15m or 1h at full resolution
/// from the sampler's ring, or over 24h or 7d as the store's minute averages.
/// Anyone who may see the workspace may read it.
class MetricsHistoryController final : public QObject {
    Q_OBJECT

public:
    /// @p metrics may be null: every series is then unavailable, with that reason.
    MetricsHistoryController(Engine &engine, const MetricsSampler *metrics, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    ApiReply history(const ApiRequest &request);

    Engine &m_engine;
    const MetricsSampler *m_metrics;
};

}  // namespace Atrium::Api
