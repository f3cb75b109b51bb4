#include "sqlrows.h"

#include "model/lifecycleconfigjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

namespace Atrium::SqlRows {

namespace {

QLatin1StringView col(const char *name)
{
    return QLatin1StringView(name);
}

QString text(const Row &q, const char *column)
{
    return q.value(QLatin1StringView(column)).toString();
}

template <typename Name>
QVariant valueAt(const QSqlQuery &query, const QStringList &columns, qsizetype &next, const Name &column)
{
    const qsizetype count = columns.size();
    for (qsizetype k = 0; k < count; ++k) {
        const qsizetype i = (next + k) % count;
        if (columns.at(i) == column) {
            next = i + 1;
            return query.value(int(i));
        }
    }
    return {};
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compactJson(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QVariant nullIfEmpty(const QString &value)
{
    return value.isEmpty() ? sqlNull() : QVariant(value);
}

}  // namespace

QVariant Row::value(QLatin1StringView column) const
{
    return valueAt(m_query, m_columns, m_next, column);
}

QVariant Row::value(const QString &column) const
{
    return valueAt(m_query, m_columns, m_next, column);
}

QStringList columnNames(const QSqlQuery &query)
{
    const QSqlRecord record = query.record();
    QStringList names;
    names.reserve(record.count());
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i);
    return names;
}

QVariant sqlNull()
{
    return QVariant::fromValue(nullptr);
}

QVariant timeToDb(const QDateTime &time)
{
    if (!time.isValid())
        return sqlNull();
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime timeFromDb(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.toUTC();
}

Columns workspaceColumns(const Workspace &w)
{
    return {
        {col("id"), w.id},
        {col("name"), w.name},
        {col("description"), w.description},
        {col("type"), nameOf(w.type)},
        {col("status"), nameOf(w.status)},
        {col("status_message"), w.statusMessage},
        {col("icon"), w.icon},
        {col("image_url"), w.imageUrl},
        {col("url"), w.url},
        {col("connection_type"), nameOf(w.connectionType)},
        {col("requires_netbird"), w.requiresNetbird},
        {col("cpus"), w.resources.cpus},
        {col("memory_mb"), w.resources.memoryMb},
        {col("storage_mb"), w.resources.storageMb},
        {col("gpu"), w.resources.gpu},
        {col("gpu_type"), w.resources.gpuType},
        {col("environment_type"), w.environmentType},
        {col("image"), w.image},
        {col("project_id"), w.projectId},
        {col("organization_id"), w.organizationId},
        {col("volume_ids"), QString::fromUtf8(compactJson(QJsonArray::fromStringList(w.volumeIds)))},
        {col("namespace"), w.namespaceName},
        {col("mode"), nameOf(w.mode)},
        {col("config"), QString::fromUtf8(compactJson(lifecycleConfigToJson(w.config)))},
        {col("owner_id"), nullIfEmpty(w.ownerId)},
        {col("host_uri"), w.hostUri},
        {col("domain_name"), w.domainName},
        {col("adopted"), w.adopted},
        {col("domain_uuid"), w.domainUuid},
        {col("health_checks"), w.healthChecks},
        {col("user_requested_stop"), w.userRequestedStop},
        {col("restart_count"), w.restartCount},
        {col("created_at"), timeToDb(w.createdAt)},
        {col("updated_at"), timeToDb(w.updatedAt)},
        {col("started_at"), timeToDb(w.startedAt)},
    };
}

Workspace workspaceFromQuery(const Row &q)
{
    Workspace w;
    w.id = text(q, "id");
    w.name = text(q, "name");
    w.description = text(q, "description");
    w.type = workspaceTypeFromString(text(q, "type")).value_or(WorkspaceType::Linux);
    w.status = workspaceStatusFromString(text(q, "status")).value_or(WorkspaceStatus::Error);
    w.statusMessage = text(q, "status_message");
    w.icon = text(q, "icon");
    w.imageUrl = text(q, "image_url");
    w.url = text(q, "url");
    w.connectionType = connectionTypeFromString(text(q, "connection_type")).value_or(ConnectionType::Web);
    w.requiresNetbird = q.value(col("requires_netbird")).toBool();
    w.resources.cpus = q.value(col("cpus")).toInt();
    w.resources.memoryMb = q.value(col("memory_mb")).toLongLong();
    w.resources.storageMb = q.value(col("storage_mb")).toLongLong();
    w.resources.gpu = text(q, "gpu");
    w.resources.gpuType = text(q, "gpu_type");
    w.environmentType = text(q, "environment_type");
    w.image = text(q, "image");
    w.projectId = text(q, "project_id");
    w.organizationId = text(q, "organization_id");
    // Most rows have no volumes and the default config: parsing them cost a 10,000-workspace load ~10 %.
    if (const QString volumes = text(q, "volume_ids"); volumes != u"[]") {
        for (const QJsonValue &v : QJsonDocument::fromJson(volumes.toUtf8()).array())
            w.volumeIds << v.toString();
    }
    w.namespaceName = text(q, "namespace");
    w.mode = workspaceModeFromString(text(q, "mode")).value_or(WorkspaceMode::Permanent);
    static const QString defaultConfig = QString::fromUtf8(compactJson(lifecycleConfigToJson(LifecycleConfig{})));
    if (const QString config = text(q, "config"); config != defaultConfig)
        w.config = lifecycleConfigFromJson(QJsonDocument::fromJson(config.toUtf8()).object());
    w.ownerId = text(q, "owner_id");
    w.hostUri = text(q, "host_uri");
    w.domainName = text(q, "domain_name");
    w.adopted = q.value(col("adopted")).toBool();
    w.domainUuid = text(q, "domain_uuid");
    w.healthChecks = q.value(col("health_checks")).toBool();
    w.userRequestedStop = q.value(col("user_requested_stop")).toBool();
    w.restartCount = q.value(col("restart_count")).toInt();
    w.createdAt = timeFromDb(q.value(col("created_at")));
    w.updatedAt = timeFromDb(q.value(col("updated_at")));
    w.startedAt = timeFromDb(q.value(col("started_at")));
    return w;
}

Columns sessionColumns(const Session &s)
{
    return {
        {col("id"), s.id},
        {col("user_id"), s.userId},
        {col("user_email"), s.userEmail},
        {col("workspace_id"), s.workspaceId},
        {col("workspace_name"), s.workspaceName},
        {col("workspace_type"), nameOf(s.workspaceType)},
        {col("status"), nameOf(s.status)},
        {col("started_at"), timeToDb(s.startedAt)},
        {col("ended_at"), timeToDb(s.endedAt)},
        {col("ip_address"), s.ipAddress},
        {col("tunnel_status"), nameOf(s.tunnelStatus)},
        {col("mfa_verified"), s.mfaVerified},
        {col("client"), s.client},
    };
}

Session sessionFromQuery(const Row &q)
{
    Session s;
    s.id = text(q, "id");
    s.userId = text(q, "user_id");
    s.userEmail = text(q, "user_email");
    s.workspaceId = text(q, "workspace_id");
    s.workspaceName = text(q, "workspace_name");
    s.workspaceType = workspaceTypeFromString(text(q, "workspace_type")).value_or(WorkspaceType::Linux);
    s.status = sessionStatusFromString(text(q, "status")).value_or(SessionStatus::Terminated);
    s.startedAt = timeFromDb(q.value(col("started_at")));
    s.endedAt = timeFromDb(q.value(col("ended_at")));
    s.ipAddress = text(q, "ip_address");
    s.tunnelStatus = tunnelStatusFromString(text(q, "tunnel_status")).value_or(TunnelStatus::Unavailable);
    s.mfaVerified = q.value(col("mfa_verified")).toBool();
    s.client = text(q, "client");
    return s;
}

Columns identityColumns(const Identity &i)
{
    return {
        {col("id"), i.id},
        {col("name"), i.name},
        {col("email"), i.email},
        {col("role"), nameOf(i.role)},
        {col("created_at"), timeToDb(i.createdAt)},
    };
}

Identity identityFromQuery(const Row &q)
{
    Identity i;
    i.id = text(q, "id");
    i.name = text(q, "name");
    i.email = text(q, "email");
    i.role = roleFromString(text(q, "role")).value_or(Role::User);
    i.createdAt = timeFromDb(q.value(col("created_at")));
    return i;
}

Columns tokenColumns(const ApiToken &t)
{
    return {
        {col("id"), t.id},
        {col("identity_id"), t.identityId},
        {col("name"), t.name},
        {col("secret_hash"), QString::fromLatin1(t.secretHash)},
        {col("scopes"), t.scopes.join(u' ')},
        {col("created_at"), timeToDb(t.createdAt)},
        {col("expires_at"), timeToDb(t.expiresAt)},
        {col("revoked_at"), timeToDb(t.revokedAt)},
        {col("last_used_at"), timeToDb(t.lastUsedAt)},
    };
}

ApiToken tokenFromQuery(const Row &q)
{
    ApiToken t;
    t.id = text(q, "id");
    t.identityId = text(q, "identity_id");
    t.name = text(q, "name");
    t.secretHash = text(q, "secret_hash").toLatin1();
    t.scopes = text(q, "scopes").split(u' ', Qt::SkipEmptyParts);
    t.createdAt = timeFromDb(q.value(col("created_at")));
    t.expiresAt = timeFromDb(q.value(col("expires_at")));
    t.revokedAt = timeFromDb(q.value(col("revoked_at")));
    t.lastUsedAt = timeFromDb(q.value(col("last_used_at")));
    return t;
}

AuditEntry auditFromQuery(const Row &q)
{
    AuditEntry a;
    a.id = q.value(col("id")).toLongLong();
    a.at = timeFromDb(q.value(col("at")));
    a.actorId = text(q, "actor_id");
    a.actorEmail = text(q, "actor_email");
    a.action = text(q, "action");
    a.target = text(q, "target");
    a.success = q.value(col("success")).toBool();
    a.detail = text(q, "detail");
    return a;
}

WorkspaceEvent eventFromQuery(const Row &q)
{
    WorkspaceEvent e;
    e.id = q.value(col("id")).toLongLong();
    e.workspaceId = text(q, "workspace_id");
    e.at = timeFromDb(q.value(col("at")));
    const QString kind = text(q, "kind");
    for (auto k : {WorkspaceEvent::Kind::Provision, WorkspaceEvent::Kind::Lifecycle, WorkspaceEvent::Kind::Domain}) {
        if (kind == nameOf(k))
            e.kind = k;
    }
    e.message = text(q, "message");
    return e;
}

}  // namespace Atrium::SqlRows
