#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace Atrium {

/// A workspace's metrics averaged over one minute, as kept in the store.
struct MetricMinute {
    QString workspaceId;
    QDateTime minute;  ///< start of the minute (UTC)
    std::optional<double> cpuPercent;
    std::optional<double> memoryUsedMb;
    std::optional<double> diskReadBps;
    std::optional<double> diskWriteBps;
    std::optional<double> netRxBps;
    std::optional<double> netTxBps;
    int samples = 0;
};

}  // namespace Atrium
