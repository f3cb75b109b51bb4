#pragma once

#include "api/http/router.h"
#include "model/workspace.h"

#include <QObject>

namespace Atrium {
class Engine;
class MetricsSampler;
}

namespace Atrium::Api {

/// The v1 API: /api/v1/workspaces… with X-API-Key and the scopes
/// workspaces:read / workspaces:write. start/stop/restart answer at once with
/// the state the workspace is in; /status follows the rest.
class V1WorkspacesController final : public QObject {
    Q_OBJECT

public:
    V1WorkspacesController(Engine &engine, const MetricsSampler *metrics, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    ApiReply list(const ApiRequest &request);
    ApiReply create(const ApiRequest &request);
    ApiReply get(const ApiRequest &request);
    ApiReply update(const ApiRequest &request);
    QFuture<ApiReply> remove(const ApiRequest &request);
    ApiReply start(const ApiRequest &request);
    ApiReply stop(const ApiRequest &request);
    ApiReply restart(const ApiRequest &request);
    ApiReply status(const ApiRequest &request);
    ApiReply metrics(const ApiRequest &request);
    QFuture<ApiReply> logs(const ApiRequest &request);
    QFuture<ApiReply> sync(const ApiRequest &request);

    ApiReply fullObject(const Workspace &workspace, int status = 200) const;

    Engine &m_engine;
    const MetricsSampler *m_metrics;
};

}  // namespace Atrium::Api
