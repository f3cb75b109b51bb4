#include "hostcredentials.h"

namespace Atrium {

QString nameOf(CredentialKind kind)
{
    switch (kind) {
    case CredentialKind::Username: return QStringLiteral("username");
    case CredentialKind::Password: return QStringLiteral("password");
    case CredentialKind::KeyPassphrase: return QStringLiteral("key_passphrase");
    }
    return {};
}

QString HostCredentials::value(CredentialKind kind) const
{
    switch (kind) {
    case CredentialKind::Username: return username;
    case CredentialKind::Password: return password;
    case CredentialKind::KeyPassphrase: return keyPassphrase;
    }
    return {};
}

void HostCredentials::set(CredentialKind kind, const QString &value)
{
    switch (kind) {
    case CredentialKind::Username: username = value; break;
    case CredentialKind::Password: password = value; break;
    case CredentialKind::KeyPassphrase: keyPassphrase = value; break;
    }
}

}  // namespace Atrium
