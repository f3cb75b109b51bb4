#pragma once

#include "model/domainsample.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Atrium {

/// What Atrium can say about a workspace at one instant. Every value is
/// measured; an empty one has a reason in `unavailable` ("cpu" → "…").
struct MetricPoint {
    QDateTime at;
    std::optional<double> cpuPercent;     ///< of the vCPUs the domain has (0–100)
    std::optional<double> cpuCores;       ///< vCPUs' worth of work (0–vcpus)
    std::optional<double> memoryUsedMb;
    std::optional<double> memoryTotalMb;
    QString memorySource;                 ///< "guest" (balloon stats) or "host" (QEMU's RSS)
    std::optional<double> diskReadBps;
    std::optional<double> diskWriteBps;
    std::optional<double> diskUsedMb;     ///< allocated on the host
    std::optional<double> diskTotalMb;
    std::optional<double> netRxBps;
    std::optional<double> netTxBps;
    std::optional<quint64> netRxTotalBytes;
    std::optional<quint64> netTxTotalBytes;
    QHash<QString, QString> unavailable;  ///< metric ("cpu", "memory", "disk", "network") → why

    bool hasAnyValue() const;
};

/// Turns two consecutive samples into a point. Rates need @p previous (same
/// domain, earlier, counters not reset); without it (nullptr) they are "warming up".
/// @p refusedGroups (StatsGroups::refused) say which statistics the host never gives;
/// a @p hostLimitation (MetricsSampler::hostLimitation) is every metric's reason.
MetricPoint computePoint(const DomainSample &current, const DomainSample *previous,
                         const QDateTime &wallClock, const QStringList &refusedGroups = {},
                         const QString &hostLimitation = {});

}  // namespace Atrium
