#include "metricssampler.h"

#include "providers/hostregistry.h"
#include "providers/libvirtworker.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace Atrium {

Q_LOGGING_CATEGORY(lcMetrics, "atrium.metrics")

namespace {

constexpr int kRetentionDays = 30;

struct TickResult {
    QList<DomainSample> samples;
    StatsGroups groups;
    QString error;
};

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
    flushMinutes(false);
    for (LibvirtHost *host : m_hosts.hosts()) {
        if (!host->isConnected())
            continue;
        HostSampling &state = m_hostStates[host->uri()];
        if (state.inFlight)
            continue;  // a slow host is skipped, never queued up
        state.inFlight = true;
        ++m_pending;
        const QString uri = host->uri();
        StatsGroups groups = state.groups;
        host->run<TickResult>([groups](LibvirtWorker &worker) mutable -> Result<TickResult> {
                TickResult result;
                auto samples = collectDomainStats(worker.connection(), groups);
                result.groups = groups;
                if (samples)
                    result.samples = *samples;
                else
                    result.error = samples.error().message;
                return result;
            })
            .then(this, [this, uri](const Result<TickResult> &result) {
                if (result)
                    handle(uri, result->error.isEmpty() ? Result<QList<DomainSample>>(result->samples)
                                                        : fail(ErrorCode::HypervisorFailed, result->error),
                           result->groups);
                if (auto it = m_hostStates.find(uri); it != m_hostStates.end())
                    it->inFlight = false;
                if (--m_pending == 0) {
                    ++m_ticks;
                    Q_EMIT tickCompleted();
                }
            });
    }
    if (m_pending == 0)  // no host to ask (none connected): the tick is over at once
        QMetaObject::invokeMethod(this, &MetricsSampler::tickCompleted, Qt::QueuedConnection);
}

void MetricsSampler::handle(const QString &uri, const Result<QList<DomainSample>> &samples, const StatsGroups &groups)
{
    QElapsedTimer timer;
    timer.start();
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
    QHash<QString, DomainSample> seen;
    for (const DomainSample &sample : *samples) {
        seen.insert(sample.domainName, sample);
        const QString workspaceId = m_resolver(uri, sample.domainName);
        if (workspaceId.isEmpty())
            continue;
        const auto previous = state.previous.constFind(sample.domainName);
        MetricPoint point = computePoint(sample, previous == state.previous.constEnd() ? std::nullopt
                                                                                     : std::optional<DomainSample>(*previous),
                                         now);
        const QString limitation = hostLimitation(uri);
        if (!limitation.isEmpty()) {
            for (const char *metric : {"cpu", "memory", "disk", "network"})
                point.unavailable.insert(QString::fromLatin1(metric), limitation);
        }
        auto history = m_histories.find(workspaceId);
        if (history == m_histories.end())
            history = m_histories.insert(workspaceId, MetricsHistory(m_options.historyPoints));
        history->append(point);
        accumulate(workspaceId, point);
        Q_EMIT sampled(workspaceId, point);
    }
    state.previous = std::move(seen);
    m_lastTickMicros = timer.nsecsElapsed() / 1000;
}

QString MetricsSampler::hostLimitation(const QString &uri) const
{
    const LibvirtHost *host = m_hosts.host(uri);
    if (host && host->isSimulated())
        return QStringLiteral("metrics unavailable: %1 is libvirt's simulator, which measures nothing").arg(uri);
    const auto it = m_hostStates.constFind(uri);
    if (it != m_hostStates.constEnd() && it->groups.probed
        && (it->groups.accepted & ~unsigned(VIR_DOMAIN_STATS_STATE)) == 0) {
        return QStringLiteral("metrics unavailable: %1 refuses every statistics group").arg(uri);
    }
    return {};
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

void MetricsSampler::accumulate(const QString &workspaceId, const MetricPoint &point)
{
    const QDateTime minute = minuteOf(point.at);
    if (auto it = m_minutes.constFind(workspaceId); it != m_minutes.constEnd() && it->minute != minute)
        flushMinutes(false);  // a new minute began: the finished ones go to the store
    MinuteAverage &m = m_minutes[workspaceId];
    if (m.minute != minute)
        m = MinuteAverage{minute, {}, {}, {}, {}, {}, {}};
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
