#include "metricshistory.h"

namespace Atrium {

MetricsHistory::MetricsHistory(int capacity)
{
    m_points.resize(std::max(1, capacity));
}

void MetricsHistory::append(const MetricPoint &point)
{
    m_points[m_next] = point;
    m_next = (m_next + 1) % int(m_points.size());
    m_size = std::min(m_size + 1, int(m_points.size()));
}

const MetricPoint &MetricsHistory::latest() const
{
    return m_points.at((m_next - 1 + int(m_points.size())) % int(m_points.size()));
}

QList<MetricPoint> MetricsHistory::since(const QDateTime &since) const
{
    QList<MetricPoint> out;
    const int cap = int(m_points.size());
    for (int i = 0; i < m_size; ++i) {
        const MetricPoint &p = m_points.at((m_next - m_size + i + cap) % cap);
        if (!since.isValid() || p.at >= since)
            out.append(p);
    }
    return out;
}

}  // namespace Atrium
