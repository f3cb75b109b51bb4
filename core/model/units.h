#pragma once

#include "error.h"

#include <QString>

#include <chrono>

namespace Atrium::Units {

/// "4 vCPU", "4 vCPUs", "4 cores", "4" → 4.
Result<int> parseCpus(const QString &field, const QString &text);

/// "8 GB", "8GB", "8 GiB", "16Gi", "512 MB", "1.5 TB" → MiB. Units are binary
/// (GB = GiB = 1024 MiB), as people mean them for VM memory and disks. A unit is
/// required: "16" alone is ambiguous and refused.
Result<qint64> parseMebibytes(const QString &field, const QString &text);

/// "30s", "30m", "1h", "24h", "7d", "1h30m" → seconds (positive).
Result<std::chrono::seconds> parseDuration(const QString &field, const QString &text);

QString formatCpus(int cpus);                 ///< "4 vCPU"
QString formatSize(qint64 mebibytes);         ///< "8 GB", "1536 MB"
QString formatKubernetesSize(qint64 mebibytes);  ///< "8Gi", "1536Mi"

}  // namespace Atrium::Units
