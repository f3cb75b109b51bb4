#pragma once

#include "metricpoint.h"

#include <QList>

#include <array>
#include <vector>

namespace Atrium {

/// A ring of points: the last hour at full resolution. It grows up to its
/// capacity, then appending never allocates: the oldest point is overwritten.
/// A thousand running workspaces hold 1.8 million points, so each is packed
/// into 40 bytes (a MetricPoint is ~240): the charted series as floats, the
/// time as an offset, and what rarely changes (the reasons a metric is
/// unavailable, where memory was measured) in a small table of contexts.
/// Older points keep what the charts and the history API draw; the newest
/// keeps everything (counter totals, disk allocation).
class MetricsHistory final {
public:
    explicit MetricsHistory(int capacity = 1800);

    void append(const MetricPoint &point);
    int size() const { return int(m_points.size()); }
    int capacity() const { return m_capacity; }
    bool isEmpty() const { return m_points.empty(); }
    /// The newest point, as it was appended.
    MetricPoint latest() const { return m_latest; }
    /// Points at or after @p since, oldest first.
    QList<MetricPoint> since(const QDateTime &since) const;
    /// Bytes one stored point takes (for the record: benchmarks print it).
    static constexpr size_t bytesPerPoint();

private:
    struct Packed {
        qint32 atOffsetMs = 0;           ///< from m_baseMs
        std::array<float, 8> values{};   ///< the charted series (and vCPU cores); NaN: no value
        quint16 context = 0;             ///< index into m_contexts
    };
    struct Context {
        QHash<QString, QString> unavailable;
        QString memorySource;
        bool operator==(const Context &) const = default;
    };
    quint16 contextFor(const MetricPoint &point);
    void dropUnusedContexts();
    void rebase(qint64 newBaseMs);
    MetricPoint unpack(const Packed &packed) const;

    std::vector<Packed> m_points;
    std::vector<Context> m_contexts;
    MetricPoint m_latest;
    qint64 m_baseMs = 0;
    int m_capacity;
    int m_next = 0;  ///< once full: the oldest point, overwritten next
};

constexpr size_t MetricsHistory::bytesPerPoint()
{
    return sizeof(Packed);
}

}  // namespace Atrium
