#include "migrations.h"

namespace Atrium {

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> migrations{
        // 0 → 1: the first schema.
        {
            QStringLiteral(R"(CREATE TABLE identities (
                id          TEXT PRIMARY KEY,
                name        TEXT NOT NULL,
                email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role        TEXT NOT NULL CHECK (role IN ('admin', 'user')),
                created_at  TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE tokens (
                id           TEXT PRIMARY KEY,
                identity_id  TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
                name         TEXT NOT NULL,
                secret_hash  TEXT NOT NULL UNIQUE,
                scopes       TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                expires_at   TEXT,
                revoked_at   TEXT,
                last_used_at TEXT))"),
            QStringLiteral(R"(CREATE TABLE workspaces (
                id                  TEXT PRIMARY KEY,
                name                TEXT NOT NULL,
                description         TEXT NOT NULL,
                type                TEXT NOT NULL,
                status              TEXT NOT NULL,
                status_message      TEXT NOT NULL,
                icon                TEXT NOT NULL,
                image_url           TEXT NOT NULL,
                url                 TEXT NOT NULL,
                connection_type     TEXT NOT NULL,
                requires_netbird    INTEGER NOT NULL,
                cpus                INTEGER NOT NULL,
                memory_mb           INTEGER NOT NULL,
                storage_mb          INTEGER NOT NULL,
                gpu                 TEXT NOT NULL,
                gpu_type            TEXT NOT NULL,
                environment_type    TEXT NOT NULL,
                image               TEXT NOT NULL,
                project_id          TEXT NOT NULL,
                organization_id     TEXT NOT NULL,
                volume_ids          TEXT NOT NULL,
                namespace           TEXT NOT NULL,
                mode                TEXT NOT NULL,
                config              TEXT NOT NULL,
                owner_id            TEXT REFERENCES identities(id) ON DELETE SET NULL,
                host_uri            TEXT NOT NULL,
                domain_name         TEXT NOT NULL,
                health_checks       INTEGER NOT NULL,
                user_requested_stop INTEGER NOT NULL,
                restart_count       INTEGER NOT NULL,
                created_at          TEXT NOT NULL,
                updated_at          TEXT NOT NULL,
                started_at          TEXT))"),
            QStringLiteral(R"(CREATE TABLE sessions (
                id              TEXT PRIMARY KEY,
                user_id         TEXT NOT NULL REFERENCES identities(id),
                user_email      TEXT NOT NULL,
                workspace_id    TEXT NOT NULL,
                workspace_name  TEXT NOT NULL,
                workspace_type  TEXT NOT NULL,
                status          TEXT NOT NULL CHECK (status IN ('active', 'disconnected', 'terminated')),
                started_at      TEXT NOT NULL,
                ended_at        TEXT,
                ip_address      TEXT NOT NULL,
                tunnel_status   TEXT NOT NULL,
                mfa_verified    INTEGER NOT NULL,
                client          TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX sessions_by_user ON sessions(user_id, status)"),
            QStringLiteral("CREATE INDEX sessions_by_workspace ON sessions(workspace_id, status)"),
            QStringLiteral(R"(CREATE TABLE audit (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                at           TEXT NOT NULL,
                actor_id     TEXT NOT NULL,
                actor_email  TEXT NOT NULL,
                action       TEXT NOT NULL,
                target       TEXT NOT NULL,
                success      INTEGER NOT NULL,
                detail       TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX audit_by_action ON audit(action, at)"),
            QStringLiteral("CREATE INDEX audit_by_time ON audit(at)"),
            QStringLiteral(R"(CREATE TABLE workspace_events (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                at            TEXT NOT NULL,
                kind          TEXT NOT NULL,
                message       TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX events_by_workspace ON workspace_events(workspace_id, id)"),
            QStringLiteral(R"(CREATE TABLE hosts (
                uri       TEXT PRIMARY KEY,
                added_at  TEXT NOT NULL))"),
        },
        // 1 → 2: downsampled metrics history (minute averages).
        {
            QStringLiteral(R"(CREATE TABLE metric_minutes (
                workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                minute          TEXT NOT NULL,
                cpu_percent     REAL,
                memory_used_mb  REAL,
                disk_read_bps   REAL,
                disk_write_bps  REAL,
                net_rx_bps      REAL,
                net_tx_bps      REAL,
                samples         INTEGER NOT NULL,
                PRIMARY KEY (workspace_id, minute)))"),
        },
        // 2 → 3: what a host remembers besides its URI (kept when the host is removed, so a
        // host added again, or given on the command line, keeps its virtualization setting).
        {
            QStringLiteral(R"(CREATE TABLE host_settings (
                uri             TEXT PRIMARY KEY,
                virtualization  TEXT NOT NULL CHECK (virtualization IN ('auto', 'kvm', 'emulation')),
                kvm_failure     TEXT NOT NULL,
                kvm_failed_at   TEXT))"),
        },
        // 3 → 4: every domain is a workspace. Workspaces found on a host (not created by
        // Atrium) are marked; a host remembers whether it shows them and which ones the admin
        // told Atrium to forget (UUIDs, one per line).
        {
            QStringLiteral("ALTER TABLE workspaces ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE workspaces ADD COLUMN domain_uuid TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE host_settings ADD COLUMN show_foreign INTEGER NOT NULL DEFAULT 1"),
            QStringLiteral("ALTER TABLE host_settings ADD COLUMN forgotten TEXT NOT NULL DEFAULT ''"),
        },
        // 4 → 5: a host's display name ("hv1"), chosen by an admin; '' = derived from its URI.
        {
            QStringLiteral("ALTER TABLE host_settings ADD COLUMN display_name TEXT NOT NULL DEFAULT ''"),
        },
    };
    return migrations;
}

}  // namespace Atrium
