#include "metricpoint.h"

namespace Atrium {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
const QString kWarmingUp = QStringLiteral("measuring: rates need two samples");
// NOWAIT: a domain busy with another job (a migration, a snapshot, a slow monitor)
// comes back without the counters that need its monitor; the tick does not wait.
const QString kBusy = QStringLiteral("not reported this tick: the domain was busy and sampling does not wait for it");

/// bytes (or ns) per second between two counters, if both exist and did not go backwards.
std::optional<double> rate(const std::optional<quint64> &now, const std::optional<quint64> &before, double seconds)
{
    if (!now || !before || *now < *before || seconds <= 0)
        return std::nullopt;
    return double(*now - *before) / seconds;
}

/// Why each metric has no value ("" when it has one), before it becomes MetricPoint::unavailable.
struct Reasons {
    QString cpu, memory, disk, network;
    bool operator==(const Reasons &) const = default;
};

/// The hash for @p reasons, shared between the points that have the same ones. A
/// fresh QHash allocates a span of ~2 KB on its first insert; a point is made per
/// domain per tick, and a workspace's reasons rarely change from one to the next.
QHash<QString, QString> sharedReasons(const Reasons &reasons)
{
    thread_local QList<std::pair<Reasons, QHash<QString, QString>>> cache;
    for (const auto &[known, hash] : std::as_const(cache)) {
        if (known == reasons)
            return hash;
    }
    QHash<QString, QString> hash;
    for (const auto &[metric, why] : {std::pair{QStringLiteral("cpu"), &reasons.cpu}, std::pair{QStringLiteral("memory"), &reasons.memory},
                                      std::pair{QStringLiteral("disk"), &reasons.disk}, std::pair{QStringLiteral("network"), &reasons.network}}) {
        if (!why->isEmpty())
            hash.insert(metric, *why);
    }
    if (cache.size() >= 64)  // hosts' limitations and a few states: a handful in practice
        cache.clear();
    cache.append({reasons, hash});
    return hash;
}

}  // namespace

bool MetricPoint::hasAnyValue() const
{
    return cpuPercent || memoryUsedMb || diskReadBps || diskUsedMb || netRxBps || netRxTotalBytes;
}

MetricPoint computePoint(const DomainSample &s, const DomainSample *previous, const QDateTime &wallClock,
                         const QStringList &refusedGroups, const QString &hostLimitation)
{
    static const QString refusesCpu = QStringLiteral("the host refuses CPU statistics");
    static const QString refusesMemory = QStringLiteral("the host refuses memory (balloon) statistics");
    static const QString refusesDisk = QStringLiteral("the host refuses disk (block) statistics");
    static const QString refusesNetwork = QStringLiteral("the host refuses network (interface) statistics");
    MetricPoint p;
    p.at = wallClock;
    Reasons why;
    const bool comparable = previous && previous->atMs < s.atMs
        && !(previous->cpuTimeNs && s.cpuTimeNs && *s.cpuTimeNs < *previous->cpuTimeNs);  // a restart resets counters
    const double seconds = comparable ? double(s.atMs - previous->atMs) / 1000.0 : 0;

    if (refusedGroups.contains(QStringLiteral("cpu"))) {
        why.cpu = refusesCpu;
    } else if (!s.cpuTimeNs) {
        why.cpu = QStringLiteral("the host reports no CPU time for this domain");
    } else if (const auto ns = comparable ? rate(s.cpuTimeNs, previous->cpuTimeNs, seconds) : std::nullopt; !ns) {
        why.cpu = kWarmingUp;
    } else {
        p.cpuCores = *ns / 1e9;
        if (s.vcpus > 0)
            p.cpuPercent = std::clamp(*p.cpuCores / s.vcpus * 100.0, 0.0, 100.0);
        else
            why.cpu = QStringLiteral("the host does not say how many vCPUs the domain has");
    }

    if (s.balloonCurrentKiB)
        p.memoryTotalMb = double(*s.balloonCurrentKiB) / 1024.0;
    if (s.guestAvailableKiB && s.guestUsableKiB && *s.guestAvailableKiB >= *s.guestUsableKiB) {
        p.memoryUsedMb = double(*s.guestAvailableKiB - *s.guestUsableKiB) / 1024.0;
        p.memorySource = QStringLiteral("guest");
    } else if (s.balloonRssKiB) {
        p.memoryUsedMb = double(*s.balloonRssKiB) / 1024.0;
        p.memorySource = QStringLiteral("host");
    } else if (refusedGroups.contains(QStringLiteral("balloon"))) {
        why.memory = refusesMemory;
    } else if (s.balloonCurrentKiB) {
        why.memory = kBusy;  // the size needs no job, the use does
    } else {
        why.memory = QStringLiteral("the host reports no memory use for this domain");
    }

    if (refusedGroups.contains(QStringLiteral("block"))) {
        why.disk = refusesDisk;
    } else if (s.blockCount == 0 && !s.blockReadBytes) {
        why.disk = QStringLiteral("the domain has no disk");
    } else {
        if (s.blockAllocationBytes)
            p.diskUsedMb = double(*s.blockAllocationBytes) / kMiB;
        if (s.blockCapacityBytes)
            p.diskTotalMb = double(*s.blockCapacityBytes) / kMiB;
        if (!s.blockReadBytes && !s.blockWriteBytes) {
            why.disk = kBusy;
        } else if (comparable) {
            p.diskReadBps = rate(s.blockReadBytes, previous->blockReadBytes, seconds);
            p.diskWriteBps = rate(s.blockWriteBytes, previous->blockWriteBytes, seconds);
        }
        if (!p.diskReadBps && !p.diskWriteBps && why.disk.isEmpty())
            why.disk = kWarmingUp;
    }

    if (refusedGroups.contains(QStringLiteral("net"))) {
        why.network = refusesNetwork;
    } else if (s.netCount == 0 && !s.netRxBytes) {
        why.network = QStringLiteral("the domain has no network interface");
    } else {
        p.netRxTotalBytes = s.netRxBytes;
        p.netTxTotalBytes = s.netTxBytes;
        if (!s.netRxBytes && !s.netTxBytes) {
            why.network = kBusy;
        } else if (comparable) {
            p.netRxBps = rate(s.netRxBytes, previous->netRxBytes, seconds);
            p.netTxBps = rate(s.netTxBytes, previous->netTxBytes, seconds);
        }
        if (!p.netRxBps && !p.netTxBps && why.network.isEmpty())
            why.network = kWarmingUp;
    }

    // A host that measures nothing (the simulator) may still hand out numbers: none of them counts.
    if (!hostLimitation.isEmpty()) {
        p = MetricPoint{};
        p.at = wallClock;
        why = Reasons{hostLimitation, hostLimitation, hostLimitation, hostLimitation};
    }
    p.unavailable = sharedReasons(why);
    return p;
}

}  // namespace Atrium
