#include "api/http/credentials.h"

#include "auth/tokenservice.h"

namespace Atrium::Api {

QString clientAddress(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : peer.toString();
}

Credentials::Credentials(TokenService &tokens)
    : m_tokens(tokens)
{
    m_clock.start();
}

std::optional<int> Credentials::blockedFor(const QString &address)
{
    auto it = m_failures.find(address);
    if (it == m_failures.end())
        return std::nullopt;
    const qint64 age = m_clock.elapsed() - it->windowStart;
    if (age >= kWindowMs) {
        m_failures.erase(it);
        return std::nullopt;
    }
    if (it->count < kMaxFailures)
        return std::nullopt;
    return int((kWindowMs - age + 999) / 1000);
}

void Credentials::recordFailure(const QString &address)
{
    Failures &f = m_failures[address];
    if (f.count == 0 || m_clock.elapsed() - f.windowStart >= kWindowMs) {
        f.count = 0;
        f.windowStart = m_clock.elapsed();
    }
    ++f.count;
    if (m_failures.size() > 100000)
        m_failures.clear();  // a flood of addresses: forget rather than grow without bound
}

std::expected<Actor, Credentials::Refusal> Credentials::authenticate(Surface surface, const ApiRequest &request)
{
    const QString address = clientAddress(request.peer);
    QString secret;
    QString clientId;
    if (surface == Surface::ClientPair) {
        clientId = QString::fromUtf8(request.header("x-client-id")).trimmed();
        secret = QString::fromUtf8(request.header("x-client-secret")).trimmed();
        if (clientId.isEmpty() || secret.isEmpty()) {
            return std::unexpected(Refusal{
                Error(ErrorCode::Unauthenticated,
                      QStringLiteral("Authentication failed: send X-Client-ID (the token id) and X-Client-Secret (the token)"))});
        }
    } else {
        const QByteArray authorization = request.header("authorization");
        if (authorization.startsWith("Bearer ") || authorization.startsWith("bearer "))
            secret = QString::fromUtf8(authorization.mid(7)).trimmed();
        else if (!request.header("x-api-key").isEmpty())
            secret = QString::fromUtf8(request.header("x-api-key")).trimmed();
        if (secret.isEmpty()) {
            const QString how = surface == Surface::ApiKey ? QStringLiteral("send an X-API-Key header")
                                                           : QStringLiteral("send 'Authorization: Bearer <token>'");
            return std::unexpected(Refusal{Error(ErrorCode::Unauthenticated, QStringLiteral("Not authenticated: ") + how)});
        }
    }

    auto actor = surface == Surface::ClientPair ? m_tokens.authenticateClient(clientId, secret) : m_tokens.authenticate(secret);
    if (!actor) {
        // The throttle only ever answers wrong guesses: every local script shares 127.0.0.1, and a
        // valid credential must not be locked out by someone else's typos. A guess at a 256-bit
        // token gains nothing from the speed of the answer.
        if (const auto wait = blockedFor(address)) {
            return std::unexpected(Refusal{
                Error(ErrorCode::TooManyRequests,
                      QStringLiteral("Too many failed authentication attempts; try again in %1 s").arg(*wait)),
                *wait});
        }
        if (actor.error().code == ErrorCode::Unauthenticated)
            recordFailure(address);
        return std::unexpected(Refusal{actor.error()});
    }
    actor->clientAddress = address;
    return *actor;
}

}  // namespace Atrium::Api
