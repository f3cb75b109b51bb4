#include "metricshistory.h"

#include <cmath>
#include <limits>

namespace Atrium {

namespace {

enum Flag : quint8 { HasRxTotal = 1, HasTxTotal = 2, GuestMemory = 4, HostMemory = 8 };

// The order of Packed::values.
constexpr std::optional<double> MetricPoint::*kValues[] = {
    &MetricPoint::cpuPercent,  &MetricPoint::cpuCores,     &MetricPoint::memoryUsedMb, &MetricPoint::memoryTotalMb,
    &MetricPoint::diskReadBps, &MetricPoint::diskWriteBps, &MetricPoint::diskUsedMb,   &MetricPoint::diskTotalMb,
    &MetricPoint::netRxBps,    &MetricPoint::netTxBps,
};

}  // namespace

MetricsHistory::MetricsHistory(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

MetricsHistory::Packed MetricsHistory::pack(const MetricPoint &p)
{
    Packed packed;
    packed.atMs = p.at.toMSecsSinceEpoch();
    static_assert(std::size(kValues) == std::tuple_size_v<decltype(Packed::values)>);
    for (size_t i = 0; i < std::size(kValues); ++i) {
        const std::optional<double> &v = p.*kValues[i];
        packed.values[i] = v ? float(*v) : std::numeric_limits<float>::quiet_NaN();
    }
    if (p.netRxTotalBytes) {
        packed.netRxTotalBytes = *p.netRxTotalBytes;
        packed.flags |= HasRxTotal;
    }
    if (p.netTxTotalBytes) {
        packed.netTxTotalBytes = *p.netTxTotalBytes;
        packed.flags |= HasTxTotal;
    }
    if (p.memorySource == u"guest")
        packed.flags |= GuestMemory;
    else if (p.memorySource == u"host")
        packed.flags |= HostMemory;
    packed.unavailable = p.unavailable;
    return packed;
}

MetricPoint MetricsHistory::unpack(const Packed &packed)
{
    static const QString guest = QStringLiteral("guest"), host = QStringLiteral("host");
    MetricPoint p;
    p.at = QDateTime::fromMSecsSinceEpoch(packed.atMs, Qt::UTC);
    for (size_t i = 0; i < std::size(kValues); ++i) {
        if (!std::isnan(packed.values[i]))
            p.*kValues[i] = double(packed.values[i]);
    }
    if (packed.flags & HasRxTotal)
        p.netRxTotalBytes = packed.netRxTotalBytes;
    if (packed.flags & HasTxTotal)
        p.netTxTotalBytes = packed.netTxTotalBytes;
    if (packed.flags & GuestMemory)
        p.memorySource = guest;
    else if (packed.flags & HostMemory)
        p.memorySource = host;
    p.unavailable = packed.unavailable;
    return p;
}

void MetricsHistory::append(const MetricPoint &point)
{
    Packed packed = pack(point);
    // A workspace's reasons (metrics "unavailable" and why) rarely change from one point
    // to the next: share the newest point's hash (implicitly shared) rather than keep a copy per point.
    if (!m_points.empty() && newest().unavailable == packed.unavailable)
        packed.unavailable = newest().unavailable;
    // The ring grows as points come (a workspace sampled for a minute holds a
    // minute, not an hour of empty slots), then overwrites its oldest point.
    if (int(m_points.size()) < m_capacity) {
        if (m_points.size() == m_points.capacity())  // double, but never past the ring's size
            m_points.reserve(std::min(size_t(m_capacity), std::max<size_t>(16, m_points.capacity() * 2)));
        m_points.push_back(std::move(packed));
    } else {
        m_points[size_t(m_next)] = std::move(packed);
        m_next = (m_next + 1) % m_capacity;
    }
}

const MetricsHistory::Packed &MetricsHistory::newest() const
{
    return int(m_points.size()) < m_capacity ? m_points.back() : m_points.at(size_t((m_next - 1 + m_capacity) % m_capacity));
}

MetricPoint MetricsHistory::latest() const
{
    return unpack(newest());
}

QList<MetricPoint> MetricsHistory::since(const QDateTime &since) const
{
    QList<MetricPoint> out;
    const int size = int(m_points.size());
    const int oldest = size < m_capacity ? 0 : m_next;
    const qint64 sinceMs = since.isValid() ? since.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    for (int i = 0; i < size; ++i) {
        const Packed &p = m_points.at(size_t((oldest + i) % size));
        if (p.atMs >= sinceMs)
            out.append(unpack(p));
    }
    return out;
}

}  // namespace Atrium
