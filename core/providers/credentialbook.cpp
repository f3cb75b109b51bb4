#include "credentialbook.h"

namespace Atrium {

void CredentialBook::provide(const QString &uri, const HostCredentials &credentials)
{
    QMutexLocker lock(&m_mutex);
    m_credentials.insert(uri, credentials);
}

void CredentialBook::forget(const QString &uri)
{
    QMutexLocker lock(&m_mutex);
    m_credentials.remove(uri);
    m_attempts.remove(uri);
}

bool CredentialBook::has(const QString &uri) const
{
    QMutexLocker lock(&m_mutex);
    return m_credentials.contains(uri);
}

void CredentialBook::beginAttempt(const QString &uri)
{
    QMutexLocker lock(&m_mutex);
    m_attempts.insert(uri, Attempt{});
}

std::optional<QString> CredentialBook::answer(const QString &uri, const CredentialRequest &request, qint64 asker)
{
    QMutexLocker lock(&m_mutex);
    Attempt &attempt = m_attempts[uri];
    const auto sameKind = [&](const CredentialRequest &r) { return r.kind == request.kind; };
    const auto sameQuestion = [&](const Answered &a) { return a.asker == asker && a.request.kind == request.kind; };
    if (std::any_of(attempt.answered.cbegin(), attempt.answered.cend(), sameQuestion)) {
        // Asked again after an answer: the host said no.
        if (std::none_of(attempt.outcome.refused.cbegin(), attempt.outcome.refused.cend(), sameKind))
            attempt.outcome.refused << request;
        return std::nullopt;
    }
    const QString value = m_credentials.value(uri).value(request.kind);
    if (value.isEmpty()) {
        if (!attempt.outcome.unanswered.contains(request))
            attempt.outcome.unanswered << request;
        return std::nullopt;
    }
    attempt.answered << Answered{asker, request};
    return value;
}

void CredentialBook::expect(const QString &uri, const CredentialRequest &request)
{
    QMutexLocker lock(&m_mutex);
    CredentialOutcome &outcome = m_attempts[uri].outcome;
    const bool asked = std::any_of(outcome.unanswered.cbegin(), outcome.unanswered.cend(),
                                   [&](const CredentialRequest &r) { return r.kind == request.kind; });
    if (!asked && m_credentials.value(uri).value(request.kind).isEmpty())
        outcome.unanswered << request;
}

void CredentialBook::refuseHostKey(const QString &uri, const QString &prompt)
{
    QMutexLocker lock(&m_mutex);
    m_attempts[uri].outcome.unknownHostKey = prompt;
}

void CredentialBook::markAnswersRefused(const QString &uri)
{
    QMutexLocker lock(&m_mutex);
    Attempt &attempt = m_attempts[uri];
    for (const Answered &answered : std::as_const(attempt.answered)) {
        if (!attempt.outcome.refused.contains(answered.request))
            attempt.outcome.refused << answered.request;
    }
}

CredentialOutcome CredentialBook::outcome(const QString &uri) const
{
    QMutexLocker lock(&m_mutex);
    return m_attempts.value(uri).outcome;
}

CredentialKind credentialKindOfPrompt(const QString &prompt)
{
    if (prompt.contains(QStringLiteral("passphrase"), Qt::CaseInsensitive))
        return CredentialKind::KeyPassphrase;
    if (prompt.contains(QStringLiteral("username"), Qt::CaseInsensitive)
        || prompt.contains(QStringLiteral("login"), Qt::CaseInsensitive))
        return CredentialKind::Username;
    return CredentialKind::Password;
}

bool isHostKeyQuestion(const QString &prompt)
{
    return prompt.contains(QStringLiteral("continue connecting"), Qt::CaseInsensitive)
        || prompt.contains(QStringLiteral("authenticity of host"), Qt::CaseInsensitive);
}

}  // namespace Atrium
