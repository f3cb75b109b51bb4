#pragma once

#include "changeset.h"
#include "model/error.h"
#include "model/host.h"
#include "model/metricminute.h"

#include <QString>

#include <memory>
#include <optional>

class QSqlDatabase;

namespace Atrium {

/// Atrium's SQLite database (WAL, foreign keys on, schema versioned with
/// PRAGMA user_version). Reads are free functions of state; every write goes
/// through apply(), one transaction per engine mutation.
class Store final {
public:
    /// Opens (creating and migrating as needed) the database at @p path.
    static Result<std::unique_ptr<Store>> open(const QString &path);
    ~Store();

    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// The schema version this build writes.
    static int latestSchemaVersion();
    int schemaVersion() const;
    QString path() const { return m_path; }

    /// True when this open created the database (the catalog was never seeded).
    bool wasCreated() const { return m_created; }

    /// Writes a change set atomically. On failure nothing is written.
    Result<void> apply(const ChangeSet &changes);

    Result<QList<Workspace>> workspaces() const;
    Result<QList<Session>> sessions(const SessionQuery &query) const;
    Result<std::optional<Session>> session(const QString &id) const;
    Result<QList<AuditEntry>> audit(const AuditQuery &query) const;
    Result<int> auditCount(const AuditQuery &query) const;
    Result<QList<WorkspaceEvent>> events(const QString &workspaceId, std::optional<WorkspaceEvent::Kind> kind,
                                         int limit) const;

    Result<QList<Identity>> identities() const;
    Result<std::optional<Identity>> identity(const QString &id) const;
    Result<std::optional<Identity>> identityByEmail(const QString &email) const;
    Result<QList<ApiToken>> tokens() const;
    Result<std::optional<ApiToken>> tokenById(const QString &id) const;
    Result<std::optional<ApiToken>> tokenBySecretHash(const QByteArray &hash) const;
    Result<void> touchToken(const QString &id, const QDateTime &when);

    Result<QStringList> hosts() const;
    /// Every host's remembered settings (also of hosts no longer in hosts()).
    Result<QList<HostSettings>> hostSettings() const;

    /// Appends minute averages (metrics are observations, not engine
    /// mutations) and forgets those older than @p keepSince.
    Result<void> appendMetricMinutes(const QList<MetricMinute> &minutes, const QDateTime &keepSince);
    Result<QList<MetricMinute>> metricMinutes(const QString &workspaceId, const QDateTime &since) const;

    /// Changes whenever another connection (another process) commits: a
    /// cheap way for caches to know they are stale.
    qint64 dataVersion() const;

private:
    Store(QString connectionName, QString path);
    Result<void> migrate();

    QSqlDatabase db() const;

    QString m_connectionName;
    QString m_path;
    bool m_created = false;
};

}  // namespace Atrium
