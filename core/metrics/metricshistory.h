#pragma once

#include "metricpoint.h"

#include <QList>

#include <array>
#include <vector>

namespace Atrium {

/// A ring of points: the last hour at full resolution. It grows up to its
/// capacity, then appending never allocates: the oldest point is overwritten.
/// Points are kept packed (~80 bytes instead of a MetricPoint's ~240, values as
/// floats): a thousand running workspaces hold 1.8 million of them.
class MetricsHistory final {
public:
    explicit MetricsHistory(int capacity = 1800);

    void append(const MetricPoint &point);
    int size() const { return int(m_points.size()); }
    int capacity() const { return m_capacity; }
    bool isEmpty() const { return m_points.empty(); }
    MetricPoint latest() const;
    /// Points at or after @p since, oldest first.
    QList<MetricPoint> since(const QDateTime &since) const;

private:
    struct Packed {
        qint64 atMs = 0;
        std::array<float, 10> values{};  ///< NaN: no value
        quint64 netRxTotalBytes = 0;
        quint64 netTxTotalBytes = 0;
        QHash<QString, QString> unavailable;  ///< shared with the previous point when the same
        quint8 flags = 0;
    };
    static Packed pack(const MetricPoint &point);
    static MetricPoint unpack(const Packed &packed);
    const Packed &newest() const;

    std::vector<Packed> m_points;
    int m_capacity;
    int m_next = 0;  ///< once full: the oldest point, overwritten next
};

}  // namespace Atrium
