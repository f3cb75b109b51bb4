#pragma once

#include "engine/engine.h"

#include <QJsonObject>

namespace Atrium::Api {

/// Configured pools for the micro-VM API's quota. Unset values follow the real
/// capacity of the connected hosts.
struct QuotaSettings {
    int maxWorkspacesPerClient = 10;
    std::optional<int> poolCpus;
    std::optional<qint64> poolMemoryMb;
    std::optional<qint64> poolDiskMb;
};

struct ResourceAmounts {
    int cpus = 0;
    qint64 memoryMb = 0;
    qint64 diskMb = 0;
};

struct Range {
    qint64 min = 0;
    qint64 max = 0;
    qint64 fallback = 0;
};

/// A client's quota, computed from the hosts' real capacity, the configured
/// pools and what the client already owns and runs.
struct Quota {
    Range cpus;
    Range memoryMb;
    Range writableMb;
    ResourceAmounts pool;
    ResourceAmounts poolUsage;
    ResourceAmounts runningPool;
    ResourceAmounts runningPoolUsage;
    int maxWorkspaces = 0;
    int currentWorkspaces = 0;
    QString capacitySource;  ///< which hosts the numbers come from

    static Quota compute(const Engine &engine, const Actor &actor, const QuotaSettings &settings);

    /// Whether @p wanted (a new workspace, or a start) fits; the error says which limit it hits.
    Result<void> admitNew(const ResourceAmounts &wanted) const;
    Result<void> admitRunning(const ResourceAmounts &wanted) const;
    QJsonObject toJson() const;
};

}  // namespace Atrium::Api
