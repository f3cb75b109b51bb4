#include "apifixture.h"

#include "openapichecker.h"

#include <QTest>

namespace Atrium::Testing {

namespace {

IssuedToken issue(TokenService &tokens, const QString &name, const QString &email, Role role, const QStringList &scopes)
{
    auto issued = tokens.issue(name, email, role, scopes, {}, {});
    if (!issued)
        qFatal("cannot issue a test token: %s", qPrintable(issued.error().message));
    return *issued;
}

}  // namespace

ApiFixture::ApiFixture(EngineOptions options, Api::ApiOptions apiOptions, QString tunnelInterface, QStringList hosts,
                       HostOptions hostOptions)
    : engine(std::move(hosts), std::move(options), std::move(tunnelInterface), std::move(hostOptions))
    , apiOptions(apiOptions)
{
    serve();
    admin = issue(*engine.tokens, QStringLiteral("Ada Admin"), QStringLiteral("ada@example.test"), Role::Admin, Scope::all());
    user = issue(*engine.tokens, QStringLiteral("Uma User"), QStringLiteral("uma@example.test"), Role::User, Scope::all());
    reader = issue(*engine.tokens, QStringLiteral("Rita Reader"), QStringLiteral("rita@example.test"), Role::User,
                   {QString(Scope::WorkspacesRead)});
    other = issue(*engine.tokens, QStringLiteral("Otto Other"), QStringLiteral("otto@example.test"), Role::User, Scope::all());
}

void ApiFixture::serve()
{
    Engine *e = engine.engine.get();
    metrics = std::make_unique<MetricsSampler>(
        *engine.hosts, *engine.store, [e](const QString &uri, const QString &domain) { return e->workspaceIdForDomain(uri, domain); });
    api = std::make_unique<Api::ApiService>(*engine.engine, *engine.tokens, metrics.get(), apiOptions);
    auto listening = api->listen(QHostAddress::LocalHost, 0);
    if (!listening)
        qFatal("cannot listen: %s", qPrintable(listening.error().message));
    port = *listening;
}

void ApiFixture::restart()
{
    api.reset();
    metrics.reset();
    engine.restart();
    serve();
}

Actor ApiFixture::actorOf(const IssuedToken &token) const
{
    Actor actor;
    actor.identity = token.identity;
    actor.scopes = token.token.scopes;
    actor.clientAddress = QStringLiteral("127.0.0.1");
    actor.client = QStringLiteral("test");
    return actor;
}

HttpClient ApiFixture::client() const
{
    HttpClient http(QStringLiteral("127.0.0.1"), port);
    http.setObserver([](const QByteArray &method, const QString &path, const HttpResponse &response) {
        // A compressed body is checked by the test that asked for it, once inflated.
        if (response.headers.contains("content-encoding"))
            return;
        const QString problem = OpenApiChecker::builtIn().check(method, path, response.status, response.body);
        if (!problem.isEmpty())
            QTest::qFail(qPrintable(QStringLiteral("off the reference: ") + problem), __FILE__, __LINE__);
    });
    return http;
}

}  // namespace Atrium::Testing
