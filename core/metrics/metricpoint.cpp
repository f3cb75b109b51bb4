#include "metricpoint.h"

namespace Atrium {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
const QString kWarmingUp = QStringLiteral("measuring: rates need two samples");

/// bytes (or ns) per second between two counters, if both exist and did not go backwards.
std::optional<double> rate(const std::optional<quint64> &now, const std::optional<quint64> &before, double seconds)
{
    if (!now || !before || *now < *before || seconds <= 0)
        return std::nullopt;
    return double(*now - *before) / seconds;
}

}  // namespace

bool MetricPoint::hasAnyValue() const
{
    return cpuPercent || memoryUsedMb || diskReadBps || diskUsedMb || netRxBps || netRxTotalBytes;
}

MetricPoint computePoint(const DomainSample &s, const std::optional<DomainSample> &previous, const QDateTime &wallClock)
{
    MetricPoint p;
    p.at = wallClock;
    const bool comparable = previous && previous->atMs < s.atMs
        && !(previous->cpuTimeNs && s.cpuTimeNs && *s.cpuTimeNs < *previous->cpuTimeNs);  // a restart resets counters
    const double seconds = comparable ? double(s.atMs - previous->atMs) / 1000.0 : 0;

    if (!s.cpuTimeNs) {
        p.unavailable.insert(QStringLiteral("cpu"), QStringLiteral("the host reports no CPU time for this domain"));
    } else if (!comparable) {
        p.unavailable.insert(QStringLiteral("cpu"), kWarmingUp);
    } else if (const auto ns = rate(s.cpuTimeNs, previous->cpuTimeNs, seconds)) {
        p.cpuCores = *ns / 1e9;
        const int vcpus = std::max(1, s.vcpus);
        p.cpuPercent = std::clamp(*p.cpuCores / vcpus * 100.0, 0.0, 100.0);
    }

    if (s.balloonCurrentKiB)
        p.memoryTotalMb = double(*s.balloonCurrentKiB) / 1024.0;
    if (s.guestAvailableKiB && s.guestUsableKiB && *s.guestAvailableKiB >= *s.guestUsableKiB) {
        p.memoryUsedMb = double(*s.guestAvailableKiB - *s.guestUsableKiB) / 1024.0;
        p.memorySource = QStringLiteral("guest");
    } else if (s.balloonRssKiB) {
        p.memoryUsedMb = double(*s.balloonRssKiB) / 1024.0;
        p.memorySource = QStringLiteral("host");
    } else {
        p.unavailable.insert(QStringLiteral("memory"), QStringLiteral("the host reports no memory use for this domain"));
    }

    if (s.blockCount == 0 && !s.blockReadBytes) {
        p.unavailable.insert(QStringLiteral("disk"), s.blockCount == 0 && s.cpuTimeNs
                                                       ? QStringLiteral("the domain has no disk")
                                                       : QStringLiteral("the host reports no disk statistics"));
    } else {
        if (s.blockAllocationBytes)
            p.diskUsedMb = double(*s.blockAllocationBytes) / kMiB;
        if (s.blockCapacityBytes)
            p.diskTotalMb = double(*s.blockCapacityBytes) / kMiB;
        if (comparable) {
            p.diskReadBps = rate(s.blockReadBytes, previous->blockReadBytes, seconds);
            p.diskWriteBps = rate(s.blockWriteBytes, previous->blockWriteBytes, seconds);
        } else {
            p.unavailable.insert(QStringLiteral("disk"), kWarmingUp);
        }
    }

    if (s.netCount == 0 && !s.netRxBytes) {
        p.unavailable.insert(QStringLiteral("network"), s.cpuTimeNs ? QStringLiteral("the domain has no network interface")
                                                                    : QStringLiteral("the host reports no network statistics"));
    } else {
        p.netRxTotalBytes = s.netRxBytes;
        p.netTxTotalBytes = s.netTxBytes;
        if (comparable) {
            p.netRxBps = rate(s.netRxBytes, previous->netRxBytes, seconds);
            p.netTxBps = rate(s.netTxBytes, previous->netTxBytes, seconds);
        } else {
            p.unavailable.insert(QStringLiteral("network"), kWarmingUp);
        }
    }
    return p;
}

}  // namespace Atrium
