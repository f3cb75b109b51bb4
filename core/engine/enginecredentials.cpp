// Engine: what hosts ask before they let Atrium in — answers from the admin, kept in memory and,
// if asked, in the system keychain (never in the store, never in a log or the audit).

#include "engineprivate.h"

#include "base/continuation.h"

namespace Atrium {

using namespace EngineDetail;

namespace {

QString kindsOf(const HostCredentials &credentials)
{
    QStringList kinds;
    for (const CredentialKind kind : {CredentialKind::Username, CredentialKind::Password, CredentialKind::KeyPassphrase}) {
        if (!credentials.value(kind).isEmpty())
            kinds << nameOf(kind);
    }
    return kinds.join(QStringLiteral(", "));
}

}  // namespace

Result<void> Engine::setHostCredentials(const Actor &actor, const QString &uri, const HostCredentials &credentials,
                                        bool remember)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    if (credentials.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("no credentials given for %1").arg(uri), QStringLiteral("credentials"));
    if (remember && !m_keychain)
        return fail(ErrorCode::Conflict, QStringLiteral("this Atrium keeps no credentials: it uses no system keychain"));
    ChangeSet changes;
    changes.audit << auditEntry(actor, QStringLiteral("set_host_credentials"), hostTarget(uri), true,
                                QStringLiteral("%1 given%2").arg(kindsOf(credentials),
                                                                 remember ? QStringLiteral(", kept in the system keychain")
                                                                          : QStringLiteral(", for this run only")));
    if (auto ok = commit(changes); !ok)
        return ok;
    m_keychainAsked.insert(uri);  // the admin's answers replace whatever the keychain keeps
    host->provideCredentials(credentials);
    if (m_keychain) {
        if (remember) {
            continueOn(m_keychain->write(uri, credentials), this, [this, uri](const Result<void> &kept) {
                Q_EMIT hostCredentialsKept(uri, kept ? QString() : kept.error().message);
            });
        } else {
            m_keychain->remove(uri);  // "don't remember" means not even what was kept before
        }
    }
    return {};
}

std::optional<bool> Engine::keychainAvailable() const
{
    return m_keychain ? m_keychain->isAvailable() : std::optional<bool>(false);
}

void Engine::offerKeptCredentials(const HostInfo &info)
{
    if (!m_keychain || m_keychainAsked.contains(info.uri))
        return;
    m_keychainAsked.insert(info.uri);
    continueOn(m_keychain->read(info.uri), this, [this, uri = info.uri](const Result<std::optional<HostCredentials>> &kept) {
        LibvirtHost *host = m_hosts.host(uri);
        if (!host || !kept || !kept->has_value() || (*kept)->isEmpty())
            return;  // nothing kept (or no keychain): the host waits for an admin
        qCInfo(lcEngine) << "answering" << uri << "with the credentials the system keychain keeps for it";
        host->provideCredentials(**kept);
    });
}

}  // namespace Atrium
