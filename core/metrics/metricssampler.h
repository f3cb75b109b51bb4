#pragma once

#include "metricshistory.h"
#include "statscollector.h"

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

    MetricsSampler(HostRegistry &hosts, Store &store, Resolver resolver, MetricsOptions options = {},
                   QObject *parent = nullptr);
    ~MetricsSampler() override;

    void start();
    void stop();
    /// Samples now (tests, and the first tick).
    void tick();

    std::optional<MetricPoint> latest(const QString &workspaceId) const;
    QList<MetricPoint> history(const QString &workspaceId, const QDateTime &since = {}) const;
    /// Why a host gives no metrics at all ("" when it gives some).
    QString hostLimitation(const QString &hostUri) const;

    /// Wall-clock CPU time spent on the main thread handling the last tick's results (µs).
    qint64 lastTickMainThreadMicros() const { return m_lastTickMicros; }
    int ticksCompleted() const { return m_ticks; }

Q_SIGNALS:
    void sampled(const QString &workspaceId, const Atrium::MetricPoint &point);
    void tickCompleted();

private:
    struct HostSampling {
        StatsGroups groups;
        bool inFlight = false;
        QHash<QString, DomainSample> previous;  ///< by domain name
        QString lastError;
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

    void handle(const QString &uri, const Result<QList<DomainSample>> &samples, const StatsGroups &groups);
    void accumulate(const QString &workspaceId, const MetricPoint &point);
    void flushMinutes(bool all);

    HostRegistry &m_hosts;
    Store &m_store;
    Resolver m_resolver;
    MetricsOptions m_options;
    QTimer m_timer;
    QHash<QString, HostSampling> m_hostStates;  ///< by URI
    QHash<QString, MetricsHistory> m_histories;
    QHash<QString, MinuteAverage> m_minutes;
    qint64 m_lastTickMicros = 0;
    int m_ticks = 0;
    int m_pending = 0;
};

}  // namespace Atrium
