#pragma once

#include "api/http/httptypes.h"
#include "api/http/router.h"
#include "model/error.h"

#include <QElapsedTimer>
#include <QHash>

namespace Atrium {
class TokenService;
}

namespace Atrium::Api {

/// Resolves a request's credential for its surface, and throttles addresses
/// that keep presenting bad ones (10 failures a minute, then 429 for the rest
/// of that minute — to bad credentials only; a valid one always passes).
/// Secrets are compared by hash and never logged.
class Credentials final {
public:
    explicit Credentials(TokenService &tokens);

    struct Refusal {
        Error error;
        int retryAfterSeconds = 0;  ///< set for 429
    };

    std::expected<Actor, Refusal> authenticate(Surface surface, const ApiRequest &request);

    static constexpr int kMaxFailures = 10;
    static constexpr qint64 kWindowMs = 60000;

private:
    struct Failures {
        int count = 0;
        qint64 windowStart = 0;
    };

    std::optional<int> blockedFor(const QString &address);
    void recordFailure(const QString &address);

    TokenService &m_tokens;
    QHash<QString, Failures> m_failures;
    QElapsedTimer m_clock;
};

/// "::ffff:127.0.0.1" → "127.0.0.1".
QString clientAddress(const QHostAddress &peer);

}  // namespace Atrium::Api
