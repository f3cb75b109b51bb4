#pragma once

#include "model/hostcredentials.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

namespace Atrium {

/// The credentials Atrium may give each host, and what each host's latest connection attempt
/// asked. Shared by the hosts' worker threads (libvirt's auth callback) and the askpass broker's
/// thread (ssh's questions), hence the lock. Each asker (libvirt's auth callback, or one ssh
/// process) gets an answer once: the same asker asking again means the host refused the answer,
/// and answering again would only lock the account.
class CredentialBook {
public:
    /// The answers for @p uri from now on (replacing earlier ones).
    void provide(const QString &uri, const HostCredentials &credentials);
    void forget(const QString &uri);
    bool has(const QString &uri) const;

    /// A connection attempt to @p uri starts: forget what the last one asked.
    void beginAttempt(const QString &uri);
    /// The answer to @p request from @p asker (0: libvirt itself; else the pid of the ssh that
    /// asks), or nullopt (then the attempt fails and outcome() says why).
    std::optional<QString> answer(const QString &uri, const CredentialRequest &request, qint64 asker = 0);
    /// A question the host will ask next once the current one is answered (a password after a
    /// user name): listed with the unanswered ones when Atrium has no answer, so the admin is
    /// asked both at once.
    void expect(const QString &uri, const CredentialRequest &request);
    /// ssh asked whether to trust a host key it does not know: Atrium never says yes for the admin.
    void refuseHostKey(const QString &uri, const QString &prompt);
    /// The attempt failed with an authentication error: every answer given was refused.
    void markAnswersRefused(const QString &uri);
    /// What the latest attempt to @p uri asked and how it went.
    CredentialOutcome outcome(const QString &uri) const;

private:
    struct Answered {
        qint64 asker;
        CredentialRequest request;
    };
    struct Attempt {
        CredentialOutcome outcome;
        QList<Answered> answered;
    };
    mutable QMutex m_mutex;
    QHash<QString, HostCredentials> m_credentials;
    QHash<QString, Attempt> m_attempts;
};

/// The kind of question ssh's prompt asks ("Enter passphrase for key …", "root@hv1's password:").
CredentialKind credentialKindOfPrompt(const QString &prompt);
/// ssh's prompt asks to accept a host key it does not know.
bool isHostKeyQuestion(const QString &prompt);

}  // namespace Atrium
