#pragma once

#include "auth/tokenservice.h"
#include "engine/engine.h"
#include "providers/hostregistry.h"
#include "providers/tunnelprobe.h"
#include "store/store.h"

#include <QFuture>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <memory>
#include <optional>

namespace Atrium::Testing {

using namespace std::chrono_literals;

/// Runs the event loop until @p future finishes (tests only: production code
/// never waits). Returns nullopt on timeout or cancellation.
template <typename T>
std::optional<T> await(QFuture<T> future, std::chrono::milliseconds timeout = 15s)
{
    QDeadlineTimer deadline(timeout);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(2);
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

/// An interface name no machine has: the tunnel probe then reports "unavailable".
inline constexpr QLatin1StringView kNoTunnelInterface{"atrium-none0"};

/// A whole engine on a fresh database in a temporary directory, with the hosts
/// given (default: libvirt's in-process simulator), an admin and a user.
struct EngineFixture {
    explicit EngineFixture(QStringList hostUris = {QStringLiteral("test:///default")},
                           EngineOptions options = {}, QString tunnelInterface = QString(kNoTunnelInterface),
                           HostOptions hostOptions = {});
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

/// A workspace patch for a small VM (simulated hosts accept anything).
WorkspacePatch smallVm(const QString &name = QStringLiteral("Test VM"));
/// A workspace's lifecycle log (the v1 API's `deploy` logs), oldest first, one line per entry.
QString lifecycleLog(Engine &engine, const QString &workspaceId);

/// A remote endpoint on loopback that needs no tunnel.
WorkspacePatch loopbackEndpoint(const QString &name = QStringLiteral("Loopback panel"));

}  // namespace Atrium::Testing
