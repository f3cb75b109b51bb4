#include "testsupport.h"

#include "testresult.h"

namespace Atrium::Testing {

EngineFixture::EngineFixture(QStringList hostUris, EngineOptions options, QString tunnelInterface,
                             HostOptions hostOptionsIn)
    : uris(std::move(hostUris))
    , engineOptions(std::move(options))
    , hostOptions(std::move(hostOptionsIn))
    , tunnel(std::move(tunnelInterface))
{
    if (hostOptions.storagePoolPath == HostOptions{}.storagePoolPath)
        hostOptions.storagePoolPath = dir.filePath(QStringLiteral("pool"));
    auto opened = Store::open(dir.filePath(QStringLiteral("atrium.db")));
    if (!opened)
        qFatal("cannot open the test store: %s", qPrintable(opened.error().message));
    store = std::move(*opened);
    tokens = std::make_unique<TokenService>(*store);
    admin = actorFor(QStringLiteral("Ada Admin"), QStringLiteral("ada@example.test"), Role::Admin);
    user = actorFor(QStringLiteral("Uma User"), QStringLiteral("uma@example.test"), Role::User);
    restart();
}

EngineFixture::~EngineFixture()
{
    engine.reset();
    hosts.reset();
}

void EngineFixture::restart()
{
    engine.reset();
    hosts.reset();
    hosts = std::make_unique<HostRegistry>(hostOptions);
    // As `atrium` does: a host comes back with what the store remembers of it.
    const QList<HostSettings> remembered = must(store->hostSettings());
    for (const QString &uri : uris) {
        std::optional<HostSettings> settings;
        for (const HostSettings &s : remembered) {
            if (s.uri == uri)
                settings = s;
        }
        hosts->add(uri, settings);
    }
    waitForHosts();
    engine = std::make_unique<Engine>(*store, *hosts, tunnel, engineOptions);
    if (auto ok = engine->start(); !ok)
        qFatal("engine did not start: %s", qPrintable(ok.error().message));
    QTest::qWait(20);  // let the first reconciliation run
}

bool EngineFixture::waitForHosts(std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    // Settled: connected, failed with a reason (a host that is meant to be unreachable), or
    // waiting for credentials.
    auto allSettled = [this] {
        for (const LibvirtHost *host : hosts->hosts()) {
            const HostState state = host->info().state;
            if (state != HostState::Connected && state != HostState::Failed && state != HostState::NeedsCredentials)
                return false;
        }
        return true;
    };
    while (!allSettled() && !deadline.hasExpired())
        QTest::qWait(5);
    return allSettled();
}

Actor EngineFixture::actorFor(const QString &name, const QString &email, Role role)
{
    auto identity = tokens->ensureIdentity(name, email, role);
    if (!identity)
        qFatal("cannot create identity: %s", qPrintable(identity.error().message));
    Actor actor;
    actor.identity = *identity;
    actor.scopes = Scope::all();
    actor.clientAddress = QStringLiteral("127.0.0.1");
    actor.client = QStringLiteral("test");
    return actor;
}

WorkspacePatch smallVm(const QString &name)
{
    WorkspacePatch p;
    p.name = name;
    p.type = WorkspaceType::Linux;
    p.description = QStringLiteral("a small test VM");
    p.connectionType = ConnectionType::Vnc;
    p.requiresNetbird = false;
    p.cpus = 1;
    p.memoryMb = 256;
    p.storageMb = 64;
    return p;
}

QString lifecycleLog(Engine &engine, const QString &workspaceId)
{
    QStringList lines;
    for (const WorkspaceEvent &e : must(engine.workspaceEvents(workspaceId, WorkspaceEvent::Kind::Lifecycle, 100)))
        lines << e.message;
    return lines.join(u'\n');
}

WorkspacePatch loopbackEndpoint(const QString &name)
{
    WorkspacePatch p;
    p.name = name;
    p.type = WorkspaceType::Web;
    p.description = QStringLiteral("a panel on loopback");
    p.url = QStringLiteral("http://127.0.0.1:9/");
    p.connectionType = ConnectionType::Web;
    p.requiresNetbird = false;
    return p;
}

Session launchOrDie(EngineFixture &f, const QString &workspaceId)
{
    return launchOrDie(f, f.admin, workspaceId);
}

Session launchOrDie(EngineFixture &f, const Actor &actor, const QString &workspaceId)
{
    const auto launched = await(f.engine->launchWorkspace(actor, workspaceId));
    if (!launched || !*launched)
        qFatal("launch of %s failed: %s", qPrintable(workspaceId),
               launched ? qPrintable(launched->error().message) : "timeout");
    return (*launched)->session;
}

}  // namespace Atrium::Testing
