#include "metricshistory.h"

#include <cmath>
#include <limits>

namespace Atrium {

namespace {

// The series a stored point keeps, in the order of Packed::values.
constexpr std::optional<double> MetricPoint::*kSeries[] = {
    &MetricPoint::cpuPercent,  &MetricPoint::cpuCores, &MetricPoint::memoryUsedMb, &MetricPoint::memoryTotalMb,
    &MetricPoint::diskReadBps, &MetricPoint::diskWriteBps, &MetricPoint::netRxBps,  &MetricPoint::netTxBps,
};

// Offsets stay well inside qint32 milliseconds (24.8 days): past this, the base moves.
constexpr qint64 kRebaseAfterMs = qint64(1) << 30;  // ~12 days
// The offset of a point forgotten by rebase().
constexpr qint32 kForgotten = std::numeric_limits<qint32>::min();
// A workspace meets a handful of contexts; past this many, unused ones are dropped.
constexpr size_t kMaxContexts = 64;

}  // namespace

static_assert(MetricsHistory::bytesPerPoint() == 40, "a stored point is meant to stay small");

MetricsHistory::MetricsHistory(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

void MetricsHistory::append(const MetricPoint &point)
{
    const qint64 atMs = point.at.toMSecsSinceEpoch();
    if (m_points.empty())
        m_baseMs = atMs;
    else if (atMs - m_baseMs > kRebaseAfterMs || atMs - m_baseMs < -kRebaseAfterMs)
        rebase(atMs);

    Packed packed;
    packed.atOffsetMs = qint32(atMs - m_baseMs);
    static_assert(std::size(kSeries) == std::tuple_size_v<decltype(Packed::values)>);
    for (size_t i = 0; i < std::size(kSeries); ++i) {
        const std::optional<double> &v = point.*kSeries[i];
        packed.values[i] = v ? float(*v) : std::numeric_limits<float>::quiet_NaN();
    }
    packed.context = contextFor(point);
    m_latest = point;

    // The ring grows as points come (a workspace sampled for a minute holds a
    // minute, not an hour of empty slots), then overwrites its oldest point.
    if (int(m_points.size()) < m_capacity) {
        if (m_points.size() == m_points.capacity())  // double, but never past the ring's size
            m_points.reserve(std::min(size_t(m_capacity), std::max<size_t>(16, m_points.capacity() * 2)));
        m_points.push_back(packed);
    } else {
        m_points[size_t(m_next)] = packed;
        m_next = (m_next + 1) % m_capacity;
    }
}

quint16 MetricsHistory::contextFor(const MetricPoint &point)
{
    const Context wanted{point.unavailable, point.memorySource};
    // Most points share the newest point's context: look there first, then the rest.
    if (!m_points.empty()) {
        const quint16 newest = m_points[size_t(int(m_points.size()) < m_capacity ? m_points.size() - 1
                                                                                 : (m_next - 1 + m_capacity) % m_capacity)]
                                   .context;
        if (m_contexts[newest] == wanted)
            return newest;
    }
    for (size_t i = 0; i < m_contexts.size(); ++i) {
        if (m_contexts[i] == wanted)
            return quint16(i);
    }
    if (m_contexts.size() >= kMaxContexts)
        dropUnusedContexts();
    m_contexts.push_back(wanted);
    return quint16(m_contexts.size() - 1);
}

void MetricsHistory::dropUnusedContexts()
{
    std::vector<int> remap(m_contexts.size(), -1);
    std::vector<Context> kept;
    for (Packed &p : m_points) {
        int &to = remap[p.context];
        if (to < 0) {
            to = int(kept.size());
            kept.push_back(m_contexts[p.context]);
        }
        p.context = quint16(to);
    }
    m_contexts = std::move(kept);
}

void MetricsHistory::rebase(qint64 newBaseMs)
{
    // A ring spans an hour or so, unless its workspace stopped for weeks and runs again:
    // points too old to be placed around the new base are forgotten (no window reaches them).
    for (Packed &p : m_points) {
        const qint64 offset = p.atOffsetMs == kForgotten ? std::numeric_limits<qint64>::min()
                                                         : m_baseMs + p.atOffsetMs - newBaseMs;
        p.atOffsetMs = offset < -kRebaseAfterMs ? kForgotten : qint32(offset);
    }
    m_baseMs = newBaseMs;
}

MetricPoint MetricsHistory::unpack(const Packed &packed) const
{
    MetricPoint p;
    p.at = QDateTime::fromMSecsSinceEpoch(m_baseMs + packed.atOffsetMs, Qt::UTC);
    for (size_t i = 0; i < std::size(kSeries); ++i) {
        if (!std::isnan(packed.values[i]))
            p.*kSeries[i] = double(packed.values[i]);
    }
    const Context &context = m_contexts[packed.context];
    p.unavailable = context.unavailable;
    p.memorySource = context.memorySource;
    return p;
}

QList<MetricPoint> MetricsHistory::since(const QDateTime &since) const
{
    QList<MetricPoint> out;
    const int size = int(m_points.size());
    const int oldest = size < m_capacity ? 0 : m_next;
    const qint64 sinceMs = since.isValid() ? since.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    for (int i = 0; i < size; ++i) {
        const Packed &p = m_points.at(size_t((oldest + i) % size));
        if (p.atOffsetMs != kForgotten && m_baseMs + p.atOffsetMs >= sinceMs)
            out.append(i == size - 1 ? m_latest : unpack(p));  // the newest, whole
    }
    return out;
}

}  // namespace Atrium
