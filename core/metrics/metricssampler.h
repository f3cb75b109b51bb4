#pragma once

#include "metricshistory.h"
#include "model/domainsample.h"
#include "model/error.h"

#include "model/metricminute.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Atrium {

class HostRegistry;
class Store;

struct MetricsOptions {
    std::chrono::milliseconds interval{2000};
    int historyPoints = 1800;  ///< one hour at the default interval
    /// A host whose full sweep takes at most this share of the interval is swept whole every
    /// tick. A busier one (many running guests: libvirtd asks each QEMU in turn) has what the
    /// admin looks at (setFocus()) sampled every tick and the rest every fullSweepEvery ticks.
    double cheapSweepShare = 0.25;
    int fullSweepEvery = 5;  ///< 10 s at the default interval
};

/// What one tick cost Atrium, summed over the hosts it asked.
struct SamplerTickCost {
    int hosts = 0;
    int domains = 0;              ///< records the hosts returned
    qint64 collectCpuNs = 0;      ///< worker threads' CPU time: the bulk call and parsing its records
    qint64 collectWallNs = 0;     ///< worker threads' wall time (includes waiting for a daemon)
    qint64 mainCpuNs = 0;         ///< main thread's CPU time: starting the tick, minute rows, rates, history, signals
    qint64 wallNs = 0;            ///< from the tick's start until its last host was handled
    qint64 cpuNs() const { return collectCpuNs + mainCpuNs; }
};

/// Samples every connected host once per tick (one bulk stats call each, on
/// the host's worker thread), turns counters into rates, keeps each
/// workspace's last hour in memory and minute averages in the store. Charts
/// and the API read from here; nothing else asks libvirt for statistics.
class MetricsSampler final : public QObject {
    Q_OBJECT

public:
    /// Maps (host URI, domain name) to a workspace id; empty when not Atrium's.
    using Resolver = std::function<QString(const QString &hostUri, const QString &domainName)>;
    /// Maps a workspace id to its (host URI, domain name); nullopt when it has no domain.
    using Locator = std::function<std::optional<std::pair<QString, QString>>(const QString &workspaceId)>;

    MetricsSampler(HostRegistry &hosts, Store &store, Resolver resolver, MetricsOptions options = {},
                   QObject *parent = nullptr);
    ~MetricsSampler() override;

    void start();
    void stop();
    /// Samples now (tests, and the first tick).
    void tick();

    std::optional<MetricPoint> latest(const QString &workspaceId) const;
    /// Full resolution, from the ring (the last hour): points at or after @p since, oldest first.
    QList<MetricPoint> history(const QString &workspaceId, const QDateTime &since = {}) const;
    /// Downsampled: the store's minute averages since @p since, then the minute in progress.
    Result<QList<MetricMinute>> minutes(const QString &workspaceId, const QDateTime &since) const;
    /// Why a host gives no metrics at all ("" when it gives some).
    QString hostLimitation(const QString &hostUri) const;
    /// The statistics groups a host refused ("cpu", "balloon", "vcpu", "net", "block"); empty until it was asked.
    QStringList refusedGroups(const QString &hostUri) const;
    std::chrono::milliseconds interval() const { return m_options.interval; }

    /// How focus (workspace ids) finds domains; without one, every host is swept whole each tick.
    void setLocator(Locator locator) { m_locate = std::move(locator); }
    /// What the admin is looking at, by who says so ("catalog": the visible cards, "selection",
    /// "viewers": open consoles). Sampled every tick even on a host too busy to sweep whole.
    void setFocus(const QString &source, const QStringList &workspaceIds);
    /// Every focused workspace, whoever named it.
    QStringList focus() const;

    /// What the last completed tick cost (all zero before the first).
    SamplerTickCost lastTickCost() const { return m_lastCost; }
    int ticksCompleted() const { return m_ticks; }

Q_SIGNALS:
    void sampled(const QString &workspaceId, const Atrium::MetricPoint &point);
    void tickCompleted();

private:
    struct HostSampling {
        StatsGroups groups;
        bool inFlight = false;
        struct Previous {
            DomainSample sample;
            quint64 generation = 0;  ///< the handled result it came in
        };
        QHash<QString, Previous> previous;  ///< by domain name
        quint64 generation = 0;
        QString lastError;
        bool swept = false;           ///< a full sweep finished once
        qint64 lastSweepWallNs = 0;   ///< what the last full sweep took
        int ticksSinceSweep = 0;
    };
    struct Average {
        double sum = 0;
        int count = 0;
        void add(const std::optional<double> &value);
        std::optional<double> value() const;
    };
    struct MinuteAverage {
        QDateTime minute;
        Average cpu, memory, diskRead, diskWrite, netRx, netTx;
    };

    /// @p complete: every running domain was asked (else stopped domains are not pruned).
    void handle(const QString &uri, const Result<QList<DomainSample>> &samples, const StatsGroups &groups, bool complete);
    /// The domains of @p uri in focus (setFocus()).
    QStringList focusedDomains(const QString &uri) const;
    void accumulate(const QString &workspaceId, const MetricPoint &point, const QDateTime &minute);
    void flushMinutes(bool all);
    void forgetStaleHistories();

    HostRegistry &m_hosts;
    Store &m_store;
    Resolver m_resolver;
    Locator m_locate;
    QHash<QString, QStringList> m_focus;  ///< by source
    MetricsOptions m_options;
    QTimer m_timer;
    QHash<QString, HostSampling> m_hostStates;  ///< by URI
    QHash<QString, MetricsHistory> m_histories;
    QHash<QString, MinuteAverage> m_minutes;
    SamplerTickCost m_cost;      ///< of the tick in progress
    SamplerTickCost m_lastCost;  ///< of the last one completed
    QElapsedTimer m_tickClock;
    int m_ticks = 0;
    int m_pending = 0;
};

}  // namespace Atrium
