#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Atrium {

/// One domain's raw counters from one virConnectGetAllDomainStats call.
/// A field the host did not report stays empty: it is never guessed.
struct DomainSample {
    QString domainName;
    qint64 atMs = 0;  ///< monotonic milliseconds when the call returned
    int vcpus = 0;
    std::optional<quint64> cpuTimeNs;
    std::optional<quint64> balloonCurrentKiB;  ///< memory the guest has
    std::optional<quint64> balloonRssKiB;      ///< resident on the host
    std::optional<quint64> guestAvailableKiB;  ///< the guest's own view (virtio balloon stats)
    std::optional<quint64> guestUsableKiB;
    int blockCount = 0;
    std::optional<quint64> blockReadBytes;  ///< summed over disks
    std::optional<quint64> blockWriteBytes;
    std::optional<quint64> blockAllocationBytes;
    std::optional<quint64> blockCapacityBytes;
    int netCount = 0;
    std::optional<quint64> netRxBytes;  ///< summed over interfaces
    std::optional<quint64> netTxBytes;
};

/// Which virConnectGetAllDomainStats groups a host accepts. The first call asks
/// for all of them (ENFORCE_STATS); only if the host refuses does each group get
/// asked alone, once, and a refused group is never asked for again.
struct StatsGroups {
    bool probed = false;
    unsigned int accepted = 0;  ///< libvirt's VIR_DOMAIN_STATS_* flags
    QStringList refused;  ///< "cpu", "balloon", "vcpu", "net", "block" the host said no to

    /// The host was asked and measures nothing: it refused every group but the domains' state.
    bool measuresNothing() const
    {
        if (!probed)
            return false;
        for (const char *group : {"cpu", "balloon", "vcpu", "net", "block"}) {
            if (!refused.contains(QLatin1StringView(group)))
                return false;
        }
        return true;
    }
};

/// What one bulk statistics call on a host returned, and what it cost its worker thread.
struct StatsCollection {
    QList<DomainSample> samples;
    StatsGroups groups;  ///< what the host accepts, learnt by this call
    QString error;       ///< why the call failed (then samples is empty)
    bool complete = true;  ///< every running domain was asked (false: only some were)
    qint64 cpuNs = 0;    ///< the worker thread's CPU time for the call and parsing its records
    qint64 wallNs = 0;
};

}  // namespace Atrium
