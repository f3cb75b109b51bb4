#pragma once

#include "auth/tokenservice.h"
#include "engine/engine.h"
#include "providers/hostregistry.h"
#include "providers/tunnelprobe.h"
#include "store/store.h"
#include "await.h"
#include "libvirttestmain.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <memory>
#include <optional>

namespace Atrium::Testing {

using namespace std::chrono_literals;

/// An interface name no machine has: the tunnel probe then reports "unavailable".
inline constexpr QLatin1StringView kNoTunnelInterface{"atrium-none0"};

/// Host options for a catalog of Atrium's own workspaces: the simulator's built-in domain
/// ("test") is not shown. Tests of found domains use HostOptions{} (they are shown).
inline HostOptions ownDomainsOnly()
{
    HostOptions options;
    options.showForeignDomains = false;
    return options;
}

/// A whole engine on a fresh database in a temporary directory, with the hosts
/// given (default: libvirt's in-process simulator), an admin and a user.
struct EngineFixture {
    explicit EngineFixture(QStringList hostUris = {QStringLiteral("test:///default")},
                           EngineOptions options = {}, QString tunnelInterface = QString(kNoTunnelInterface),
                           HostOptions hostOptions = ownDomainsOnly());
    ~EngineFixture();

    /// Destroys the engine and hosts and builds them again on the same database.
    void restart();
    bool waitForHosts(std::chrono::milliseconds timeout = 10s);
    Actor actorFor(const QString &name, const QString &email, Role role);

    QTemporaryDir dir;
    QStringList uris;
    EngineOptions engineOptions;
    HostOptions hostOptions;
    std::unique_ptr<Store> store;
    std::unique_ptr<HostRegistry> hosts;
    TunnelProbe tunnel;
    std::unique_ptr<TokenService> tokens;
    std::unique_ptr<Engine> engine;
    Actor admin;
    Actor user;
};

/// Launches @p workspaceId as @p actor (the admin when not given) and returns its session; a
/// launch that fails or times out ends the test process with the engine's message.
Session launchOrDie(EngineFixture &f, const QString &workspaceId);
Session launchOrDie(EngineFixture &f, const Actor &actor, const QString &workspaceId);

/// A workspace patch for a small VM (simulated hosts accept anything).
WorkspacePatch smallVm(const QString &name = QStringLiteral("Test VM"));
/// A workspace's lifecycle log (the v1 API's `deploy` logs), oldest first, one line per entry.
QString lifecycleLog(Engine &engine, const QString &workspaceId);

/// A remote endpoint on loopback that needs no tunnel.
WorkspacePatch loopbackEndpoint(const QString &name = QStringLiteral("Loopback panel"));

}  // namespace Atrium::Testing
