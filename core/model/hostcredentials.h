#pragma once

#include <QList>
#include <QString>

// What a host asks before it lets Atrium in: SASL or password authentication through
// virConnectOpenAuth, and ssh's own questions (a key's passphrase, a password, an unknown host
// key) through Atrium's askpass helper. Secrets live in memory and, if the admin says so, in the
// system keychain; never in the database or a log.
namespace Atrium {

enum class CredentialKind {
    Username,
    Password,       ///< libvirt's passphrase (SASL, the test driver) or an SSH password
    KeyPassphrase,  ///< the passphrase of the SSH key the URI names (keyfile=)
};

/// "username", "password", "key_passphrase".
QString nameOf(CredentialKind kind);

/// One question a host asked, in its own words ("Enter passphrase for key '/root/.ssh/id': "); an
/// empty prompt is a question it will ask next (a password after a user name).
struct CredentialRequest {
    CredentialKind kind = CredentialKind::Password;
    QString prompt;
    bool operator==(const CredentialRequest &) const = default;
};

/// The answers Atrium gives one host.
struct HostCredentials {
    QString username;
    QString password;
    QString keyPassphrase;

    QString value(CredentialKind kind) const;
    void set(CredentialKind kind, const QString &value);
    bool isEmpty() const { return username.isEmpty() && password.isEmpty() && keyPassphrase.isEmpty(); }
    bool operator==(const HostCredentials &) const = default;
};

/// What one connection attempt asked and how it went.
struct CredentialOutcome {
    QList<CredentialRequest> unanswered;  ///< asked, and Atrium had nothing to give
    QList<CredentialRequest> refused;     ///< answered, and the host said no
    QString unknownHostKey;               ///< ssh's question about a host key it does not know

    /// The attempt failed for want of (right) credentials: the admin must give them.
    bool needsCredentials() const { return !unanswered.isEmpty() || !refused.isEmpty(); }
};

}  // namespace Atrium
