#pragma once

#include <QDateTime>
#include <QString>
#include <QAnyStringView>
#include <QStringList>

#include <optional>

namespace Atrium {

enum class Role { Admin, User };

QString nameOf(Role role);
std::optional<Role> roleFromString(QStringView text);

/// A person or program that acts on Atrium.
struct Identity {
    QString id;  ///< UUID v4
    QString name;
    QString email;
    Role role = Role::User;
    QDateTime createdAt;

    bool isAdmin() const { return role == Role::Admin; }
};

/// An API token. The secret itself is never stored: only its SHA-256.
struct ApiToken {
    QString id;  ///< public id ("tok_…"); doubles as the micro-VM API's X-Client-ID
    QString identityId;
    QString name;
    QByteArray secretHash;  ///< hex SHA-256 of the secret
    QStringList scopes;     ///< "workspaces:read", "workspaces:write"
    QDateTime createdAt;
    QDateTime expiresAt;  ///< null = never
    QDateTime revokedAt;  ///< null = valid
    QDateTime lastUsedAt;

    bool isUsableAt(const QDateTime &now) const;
};

namespace Scope {
inline constexpr QLatin1StringView WorkspacesRead{"workspaces:read"};
inline constexpr QLatin1StringView WorkspacesWrite{"workspaces:write"};
QStringList all();
}  // namespace Scope

/// Who is asking: resolved from a credential (API) or the desktop session.
struct Actor {
    Identity identity;
    QStringList scopes;
    QString clientAddress;  ///< peer address of the request; "local" for the desktop
    QString client;         ///< "desktop", "api", "system"

    bool isAdmin() const { return identity.isAdmin(); }
    bool hasScope(QAnyStringView scope) const;

    /// The actor for engine-internal changes (timers, libvirt events).
    static Actor system();
};

}  // namespace Atrium
