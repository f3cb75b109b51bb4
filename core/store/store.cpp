#include "store.h"

#include "migrations.h"
#include "sqlrows.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Atrium {

namespace {

Error sqlError(const QString &what, const QSqlError &error)
{
    return Error{ErrorCode::StoreFailed, QStringLiteral("%1: %2").arg(what, error.text())};
}

/// Prepares, binds positionally and executes; returns the query or an error.
Result<QSqlQuery> run(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(sqlError(QStringLiteral("cannot prepare a statement"), q.lastError()));
    for (const QVariant &v : values) {
        // A null QString would bind as SQL NULL; Atrium's text columns hold ''.
        // Deliberate NULLs are SqlRows::sqlNull().
        if (v.metaType() == QMetaType::fromType<QString>() && v.toString().isNull())
            q.addBindValue(QStringLiteral(""));
        else
            q.addBindValue(v);
    }
    if (!q.exec())
        return fail(sqlError(QStringLiteral("a statement failed"), q.lastError()));
    return q;
}

/// INSERT … ON CONFLICT DO UPDATE: updates in place, so rows that reference
/// this one (ON DELETE CASCADE) survive, unlike INSERT OR REPLACE.
Result<void> upsert(const QSqlDatabase &db, QLatin1StringView table, const SqlRows::Columns &columns)
{
    QStringList names;
    QStringList placeholders;
    QStringList updates;
    QVariantList values;
    const QLatin1StringView key = columns.first().first;
    for (const auto &[name, value] : columns) {
        names << QString(name);
        placeholders << QStringLiteral("?");
        values << value;
        if (name != key)
            updates << QStringLiteral("%1 = excluded.%1").arg(name);
    }
    const QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT(%4) DO UPDATE SET %5")
                            .arg(table, names.join(u','), placeholders.join(u','), QString(key), updates.join(u','));
    auto q = run(db, sql, values);
    if (!q)
        return fail(q.error());
    return {};
}

template <typename T, typename Reader>
Result<QList<T>> readAll(const QSqlDatabase &db, const QString &sql, const QVariantList &values, Reader reader,
                         qsizetype expectedRows = 0)
{
    auto q = run(db, sql, values);
    if (!q)
        return fail(q.error());
    QList<T> rows;
    rows.reserve(expectedRows);
    const QStringList columns = SqlRows::columnNames(*q);
    while (q->next())
        rows.append(reader(SqlRows::Row(*q, columns)));
    return rows;
}

template <typename T, typename Reader>
Result<std::optional<T>> readOne(const QSqlDatabase &db, const QString &sql, const QVariantList &values, Reader reader)
{
    auto rows = readAll<T>(db, sql, values, reader);
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty())
        return std::optional<T>{};
    return std::optional<T>{rows->first()};
}

/// WHERE clause and values for an audit filter.
std::pair<QString, QVariantList> auditWhere(const AuditQuery &query)
{
    QStringList clauses;
    QVariantList values;
    if (!query.action.isEmpty()) {
        clauses << QStringLiteral("action = ?");
        values << query.action;
    }
    if (!query.actor.isEmpty()) {
        clauses << QStringLiteral("(actor_id = ? OR actor_email = ? COLLATE NOCASE)");
        values << query.actor << query.actor;
    }
    if (!query.target.isEmpty()) {
        clauses << QStringLiteral("target = ?");
        values << query.target;
    }
    if (query.since.isValid()) {
        clauses << QStringLiteral("at >= ?");
        values << SqlRows::timeToDb(query.since);
    }
    if (query.until.isValid()) {
        clauses << QStringLiteral("at < ?");
        values << SqlRows::timeToDb(query.until);
    }
    const QString where = clauses.isEmpty() ? QString() : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
    return {where, values};
}

}  // namespace

bool ChangeSet::isEmpty() const
{
    return !deleteAllWorkspaces && deletedWorkspaces.isEmpty() && workspaces.isEmpty() && sessions.isEmpty()
        && identities.isEmpty() && tokens.isEmpty() && addedHosts.isEmpty() && removedHosts.isEmpty()
        && hostSettings.isEmpty()
        && events.isEmpty() && audit.isEmpty();
}

Store::Store(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
{
}

Store::~Store()
{
    {
        QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
        if (database.isOpen())
            database.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Store::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Store::latestSchemaVersion()
{
    return int(schemaMigrations().size());
}

Result<std::unique_ptr<Store>> Store::open(const QString &path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return fail(ErrorCode::StoreFailed,
                    QStringLiteral("cannot create the data directory %1").arg(info.absolutePath()));
    }
    const bool existed = info.exists() && info.size() > 0;
    const QString name = QStringLiteral("atrium-store-") + QUuid::createUuid().toString(QUuid::Id128);
    std::unique_ptr<Store> store(new Store(name, info.absoluteFilePath()));
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    database.setDatabaseName(info.absoluteFilePath());
    if (!database.open())
        return fail(sqlError(QStringLiteral("cannot open %1").arg(path), database.lastError()));

    // WAL lets readers (other processes, `atrium token …`) work while the engine
    // writes; synchronous=FULL makes every commit durable, even across a power cut.
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                               "PRAGMA busy_timeout = 5000"}) {
        auto q = run(database, QString::fromLatin1(pragma));
        if (!q)
            return fail(q.error());
    }
    store->m_created = !existed;
    if (auto migrated = store->migrate(); !migrated)
        return fail(migrated.error());
    return store;
}

int Store::schemaVersion() const
{
    auto q = run(db(), QStringLiteral("PRAGMA user_version"));
    return q && q->next() ? q->value(0).toInt() : -1;
}

Result<void> Store::migrate()
{
    const int current = schemaVersion();
    const auto &migrations = schemaMigrations();
    if (current > migrations.size()) {
        return fail(ErrorCode::StoreFailed,
                    QStringLiteral("%1 has schema version %2, newer than this Atrium understands (%3)")
                        .arg(m_path)
                        .arg(current)
                        .arg(migrations.size()));
    }
    QSqlDatabase database = db();
    for (int version = current; version < migrations.size(); ++version) {
        if (!database.transaction())
            return fail(sqlError(QStringLiteral("cannot start a migration"), database.lastError()));
        for (const QString &statement : migrations.at(version)) {
            if (auto q = run(database, statement); !q) {
                database.rollback();
                return fail(ErrorCode::StoreFailed,
                            QStringLiteral("migration to schema %1 failed: %2").arg(version + 1).arg(q.error().message));
            }
        }
        // PRAGMA takes no bound parameters; the value is our own integer.
        if (auto q = run(database, QStringLiteral("PRAGMA user_version = %1").arg(version + 1)); !q) {
            database.rollback();
            return fail(q.error());
        }
        if (!database.commit())
            return fail(sqlError(QStringLiteral("cannot commit a migration"), database.lastError()));
    }
    return {};
}

Result<void> Store::apply(const ChangeSet &changes)
{
    if (changes.isEmpty())
        return {};
    QSqlDatabase database = db();
    if (!database.transaction())
        return fail(sqlError(QStringLiteral("cannot start a transaction"), database.lastError()));

    auto write = [&]() -> Result<void> {
        if (changes.deleteAllWorkspaces) {
            if (auto q = run(database, QStringLiteral("DELETE FROM workspaces")); !q)
                return fail(q.error());
        }
        for (const QString &id : changes.deletedWorkspaces) {
            if (auto q = run(database, QStringLiteral("DELETE FROM workspaces WHERE id = ?"), {id}); !q)
                return fail(q.error());
        }
        for (const Identity &identity : changes.identities) {
            if (auto ok = upsert(database, QLatin1StringView("identities"), SqlRows::identityColumns(identity)); !ok)
                return ok;
        }
        for (const Workspace &workspace : changes.workspaces) {
            if (auto ok = upsert(database, QLatin1StringView("workspaces"), SqlRows::workspaceColumns(workspace)); !ok)
                return ok;
        }
        for (const Session &session : changes.sessions) {
            if (auto ok = upsert(database, QLatin1StringView("sessions"), SqlRows::sessionColumns(session)); !ok)
                return ok;
        }
        for (const ApiToken &token : changes.tokens) {
            if (auto ok = upsert(database, QLatin1StringView("tokens"), SqlRows::tokenColumns(token)); !ok)
                return ok;
        }
        for (const QString &uri : changes.addedHosts) {
            if (auto q = run(database, QStringLiteral("INSERT OR IGNORE INTO hosts (uri, added_at) VALUES (?, ?)"),
                             {uri, SqlRows::timeToDb(QDateTime::currentDateTimeUtc())});
                !q)
                return fail(q.error());
        }
        for (const QString &uri : changes.removedHosts) {
            if (auto q = run(database, QStringLiteral("DELETE FROM hosts WHERE uri = ?"), {uri}); !q)
                return fail(q.error());
        }
        for (const HostSettings &settings : changes.hostSettings) {
            if (auto q = run(database,
                             QStringLiteral("INSERT OR REPLACE INTO host_settings (uri, virtualization, kvm_failure, "
                                            "kvm_failed_at, show_foreign, forgotten, display_name) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                             {settings.uri, nameOf(settings.virtualization), settings.kvmFailure,
                              SqlRows::timeToDb(settings.kvmFailedAt), settings.showForeignDomains,
                              settings.forgottenDomains.join(u'\n'), settings.displayName});
                !q)
                return fail(q.error());
        }
        for (const WorkspaceEvent &event : changes.events) {
            if (auto q = run(database,
                             QStringLiteral("INSERT INTO workspace_events (workspace_id, at, kind, message) VALUES (?, ?, ?, ?)"),
                             {event.workspaceId, SqlRows::timeToDb(event.at), nameOf(event.kind), event.message});
                !q)
                return fail(q.error());
        }
        for (const AuditEntry &entry : changes.audit) {
            if (auto q = run(database,
                             QStringLiteral("INSERT INTO audit (at, actor_id, actor_email, action, target, success, detail) "
                                            "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                             {SqlRows::timeToDb(entry.at), entry.actorId, entry.actorEmail, entry.action, entry.target,
                              entry.success, entry.detail});
                !q)
                return fail(q.error());
        }
        return {};
    };

    if (auto ok = write(); !ok) {
        database.rollback();
        return ok;
    }
    if (!database.commit()) {
        const Error error = sqlError(QStringLiteral("cannot commit"), database.lastError());
        database.rollback();
        return fail(error);
    }
    return {};
}

Result<QList<Workspace>> Store::workspaces() const
{
    // Counted first: growing a list of 10,000 workspaces moves every one of them several times.
    auto count = run(db(), QStringLiteral("SELECT count(*) FROM workspaces"));
    const qsizetype expected = count && count->next() ? count->value(0).toLongLong() : 0;
    return readAll<Workspace>(db(), QStringLiteral("SELECT * FROM workspaces ORDER BY rowid"), {},
                              SqlRows::workspaceFromQuery, expected);
}

Result<QList<Session>> Store::sessions(const SessionQuery &query) const
{
    QStringList clauses;
    QVariantList values;
    if (!query.userId.isEmpty()) {
        clauses << QStringLiteral("user_id = ?");
        values << query.userId;
    }
    if (!query.workspaceId.isEmpty()) {
        clauses << QStringLiteral("workspace_id = ?");
        values << query.workspaceId;
    }
    if (query.status) {
        clauses << QStringLiteral("status = ?");
        values << nameOf(*query.status);
    }
    values << query.limit << query.offset;
    const QString where = clauses.isEmpty() ? QString() : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
    return readAll<Session>(db(), QStringLiteral("SELECT * FROM sessions") + where
                                      + QStringLiteral(" ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?"),
                            values, SqlRows::sessionFromQuery);
}

Result<std::optional<Session>> Store::session(const QString &id) const
{
    return readOne<Session>(db(), QStringLiteral("SELECT * FROM sessions WHERE id = ?"), {id}, SqlRows::sessionFromQuery);
}

Result<QList<AuditEntry>> Store::audit(const AuditQuery &query) const
{
    auto [where, values] = auditWhere(query);
    values << query.limit << query.offset;
    return readAll<AuditEntry>(db(), QStringLiteral("SELECT * FROM audit") + where
                                         + QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?"),
                               values, SqlRows::auditFromQuery);
}

Result<int> Store::auditCount(const AuditQuery &query) const
{
    const auto [where, values] = auditWhere(query);
    auto q = run(db(), QStringLiteral("SELECT COUNT(*) FROM audit") + where, values);
    if (!q)
        return fail(q.error());
    return q->next() ? q->value(0).toInt() : 0;
}

Result<QList<WorkspaceEvent>> Store::events(const QString &workspaceId, std::optional<WorkspaceEvent::Kind> kind,
                                            int limit) const
{
    QString sql = QStringLiteral("SELECT * FROM (SELECT * FROM workspace_events WHERE workspace_id = ?");
    QVariantList values{workspaceId};
    if (kind) {
        sql += QStringLiteral(" AND kind = ?");
        values << nameOf(*kind);
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?) ORDER BY id");
    values << limit;
    return readAll<WorkspaceEvent>(db(), sql, values, SqlRows::eventFromQuery);
}

Result<QList<Identity>> Store::identities() const
{
    return readAll<Identity>(db(), QStringLiteral("SELECT * FROM identities ORDER BY created_at, rowid"), {},
                             SqlRows::identityFromQuery);
}

Result<std::optional<Identity>> Store::identity(const QString &id) const
{
    return readOne<Identity>(db(), QStringLiteral("SELECT * FROM identities WHERE id = ?"), {id},
                             SqlRows::identityFromQuery);
}

Result<std::optional<Identity>> Store::identityByEmail(const QString &email) const
{
    return readOne<Identity>(db(), QStringLiteral("SELECT * FROM identities WHERE email = ?"), {email},
                             SqlRows::identityFromQuery);
}

Result<QList<ApiToken>> Store::tokens() const
{
    return readAll<ApiToken>(db(), QStringLiteral("SELECT * FROM tokens ORDER BY created_at, rowid"), {},
                             SqlRows::tokenFromQuery);
}

Result<std::optional<ApiToken>> Store::tokenById(const QString &id) const
{
    return readOne<ApiToken>(db(), QStringLiteral("SELECT * FROM tokens WHERE id = ?"), {id}, SqlRows::tokenFromQuery);
}

Result<std::optional<ApiToken>> Store::tokenBySecretHash(const QByteArray &hash) const
{
    return readOne<ApiToken>(db(), QStringLiteral("SELECT * FROM tokens WHERE secret_hash = ?"),
                             {QString::fromLatin1(hash)}, SqlRows::tokenFromQuery);
}

Result<void> Store::touchToken(const QString &id, const QDateTime &when)
{
    auto q = run(db(), QStringLiteral("UPDATE tokens SET last_used_at = ? WHERE id = ?"), {SqlRows::timeToDb(when), id});
    if (!q)
        return fail(q.error());
    return {};
}

Result<QStringList> Store::hosts() const
{
    auto q = run(db(), QStringLiteral("SELECT uri FROM hosts ORDER BY added_at, rowid"));
    if (!q)
        return fail(q.error());
    QStringList uris;
    while (q->next())
        uris << q->value(0).toString();
    return uris;
}

Result<QList<HostSettings>> Store::hostSettings() const
{
    auto q = run(db(), QStringLiteral("SELECT uri, virtualization, kvm_failure, kvm_failed_at, show_foreign, forgotten, "
                                      "display_name FROM host_settings"));
    if (!q)
        return fail(q.error());
    QList<HostSettings> list;
    while (q->next()) {
        HostSettings settings;
        settings.uri = q->value(0).toString();
        settings.virtualization = parseVirtualization(q->value(1).toString()).value_or(Virtualization::Auto);
        settings.kvmFailure = q->value(2).toString();
        settings.kvmFailedAt = SqlRows::timeFromDb(q->value(3));
        settings.showForeignDomains = q->value(4).toBool();
        settings.forgottenDomains = q->value(5).toString().split(u'\n', Qt::SkipEmptyParts);
        settings.displayName = q->value(6).toString();
        list << settings;
    }
    return list;
}

Result<void> Store::appendMetricMinutes(const QList<MetricMinute> &minutes, const QDateTime &keepSince)
{
    QSqlDatabase database = db();
    if (!database.transaction())
        return fail(sqlError(QStringLiteral("cannot start a transaction"), database.lastError()));
    auto optional = [](const std::optional<double> &v) { return v ? QVariant(*v) : SqlRows::sqlNull(); };
    for (const MetricMinute &m : minutes) {
        auto q = run(database,
                     QStringLiteral("INSERT OR REPLACE INTO metric_minutes (workspace_id, minute, cpu_percent, memory_used_mb, "
                                    "disk_read_bps, disk_write_bps, net_rx_bps, net_tx_bps, samples) "
                                    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ?)"),
                     {m.workspaceId, SqlRows::timeToDb(m.minute), optional(m.cpuPercent), optional(m.memoryUsedMb),
                      optional(m.diskReadBps), optional(m.diskWriteBps), optional(m.netRxBps), optional(m.netTxBps),
                      m.samples, m.workspaceId});
        if (!q) {
            database.rollback();
            return fail(q.error());
        }
    }
    if (auto q = run(database, QStringLiteral("DELETE FROM metric_minutes WHERE minute < ?"), {SqlRows::timeToDb(keepSince)}); !q) {
        database.rollback();
        return fail(q.error());
    }
    if (!database.commit())
        return fail(sqlError(QStringLiteral("cannot commit metrics"), database.lastError()));
    return {};
}

Result<QList<MetricMinute>> Store::metricMinutes(const QString &workspaceId, const QDateTime &since) const
{
    auto optional = [](const QVariant &v) { return v.isNull() ? std::optional<double>{} : std::optional<double>{v.toDouble()}; };
    return readAll<MetricMinute>(
        db(), QStringLiteral("SELECT * FROM metric_minutes WHERE workspace_id = ? AND minute >= ? ORDER BY minute"),
        {workspaceId, SqlRows::timeToDb(since)}, [&optional](const SqlRows::Row &q) {
            MetricMinute m;
            m.workspaceId = q.value(QStringLiteral("workspace_id")).toString();
            m.minute = SqlRows::timeFromDb(q.value(QStringLiteral("minute")));
            m.cpuPercent = optional(q.value(QStringLiteral("cpu_percent")));
            m.memoryUsedMb = optional(q.value(QStringLiteral("memory_used_mb")));
            m.diskReadBps = optional(q.value(QStringLiteral("disk_read_bps")));
            m.diskWriteBps = optional(q.value(QStringLiteral("disk_write_bps")));
            m.netRxBps = optional(q.value(QStringLiteral("net_rx_bps")));
            m.netTxBps = optional(q.value(QStringLiteral("net_tx_bps")));
            m.samples = q.value(QStringLiteral("samples")).toInt();
            return m;
        });
}

qint64 Store::dataVersion() const
{
    auto q = run(db(), QStringLiteral("PRAGMA data_version"));
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

}  // namespace Atrium
