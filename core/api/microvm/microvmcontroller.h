#pragma once

#include "api/http/router.h"
#include "api/microvm/quota.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPromise>
#include <chrono>
#include <memory>

namespace Atrium {
class Engine;
class MetricsSampler;
}

namespace Atrium::Api {

/// The micro-VM API: /workspace… with X-Client-ID + X-Client-Secret. Each client
/// sees and manages the micro-VMs it created; creating one also starts it.
class MicroVmController final : public QObject {
    Q_OBJECT

public:
    MicroVmController(Engine &engine, const MetricsSampler *metrics, QuotaSettings quota, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    QFuture<ApiReply> create(const ApiRequest &request);
    ApiReply list(const ApiRequest &request);
    ApiReply get(const ApiRequest &request, bool withDetails);
    ApiReply update(const ApiRequest &request);
    QFuture<ApiReply> remove(const ApiRequest &request);
    ApiReply quota(const ApiRequest &request);

    /// Deletes @p id once no start or stop is in flight on it (until @p deadline).
    void attemptRemove(const Actor &actor, const QString &id, QDeadlineTimer deadline,
                       std::shared_ptr<QPromise<ApiReply>> promise);
    Result<Workspace> ownWorkspace(const Actor &actor, const QString &id) const;

    static constexpr std::chrono::seconds kSettleDeadline{120};
    static constexpr std::chrono::milliseconds kSettlePoll{100};
    ApiReply created(const Workspace &workspace) const;

    Engine &m_engine;
    const MetricsSampler *m_metrics;
    QuotaSettings m_quota;
};

}  // namespace Atrium::Api
