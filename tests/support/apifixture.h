#pragma once

#include "api/apiservice.h"
#include "httpclient.h"
#include "metrics/metricssampler.h"
#include "testsupport.h"

namespace Atrium::Testing {

/// An engine (EngineFixture) with its REST API on 127.0.0.1 and an ephemeral
/// port, and a token per kind of caller.
struct ApiFixture {
    explicit ApiFixture(EngineOptions options = {}, Api::ApiOptions apiOptions = {}, QString tunnelInterface = QString(kNoTunnelInterface),
                        QStringList hosts = {QStringLiteral("test:///default")}, HostOptions hostOptions = ownDomainsOnly());

    /// A client whose every response is checked against the reference Atrium serves
    /// (OpenApiChecker): an undocumented status or a body off its schema fails the test.
    HttpClient client() const;
    Headers bearer(const IssuedToken &token) const { return {{"Authorization", "Bearer " + token.secret.toUtf8()}}; }
    Headers apiKey(const IssuedToken &token) const { return {{"X-API-Key", token.secret.toUtf8()}}; }
    Headers clientPair(const IssuedToken &token) const
    {
        return {{"X-Client-ID", token.token.id.toUtf8()}, {"X-Client-Secret", token.secret.toUtf8()}};
    }
    /// An actor for @p token, to check engine state from the test.
    Actor actorOf(const IssuedToken &token) const;
    /// Stops Atrium and starts it again on the same database (the API gets a new port).
    void restart();

    EngineFixture engine;
    Api::ApiOptions apiOptions;
    std::unique_ptr<MetricsSampler> metrics;
    std::unique_ptr<Api::ApiService> api;
    quint16 port = 0;
    IssuedToken admin;     ///< role admin, both scopes
    IssuedToken user;      ///< role user, both scopes
    IssuedToken reader;    ///< role user, workspaces:read only
    IssuedToken other;     ///< another user, both scopes

private:
    void serve();
};

}  // namespace Atrium::Testing
