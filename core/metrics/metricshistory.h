#pragma once

#include "metricpoint.h"

#include <QList>

namespace Atrium {

/// A fixed-size ring of points: the last hour at full resolution. Appending
/// never allocates once the ring is full.
class MetricsHistory final {
public:
    explicit MetricsHistory(int capacity = 1800);

    void append(const MetricPoint &point);
    int size() const { return m_size; }
    int capacity() const { return int(m_points.size()); }
    bool isEmpty() const { return m_size == 0; }
    const MetricPoint &latest() const;
    /// Points at or after @p since, oldest first.
    QList<MetricPoint> since(const QDateTime &since) const;

private:
    QList<MetricPoint> m_points;
    int m_next = 0;
    int m_size = 0;
};

}  // namespace Atrium
