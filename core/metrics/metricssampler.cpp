#include "metricssampler.h"

#include "base/continuation.h"
#include "base/threadcputime.h"
#include "providers/hostregistry.h"
#include "providers/libvirthost.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QSet>
#include <QLoggingCategory>

namespace Atrium {

Q_LOGGING_CATEGORY(lcMetrics, "atrium.metrics")

namespace {

constexpr int kRetentionDays = 30;

QDateTime minuteOf(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), utc.time().minute()), Qt::UTC);
}

}  // namespace

MetricsSampler::MetricsSampler(HostRegistry &hosts, Store &store, Resolver resolver, MetricsOptions options,
                               QObject *parent)
    : QObject(parent)
    , m_hosts(hosts)
    , m_store(store)
    , m_resolver(std::move(resolver))
    , m_options(options)
{
    m_timer.setInterval(m_options.interval);
    connect(&m_timer, &QTimer::timeout, this, &MetricsSampler::tick);
    connect(&m_hosts, &HostRegistry::hostRemoved, this, [this](const QString &uri) { m_hostStates.remove(uri); });
    connect(&m_hosts, &HostRegistry::hostChanged, this, [this](const HostInfo &info) {
        // A reconnected host may be another daemon: learn its stat groups again.
        if (info.state != HostState::Connected)
            m_hostStates.remove(info.uri);
    });
}

MetricsSampler::~MetricsSampler()
{
    flushMinutes(true);
}

void MetricsSampler::start()
{
    m_timer.start();
    tick();
}

void MetricsSampler::stop()
{
    m_timer.stop();
    flushMinutes(true);
}

void MetricsSampler::tick()
{
    const qint64 cpuBefore = threadCpuTimeNs();
    flushMinutes(false);
    if (m_ticks % 30 == 0)
        forgetStaleHistories();
    if (m_pending == 0) {
        m_cost = {};
        m_tickClock.start();
    }
    for (LibvirtHost *host : m_hosts.hosts()) {
        if (!host->isConnected())
            continue;
        HostSampling &state = m_hostStates[host->uri()];
        if (state.inFlight)
            continue;  // a slow host is skipped, never queued up
        const QString uri = host->uri();
        // A busy host: what the admin looks at every tick, the rest every fullSweepEvery ticks.
        const bool busy = state.swept && m_locate
            && double(state.lastSweepWallNs) > m_options.cheapSweepShare * double(std::chrono::nanoseconds(m_options.interval).count());
        std::optional<QStringList> only;
        if (busy && state.ticksSinceSweep + 1 < m_options.fullSweepEvery) {
            only = focusedDomains(uri);
            if (only->isEmpty()) {
                ++state.ticksSinceSweep;
                continue;
            }
        }
        state.inFlight = true;
        ++m_pending;
        auto collecting = host->collectStats(state.groups, only);
        continueOn(collecting, this, [this, uri](const Result<StatsCollection> &result) {
            const qint64 cpuBefore = threadCpuTimeNs();
            if (result) {
                ++m_cost.hosts;
                m_cost.domains += int(result->samples.size());
                m_cost.collectCpuNs += result->cpuNs;
                m_cost.collectWallNs += result->wallNs;
                handle(uri, result->error.isEmpty() ? Result<QList<DomainSample>>(result->samples)
                                                    : fail(ErrorCode::HypervisorFailed, result->error),
                       result->groups, result->complete);
            }
            if (auto it = m_hostStates.find(uri); it != m_hostStates.end()) {
                it->inFlight = false;
                if (result && result->complete && result->error.isEmpty()) {
                    it->swept = true;
                    it->lastSweepWallNs = result->wallNs;
                    it->ticksSinceSweep = 0;
                } else {
                    ++it->ticksSinceSweep;
                }
            }
            m_cost.mainCpuNs += threadCpuTimeNs() - cpuBefore;
            if (--m_pending == 0) {
                ++m_ticks;
                m_cost.wallNs = m_tickClock.nsecsElapsed();
                m_lastCost = m_cost;
                Q_EMIT tickCompleted();
            }
        });
    }
    m_cost.mainCpuNs += threadCpuTimeNs() - cpuBefore;
    if (m_pending == 0)  // no host to ask (none connected): the tick is over at once
        QMetaObject::invokeMethod(this, &MetricsSampler::tickCompleted, Qt::QueuedConnection);
}

void MetricsSampler::handle(const QString &uri, const Result<QList<DomainSample>> &samples, const StatsGroups &groups,
                            bool complete)
{
    auto it = m_hostStates.find(uri);
    if (it == m_hostStates.end())
        return;
    HostSampling &state = *it;
    if (!state.groups.probed && groups.probed && !groups.refused.isEmpty())
        qCInfo(lcMetrics).noquote() << uri << "refuses statistics groups:" << groups.refused.join(QStringLiteral(", "));
    state.groups = groups;
    if (!samples) {
        state.lastError = samples.error().message;
        return;
    }
    state.lastError.clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime minute = minuteOf(now);
    const QString limitation = hostLimitation(uri);
    // Each domain's previous sample is updated in place: with a thousand domains,
    // rebuilding the table every tick cost more than the rates themselves.
    const quint64 generation = ++state.generation;
    for (const DomainSample &sample : *samples) {
        auto previous = state.previous.find(sample.domainName);
        const QString workspaceId = m_resolver(uri, sample.domainName);
        if (!workspaceId.isEmpty()) {
            MetricPoint point = computePoint(sample, previous == state.previous.end() ? nullptr : &previous->sample, now,
                                             state.groups.refused, limitation);
            auto history = m_histories.find(workspaceId);
            if (history == m_histories.end())
                history = m_histories.insert(workspaceId, MetricsHistory(m_options.historyPoints));
            history->append(point);
            accumulate(workspaceId, point, minute);
            Q_EMIT sampled(workspaceId, point);
        }
        if (previous == state.previous.end())
            state.previous.insert(sample.domainName, {sample, generation});
        else
            *previous = {sample, generation};
    }
    if (complete && state.previous.size() != samples->size())  // some domains stopped or went away
        state.previous.removeIf([generation](const auto &entry) { return entry.value().generation != generation; });
}

void MetricsSampler::setFocus(const QString &source, const QStringList &workspaceIds)
{
    if (workspaceIds.isEmpty())
        m_focus.remove(source);
    else
        m_focus.insert(source, workspaceIds);
}

QStringList MetricsSampler::focus() const
{
    QSet<QString> all;
    for (const QStringList &ids : m_focus) {
        for (const QString &id : ids)
            all.insert(id);
    }
    return all.values();
}

QStringList MetricsSampler::focusedDomains(const QString &uri) const
{
    QStringList names;
    if (!m_locate)
        return names;
    for (const QString &id : focus()) {
        const auto located = m_locate(id);
        if (located && located->first == uri && !located->second.isEmpty())
            names << located->second;
    }
    return names;
}

QString MetricsSampler::hostLimitation(const QString &uri) const
{
    const LibvirtHost *host = m_hosts.host(uri);
    if (host && host->isSimulated())
        return QStringLiteral("metrics unavailable: %1 is libvirt's simulator, which measures nothing").arg(uri);
    const auto it = m_hostStates.constFind(uri);
    if (it != m_hostStates.constEnd() && it->groups.measuresNothing()) {
        return QStringLiteral("metrics unavailable: %1 refuses every statistics group").arg(uri);
    }
    return {};
}

QStringList MetricsSampler::refusedGroups(const QString &uri) const
{
    const auto it = m_hostStates.constFind(uri);
    return it == m_hostStates.constEnd() ? QStringList{} : it->groups.refused;
}

std::optional<MetricPoint> MetricsSampler::latest(const QString &workspaceId) const
{
    const auto it = m_histories.constFind(workspaceId);
    if (it == m_histories.constEnd() || it->isEmpty())
        return std::nullopt;
    return it->latest();
}

QList<MetricPoint> MetricsSampler::history(const QString &workspaceId, const QDateTime &since) const
{
    const auto it = m_histories.constFind(workspaceId);
    return it == m_histories.constEnd() ? QList<MetricPoint>{} : it->since(since);
}

Result<QList<MetricMinute>> MetricsSampler::minutes(const QString &workspaceId, const QDateTime &since) const
{
    auto rows = m_store.metricMinutes(workspaceId, minuteOf(since));
    if (!rows)
        return rows;
    if (const auto it = m_minutes.constFind(workspaceId); it != m_minutes.constEnd()) {
        const MinuteAverage &m = *it;
        const int samples = std::max({m.cpu.count, m.memory.count, m.diskRead.count, m.netRx.count});
        if (samples > 0 && (rows->isEmpty() || rows->last().minute < m.minute)) {
            rows->append(MetricMinute{workspaceId, m.minute, m.cpu.value(), m.memory.value(), m.diskRead.value(),
                                      m.diskWrite.value(), m.netRx.value(), m.netTx.value(), samples});
        }
    }
    return rows;
}

void MetricsSampler::forgetStaleHistories()
{
    // A workspace that has not been sampled for longer than its ring spans (stopped,
    // deleted) has no last hour left to show: its ring goes, the store keeps the minutes.
    const qint64 spanMs = qint64(m_options.historyPoints) * m_options.interval.count();
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addMSecs(-spanMs);
    m_histories.removeIf([&cutoff](const auto &entry) { return entry.value().isEmpty() || entry.value().latest().at < cutoff; });
}

void MetricsSampler::Average::add(const std::optional<double> &v)
{
    if (v) {
        sum += *v;
        ++count;
    }
}

std::optional<double> MetricsSampler::Average::value() const
{
    return count > 0 ? std::optional<double>(sum / count) : std::nullopt;
}

void MetricsSampler::accumulate(const QString &workspaceId, const MetricPoint &point, const QDateTime &minute)
{
    auto it = m_minutes.find(workspaceId);
    if (it != m_minutes.end() && it->minute != minute) {
        flushMinutes(false);  // a new minute began: the finished ones go to the store
        it = m_minutes.find(workspaceId);
    }
    if (it == m_minutes.end())
        it = m_minutes.insert(workspaceId, MinuteAverage{minute, {}, {}, {}, {}, {}, {}});
    MinuteAverage &m = *it;
    m.cpu.add(point.cpuPercent);
    m.memory.add(point.memoryUsedMb);
    m.diskRead.add(point.diskReadBps);
    m.diskWrite.add(point.diskWriteBps);
    m.netRx.add(point.netRxBps);
    m.netTx.add(point.netTxBps);
}

void MetricsSampler::flushMinutes(bool all)
{
    const QDateTime current = minuteOf(QDateTime::currentDateTimeUtc());
    QList<MetricMinute> done;
    for (auto it = m_minutes.begin(); it != m_minutes.end();) {
        const MinuteAverage &m = *it;
        if (!all && m.minute >= current) {
            ++it;
            continue;
        }
        const int samples = std::max({m.cpu.count, m.memory.count, m.diskRead.count, m.netRx.count});
        if (samples > 0) {
            done.append(MetricMinute{it.key(), m.minute, m.cpu.value(), m.memory.value(), m.diskRead.value(),
                                     m.diskWrite.value(), m.netRx.value(), m.netTx.value(), samples});
        }
        it = m_minutes.erase(it);
    }
    if (done.isEmpty())
        return;
    if (auto ok = m_store.appendMetricMinutes(done, current.addDays(-kRetentionDays)); !ok)
        qCWarning(lcMetrics).noquote() << "cannot keep metrics history:" << ok.error().message;
}

}  // namespace Atrium
