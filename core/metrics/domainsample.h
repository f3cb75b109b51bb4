#pragma once

#include <QString>

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

}  // namespace Atrium
