// Reachability of remote endpoints: measured at a launch, when asked, and
// periodically only for endpoints whose owner opted in (health_checks). Every
// endpoint here is a QTcpServer of the test's own on 127.0.0.1, which counts
// the connections Atrium opens to it.

#include "engine/healthchecks.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;
using namespace std::chrono_literals;

namespace {

/// A loopback endpoint that counts (and drops) the connections made to it.
class CountingEndpoint {
public:
    CountingEndpoint()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++m_connections;
                socket->close();
                socket->deleteLater();
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/panel").arg(m_port ? m_port : m_server.serverPort()); }
    int connections() const { return m_connections; }
    /// Stops listening; the port keeps being named by url() (now refused).
    void close()
    {
        m_port = m_server.serverPort();
        m_server.close();
    }

private:
    QTcpServer m_server;
    int m_connections = 0;
    quint16 m_port = 0;
};

WorkspacePatch endpointAt(const QString &name, const QString &url, bool healthChecks)
{
    WorkspacePatch p = loopbackEndpoint(name);
    p.url = url;
    p.healthChecks = healthChecks;
    return p;
}

int linesWith(const QString &log, const QString &text)
{
    const QStringList lines = log.split(u'\n');
    return int(std::count_if(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.contains(text); }));
}

EngineOptions checkingEvery(std::chrono::milliseconds interval)
{
    EngineOptions options;
    options.healthCheckInterval = interval;
    return options;
}

}  // namespace

class TestHealthChecks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingIsProbedUnlessSomeoneLaunchesAsksOrOptedIn()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(50ms));
        CountingEndpoint quiet;
        const auto created = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Quiet"), quiet.url(), false));
        QVERIFY(created);
        QTest::qWait(400);  // eight check intervals
        QCOMPARE(quiet.connections(), 0);
        QVERIFY(!f.engine->lastReachability(created->id));
        QVERIFY(f.engine->findChild<HealthChecks *>()->watched().isEmpty());
    }

    void aLaunchMeasuresTheEndpoint()
    {
        EngineFixture f;
        CountingEndpoint gateway;
        const auto created = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Gateway"), gateway.url(), false));
        QSignalSpy measured(f.engine.get(), &Engine::reachabilityMeasured);
        QVERIFY(await(f.engine->launchWorkspace(f.user, created->id))->has_value());
        QTRY_COMPARE(measured.size(), 1);
        QCOMPARE(measured.first().first().toString(), created->id);
        const auto last = f.engine->lastReachability(created->id);
        QVERIFY(last && last->reachable);
        QVERIFY(last->rttMs && *last->rttMs >= 0 && *last->rttMs < 1000);
        QCOMPARE(last->target, gateway.url().section(u'/', 2, 2));
        QTRY_COMPARE(gateway.connections(), 1);
        QCOMPARE(linesWith(lifecycleLog(*f.engine, created->id), QStringLiteral("reachable: TCP handshake")), 1);
        QVERIFY(lifecycleLog(*f.engine, created->id).contains(QStringLiteral("(checked at launch)")));
    }

    void aRefusedLaunchSendsNothing()
    {
        EngineFixture f;
        CountingEndpoint guarded;
        WorkspacePatch p = endpointAt(QStringLiteral("Guarded"), guarded.url(), false);
        p.requiresNetbird = true;  // and this machine has no tunnel
        const auto created = f.engine->createWorkspace(f.admin, p);
        QVERIFY(!*await(f.engine->launchWorkspace(f.user, created->id)));
        QTest::qWait(200);
        QCOMPARE(guarded.connections(), 0);
        QVERIFY(!f.engine->lastReachability(created->id));
    }

    void optedInEndpointsAreCheckedEveryInterval()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(100ms));
        CountingEndpoint watched;
        CountingEndpoint quiet;
        const auto on = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Watched"), watched.url(), true));
        const auto off = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Quiet"), quiet.url(), false));
        QTRY_COMPARE(watched.connections(), 1);  // opting in checks at once
        QTRY_VERIFY(watched.connections() >= 4);
        QCOMPARE(quiet.connections(), 0);
        QVERIFY(f.engine->lastReachability(on->id)->reachable);
        QVERIFY(!f.engine->lastReachability(off->id));
        // The log says what changed, not every check.
        QCOMPARE(linesWith(lifecycleLog(*f.engine, on->id), QStringLiteral("periodic check")), 1);

        watched.close();
        QTRY_VERIFY(!f.engine->lastReachability(on->id)->reachable);
        QVERIFY(f.engine->lastReachability(on->id)->error.contains(QStringLiteral("refused"), Qt::CaseInsensitive));
        QTest::qWait(300);
        QCOMPARE(linesWith(lifecycleLog(*f.engine, on->id), QStringLiteral("periodic check")), 2);
        QCOMPARE(linesWith(lifecycleLog(*f.engine, on->id), QStringLiteral("not reachable")), 1);
    }

    void optingOutStopsTheChecksAndOptingInStartsThem()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(100ms));
        CountingEndpoint endpoint;
        const auto created = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Toggled"), endpoint.url(), true));
        QTRY_VERIFY(endpoint.connections() >= 2);

        WorkspacePatch off;
        off.healthChecks = false;
        QVERIFY(f.engine->updateWorkspace(f.admin, created->id, off));
        QTest::qWait(150);  // a probe in flight may still land
        const int afterOptOut = endpoint.connections();
        QTest::qWait(500);
        QCOMPARE(endpoint.connections(), afterOptOut);

        WorkspacePatch on;
        on.healthChecks = true;
        QVERIFY(f.engine->updateWorkspace(f.admin, created->id, on));
        QTRY_VERIFY(endpoint.connections() > afterOptOut);
    }

    void aNewUrlForgetsTheOldMeasurementAndIsCheckedAtOnce()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(1h));
        CountingEndpoint first;
        CountingEndpoint second;
        const auto created = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Moving"), first.url(), true));
        QTRY_VERIFY(f.engine->lastReachability(created->id));
        QCOMPARE(first.connections(), 1);

        WorkspacePatch moved;
        moved.url = second.url();
        QVERIFY(f.engine->updateWorkspace(f.admin, created->id, moved));
        QVERIFY(!f.engine->lastReachability(created->id));  // it was measured somewhere else
        QTRY_COMPARE(second.connections(), 1);
        QTRY_VERIFY(f.engine->lastReachability(created->id));
        QCOMPARE(f.engine->lastReachability(created->id)->target, second.url().section(u'/', 2, 2));
        QCOMPARE(first.connections(), 1);
    }

    void vmsAndEndpointsWithoutAHostAreNeverProbed()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(50ms));
        QVERIFY(f.waitForHosts());
        WorkspacePatch vm = smallVm();
        vm.healthChecks = true;
        const auto created = f.engine->createWorkspace(f.admin, vm);
        QVERIFY(created);
        QVERIFY(!Engine::canProbe(*created));
        WorkspacePatch browser = endpointAt(QStringLiteral("Browser"), QString(), true);
        browser.type = WorkspaceType::Browser;
        browser.connectionType = ConnectionType::Browser;
        const auto isolated = f.engine->createWorkspace(f.admin, browser);
        QVERIFY(isolated);
        QVERIFY(!Engine::canProbe(*isolated));
        QVERIFY(f.engine->findChild<HealthChecks *>()->watched().isEmpty());
        QVERIFY(await(f.engine->launchWorkspace(f.user, isolated->id))->has_value());
        QTest::qWait(200);
        QVERIFY(!f.engine->lastReachability(created->id));
        QVERIFY(!f.engine->lastReachability(isolated->id));
        const auto refused = await(f.engine->probeWorkspace(f.user, created->id));
        QCOMPARE(refused->error().code, ErrorCode::Conflict);
        await(f.engine->stopWorkspace(f.admin, isolated->id));
    }

    void aRemovedEndpointIsNoLongerChecked()
    {
        EngineFixture f({QStringLiteral("test:///default")}, checkingEvery(100ms));
        CountingEndpoint endpoint;
        const auto created = f.engine->createWorkspace(f.admin, endpointAt(QStringLiteral("Removed"), endpoint.url(), true));
        QTRY_VERIFY(endpoint.connections() >= 1);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, created->id))->has_value());
        QTest::qWait(150);
        const int afterRemoval = endpoint.connections();
        QTest::qWait(400);
        QCOMPARE(endpoint.connections(), afterRemoval);
        QVERIFY(!f.engine->lastReachability(created->id));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestHealthChecks)
#include "tst_healthchecks.moc"
