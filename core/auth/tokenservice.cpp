#include "tokenservice.h"

#include "store/store.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace Atrium {

namespace {

constexpr auto kTouchInterval = std::chrono::minutes(1);
const QString kTokenPrefix = QStringLiteral("atr_");

QString randomSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);  // 256 bits
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
                                         reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    return kTokenPrefix
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomTokenId()
{
    return QStringLiteral("tok_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
}

AuditEntry tokenAudit(const QString &action, const QString &target, const QString &detail, const QDateTime &at)
{
    const Actor system = Actor::system();
    AuditEntry entry;
    entry.at = at;
    entry.actorId = system.identity.id;
    entry.actorEmail = system.identity.email;
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    return entry;
}

Error invalidCredential()
{
    return Error{ErrorCode::Unauthenticated, QStringLiteral("Invalid or expired credentials")};
}

}  // namespace

TokenService::TokenService(Store &store, std::function<QDateTime()> clock)
    : m_store(store)
    , m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
}

QDateTime TokenService::now() const
{
    return m_clock();
}

QByteArray TokenService::hashSecret(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex();
}

Result<Identity> TokenService::ensureIdentity(const QString &name, const QString &email, Role role)
{
    static const QRegularExpression emailRe(QStringLiteral(R"(^[^@\s]{1,64}@[^@\s]{1,255}$)"));
    if (!emailRe.match(email).hasMatch())
        return fail(ErrorCode::InvalidInput, QStringLiteral("email: '%1' is not an email address").arg(email), QStringLiteral("email"));
    if (name.trimmed().isEmpty() || name.size() > 255)
        return fail(ErrorCode::InvalidInput, QStringLiteral("name must be between 1 and 255 characters"), QStringLiteral("name"));
    auto existing = m_store.identityByEmail(email);
    if (!existing)
        return fail(existing.error());
    Identity identity;
    QString action;
    if (*existing) {
        identity = **existing;
        if (identity.name == name && identity.role == role)
            return identity;
        identity.name = name;
        identity.role = role;
        action = QStringLiteral("update_identity");
    } else {
        identity.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        identity.name = name;
        identity.email = email;
        identity.role = role;
        identity.createdAt = now();
        action = QStringLiteral("create_identity");
    }
    ChangeSet changes;
    changes.identities << identity;
    changes.audit << tokenAudit(action, QStringLiteral("identity:") + identity.id,
                                QStringLiteral("%1 <%2> is %3").arg(name, email, nameOf(role)), now());
    if (auto ok = m_store.apply(changes); !ok)
        return fail(ok.error());
    m_cache.clear();
    return identity;
}

Result<IssuedToken> TokenService::issue(const QString &name, const QString &email, Role role,
                                        const QStringList &scopes, const QDateTime &expiresAt, const QString &tokenName)
{
    for (const QString &scope : scopes) {
        if (!Scope::all().contains(scope)) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("scope '%1' is unknown (known: %2)").arg(scope, Scope::all().join(QStringLiteral(", "))),
                        QStringLiteral("scopes"));
        }
    }
    if (expiresAt.isValid() && expiresAt <= now())
        return fail(ErrorCode::InvalidInput, QStringLiteral("the expiry must be in the future"), QStringLiteral("expires"));
    auto identity = ensureIdentity(name, email, role);
    if (!identity)
        return fail(identity.error());

    IssuedToken issued;
    issued.identity = *identity;
    issued.secret = randomSecret();
    ApiToken &token = issued.token;
    token.id = randomTokenId();
    token.identityId = identity->id;
    token.name = tokenName.isEmpty() ? name : tokenName;
    token.secretHash = hashSecret(issued.secret);
    token.scopes = scopes;
    token.createdAt = now();
    token.expiresAt = expiresAt;

    ChangeSet changes;
    changes.tokens << token;
    changes.audit << tokenAudit(QStringLiteral("create_token"), QStringLiteral("token:") + token.id,
                                QStringLiteral("for %1 (%2), scopes %3%4")
                                    .arg(email, nameOf(role), scopes.join(u','),
                                         expiresAt.isValid() ? QStringLiteral(", expires ") + expiresAt.toString(Qt::ISODate)
                                                             : QString()),
                                now());
    if (auto ok = m_store.apply(changes); !ok)
        return fail(ok.error());
    return issued;
}

Result<QList<TokenListing>> TokenService::list() const
{
    auto tokens = m_store.tokens();
    if (!tokens)
        return fail(tokens.error());
    QList<TokenListing> listing;
    for (const ApiToken &token : *tokens) {
        auto identity = m_store.identity(token.identityId);
        if (!identity)
            return fail(identity.error());
        listing.append({token, identity->value_or(Identity{})});
    }
    return listing;
}

Result<ApiToken> TokenService::revoke(const QString &tokenId)
{
    auto found = m_store.tokenById(tokenId);
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(ErrorCode::TokenNotFound, QStringLiteral("no token with id '%1'").arg(tokenId));
    ApiToken token = **found;
    if (token.revokedAt.isValid())
        return token;
    token.revokedAt = now();
    ChangeSet changes;
    changes.tokens << token;
    changes.audit << tokenAudit(QStringLiteral("revoke_token"), QStringLiteral("token:") + token.id, token.name, now());
    if (auto ok = m_store.apply(changes); !ok)
        return fail(ok.error());
    m_cache.clear();
    return token;
}

void TokenService::invalidateIfStale()
{
    // data_version moves when another process (`atrium token revoke`) commits.
    // Asking costs a query: once per 250 ms is enough.
    if (m_sinceVersionCheck.isValid() && m_sinceVersionCheck.elapsed() < 250)
        return;
    m_sinceVersionCheck.restart();
    const qint64 version = m_store.dataVersion();
    if (version != m_cacheVersion) {
        m_cache.clear();
        m_cacheVersion = version;
    }
}

Result<Actor> TokenService::authenticate(const QString &secret)
{
    if (!secret.startsWith(kTokenPrefix) || secret.size() > 128)
        return fail(invalidCredential());
    invalidateIfStale();
    const QByteArray hash = hashSecret(secret);
    const QDateTime at = now();
    if (auto it = m_cache.find(hash); it != m_cache.end()) {
        if (it->expiresAt.isValid() && at >= it->expiresAt) {
            m_cache.erase(it);
            return fail(invalidCredential());
        }
        if (it->lastTouched.secsTo(at) >= std::chrono::seconds(kTouchInterval).count()) {
            m_store.touchToken(it->tokenId, at);
            it->lastTouched = at;
        }
        return it->actor;
    }

    auto token = m_store.tokenBySecretHash(hash);
    if (!token)
        return fail(token.error());
    if (!*token || !(*token)->isUsableAt(at))
        return fail(invalidCredential());
    auto identity = m_store.identity((*token)->identityId);
    if (!identity)
        return fail(identity.error());
    if (!*identity)
        return fail(invalidCredential());

    Actor actor;
    actor.identity = **identity;
    actor.scopes = (*token)->scopes;
    actor.client = QStringLiteral("api");
    m_store.touchToken((*token)->id, at);
    m_cacheVersion = m_store.dataVersion();
    m_cache.insert(hash, CachedActor{actor, (*token)->id, (*token)->expiresAt, at});
    return actor;
}

Result<Actor> TokenService::authenticateClient(const QString &clientId, const QString &secret)
{
    auto actor = authenticate(secret);
    if (!actor)
        return actor;
    const auto cached = m_cache.constFind(hashSecret(secret));
    if (cached == m_cache.constEnd() || cached->tokenId != clientId)
        return fail(invalidCredential());
    return actor;
}

Result<Identity> TokenService::localAdmin()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = QStringLiteral("admin");
    return ensureIdentity(user, user + QStringLiteral("@localhost"), Role::Admin);
}

}  // namespace Atrium
