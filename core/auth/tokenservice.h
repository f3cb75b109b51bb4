#pragma once

#include "model/error.h"
#include "model/identity.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

#include <functional>
#include <optional>

namespace Atrium {

class Store;

/// A freshly issued token. The secret exists only here: the store keeps its hash.
struct IssuedToken {
    ApiToken token;
    Identity identity;
    QString secret;
};

struct TokenListing {
    ApiToken token;
    Identity identity;
};

/// Identities and API tokens: issue, list, revoke, authenticate. Tokens are
/// 256 random bits; only their SHA-256 is stored, so a stolen database
/// grants nothing. Also used by `atrium token …`, which runs beside a serving
/// Atrium: authentication notices other processes' writes through the store's
/// data version, checked at most every 250 ms (so a revocation by another
/// process takes effect within that time).
class TokenService final {
public:
    explicit TokenService(Store &store, std::function<QDateTime()> clock = {});

    /// Creates the identity for @p email, or updates its name and role.
    Result<Identity> ensureIdentity(const QString &name, const QString &email, Role role);

    /// Issues a token for the identity with @p email (created if needed).
    Result<IssuedToken> issue(const QString &name, const QString &email, Role role, const QStringList &scopes,
                              const QDateTime &expiresAt, const QString &tokenName);
    Result<QList<TokenListing>> list() const;
    Result<ApiToken> revoke(const QString &tokenId);

    /// Resolves a secret (Bearer token or X-API-Key) to the actor it stands for.
    Result<Actor> authenticate(const QString &secret);
    /// The micro-VM API's pair: X-Client-ID (the token id) and X-Client-Secret (the token).
    Result<Actor> authenticateClient(const QString &clientId, const QString &secret);

    /// The identity the desktop session acts as (an admin named after the local user).
    Result<Identity> localAdmin();

    static QByteArray hashSecret(const QString &secret);

private:
    struct CachedActor {
        Actor actor;
        QString tokenId;
        QDateTime expiresAt;
        QDateTime lastTouched;
    };

    QDateTime now() const;
    void invalidateIfStale();

    Store &m_store;
    std::function<QDateTime()> m_clock;
    QHash<QByteArray, CachedActor> m_cache;
    qint64 m_cacheVersion = -1;
    QElapsedTimer m_sinceVersionCheck;
};

}  // namespace Atrium
