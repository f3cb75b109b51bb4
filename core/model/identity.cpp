#include "identity.h"

namespace Atrium {

QString nameOf(Role role)
{
    return role == Role::Admin ? QStringLiteral("admin") : QStringLiteral("user");
}

std::optional<Role> roleFromString(QStringView text)
{
    if (text == u"admin")
        return Role::Admin;
    if (text == u"user")
        return Role::User;
    return std::nullopt;
}

bool ApiToken::isUsableAt(const QDateTime &now) const
{
    return revokedAt.isNull() && (expiresAt.isNull() || now < expiresAt);
}

QStringList Scope::all()
{
    return {QString(WorkspacesRead), QString(WorkspacesWrite)};
}

bool Actor::hasScope(QAnyStringView scope) const
{
    return scopes.contains(scope.toString());
}

Actor Actor::system()
{
    Actor actor;
    actor.identity.id = QStringLiteral("system");
    actor.identity.name = QStringLiteral("Atrium");
    actor.identity.email = QStringLiteral("system@atrium.local");
    actor.identity.role = Role::Admin;
    actor.scopes = Scope::all();
    actor.clientAddress = QStringLiteral("local");
    actor.client = QStringLiteral("system");
    return actor;
}

}  // namespace Atrium
