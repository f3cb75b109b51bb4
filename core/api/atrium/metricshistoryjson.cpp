#include "api/atrium/metricshistoryjson.h"

#include "api/http/isotime.h"

#include <QJsonArray>
#include <cmath>

namespace Atrium::Api::MetricsHistoryJson {

namespace {

using namespace std::chrono_literals;

/// One line of the history: its JSON name, the metric group whose reason covers it
/// (MetricPoint::unavailable's key) and how many decimals are worth sending.
struct Series {
    const char *name;
    const char *metric;
    int decimals;
    std::optional<double> (*fromPoint)(const MetricPoint &);
    std::optional<double> MetricMinute::*fromMinute;
};

const Series kSeries[] = {
    {"cpu_percent", "cpu", 2, [](const MetricPoint &p) { return p.cpuPercent; }, &MetricMinute::cpuPercent},
    {"memory_used_mb", "memory", 1, [](const MetricPoint &p) { return p.memoryUsedMb; }, &MetricMinute::memoryUsedMb},
    {"disk_read_bps", "disk", 0, [](const MetricPoint &p) { return p.diskReadBps; }, &MetricMinute::diskReadBps},
    {"disk_write_bps", "disk", 0, [](const MetricPoint &p) { return p.diskWriteBps; }, &MetricMinute::diskWriteBps},
    {"net_rx_bps", "network", 0, [](const MetricPoint &p) { return p.netRxBps; }, &MetricMinute::netRxBps},
    {"net_tx_bps", "network", 0, [](const MetricPoint &p) { return p.netTxBps; }, &MetricMinute::netTxBps},
};

QJsonValue number(const std::optional<double> &v, int decimals)
{
    if (!v)
        return QJsonValue(QJsonValue::Null);
    const double scale = std::pow(10.0, decimals);
    return std::round(*v * scale) / scale;
}

/// A value counts only when the sampler gives no reason against it (as the console's charts do).
std::optional<double> valueOf(const Series &series, const MetricPoint &p)
{
    return p.unavailable.contains(QLatin1StringView(series.metric)) ? std::nullopt : series.fromPoint(p);
}

/// Series with no value anywhere in the window, each with the most specific reason known.
QJsonArray unavailableList(const Workspace &w, const QList<bool> &seen, const std::optional<MetricPoint> &newestInWindow,
                           bool anyPoint, const Context &context)
{
    QJsonArray list;
    for (qsizetype i = 0; i < std::ssize(kSeries); ++i) {
        if (seen.at(i))
            continue;
        const QString metric = QString::fromLatin1(kSeries[i].metric);
        QString reason = context.whyNone;
        if (reason.isEmpty() && newestInWindow)
            reason = newestInWindow->unavailable.value(metric);
        if (reason.isEmpty() && context.latest)
            reason = context.latest->unavailable.value(metric);
        if (reason.isEmpty())
            reason = !w.isActive() && !anyPoint ? QStringLiteral("the workspace is not running")
                   : anyPoint                   ? QStringLiteral("no value was measured in this window")
                                                : QStringLiteral("no sample in this window yet");
        list.append(QJsonObject{{QStringLiteral("series"), QString::fromLatin1(kSeries[i].name)},
                                {QStringLiteral("metric"), metric},
                                {QStringLiteral("reason"), reason}});
    }
    return list;
}

QJsonObject document(const Workspace &w, const Window &window, const QDateTime &now, double intervalSeconds, QJsonArray points,
                     QJsonArray unavailable)
{
    QJsonArray names;
    for (const Series &s : kSeries)
        names.append(QString::fromLatin1(s.name));
    return {
        {QStringLiteral("workspace_id"), w.id},
        {QStringLiteral("window"), window.name},
        {QStringLiteral("resolution"), window.fullResolution ? QStringLiteral("full") : QStringLiteral("minute")},
        {QStringLiteral("interval_seconds"), intervalSeconds},
        {QStringLiteral("from"), isoTime(now.addSecs(-window.span.count()))},
        {QStringLiteral("to"), isoTime(now)},
        {QStringLiteral("series"), names},
        {QStringLiteral("points"), points},
        {QStringLiteral("unavailable"), unavailable},
    };
}

}  // namespace

std::optional<Window> windowNamed(const QString &name)
{
    static const Window windows[] = {
        {QStringLiteral("15m"), 15min, true},
        {QStringLiteral("1h"), 1h, true},
        {QStringLiteral("24h"), 24h, false},
        {QStringLiteral("7d"), std::chrono::hours(24 * 7), false},
    };
    for (const Window &w : windows) {
        if (w.name == name)
            return w;
    }
    return std::nullopt;
}

QStringList windowNames()
{
    return {QStringLiteral("15m"), QStringLiteral("1h"), QStringLiteral("24h"), QStringLiteral("7d")};
}

QJsonObject fullResolution(const Workspace &w, const Window &window, const QDateTime &now, std::chrono::milliseconds interval,
                           const QList<MetricPoint> &points, const Context &context)
{
    QJsonArray array;
    QList<bool> seen(std::ssize(kSeries), false);
    for (const MetricPoint &p : points) {
        QJsonObject point{{QStringLiteral("at"), isoTime(p.at)}};
        for (qsizetype i = 0; i < std::ssize(kSeries); ++i) {
            const auto v = valueOf(kSeries[i], p);
            seen[i] = seen.at(i) || v.has_value();
            point.insert(QLatin1StringView(kSeries[i].name), number(v, kSeries[i].decimals));
        }
        array.append(point);
    }
    const std::optional<MetricPoint> newest = points.isEmpty() ? std::nullopt : std::optional<MetricPoint>(points.last());
    return document(w, window, now, double(interval.count()) / 1000.0, array,
                    unavailableList(w, seen, newest, !points.isEmpty(), context));
}

QJsonObject downsampled(const Workspace &w, const Window &window, const QDateTime &now, const QList<MetricMinute> &minutes,
                        const Context &context)
{
    QJsonArray array;
    QList<bool> seen(std::ssize(kSeries), false);
    for (const MetricMinute &m : minutes) {
        QJsonObject point{{QStringLiteral("at"), isoTime(m.minute)}, {QStringLiteral("samples"), m.samples}};
        for (qsizetype i = 0; i < std::ssize(kSeries); ++i) {
            const std::optional<double> &v = m.*(kSeries[i].fromMinute);
            seen[i] = seen.at(i) || v.has_value();
            point.insert(QLatin1StringView(kSeries[i].name), number(v, kSeries[i].decimals));
        }
        array.append(point);
    }
    return document(w, window, now, 60, array, unavailableList(w, seen, std::nullopt, !minutes.isEmpty(), context));
}

}  // namespace Atrium::Api::MetricsHistoryJson
