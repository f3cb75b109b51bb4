// TTL, restart_policy and remove_on_exit: the decisions, then the engine
// carrying them out on libvirt's simulator (domains destroyed "from outside"
// through a second handle, as `virsh destroy` would).

#include "engine/lifecyclepolicies.h"
#include "providers/hostregistry.h"
#include "providers/libvirthost.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimeZone>

using namespace Atrium;
using namespace Atrium::Testing;
using namespace std::chrono_literals;

namespace {

Workspace runningTemporary(const QString &ttl)
{
    Workspace w;
    w.id = QStringLiteral("ws-t");
    w.mode = WorkspaceMode::Temporary;
    w.config.ttl = ttl;
    w.status = WorkspaceStatus::Running;
    w.startedAt = QDateTime(QDate(2026, 11, 23), QTime(10, 0), QTimeZone::utc());
    return w;
}

DomainEvent exitEvent(const QString &reason, bool failure = false)
{
    DomainEvent e;
    e.kind = DomainEventKind::Stopped;
    e.reason = reason;
    e.failure = failure;
    return e;
}

WorkspacePatch vmWith(RestartPolicy policy, int maxRestarts, bool removeOnExit = false)
{
    WorkspacePatch p = smallVm(QStringLiteral("Policy VM"));
    LifecycleConfig c;
    c.restartPolicy = policy;
    c.maxRestarts = maxRestarts;
    c.removeOnExit = removeOnExit;
    p.config = c;
    return p;
}

WorkspacePatch temporaryVm(const QString &ttl, TtlAction action)
{
    WorkspacePatch p = smallVm(QStringLiteral("Temporary VM"));
    p.mode = WorkspaceMode::Temporary;
    LifecycleConfig c;
    c.ttl = ttl;
    c.ttlAction = action;
    p.config = c;
    return p;
}

QString domainOf(const QString &id)
{
    return QStringLiteral("atrium-") + id;
}

}  // namespace

class TestLifecyclePolicies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ttlCountsFromTheStartOfARunningTemporaryWorkspace()
    {
        const Workspace w = runningTemporary(QStringLiteral("1h30m"));
        QCOMPARE(LifecyclePolicy::ttlDeadline(w), w.startedAt.addSecs(5400));

        Workspace permanent = w;
        permanent.mode = WorkspaceMode::Permanent;  // the micro-VM API: ttl is for temporary mode only
        QVERIFY(!LifecyclePolicy::ttlDeadline(permanent));
        Workspace stopped = w;
        stopped.status = WorkspaceStatus::Available;
        stopped.startedAt = {};
        QVERIFY(!LifecyclePolicy::ttlDeadline(stopped));
        Workspace noTtl = runningTemporary(QString());
        QVERIFY(!LifecyclePolicy::ttlDeadline(noTtl));
        Workspace garbage = runningTemporary(QStringLiteral("soon"));
        QVERIFY(!LifecyclePolicy::ttlDeadline(garbage));
    }

    void exitDecisions_data()
    {
        QTest::addColumn<RestartPolicy>("policy");
        QTest::addColumn<int>("maxRestarts");
        QTest::addColumn<bool>("removeOnExit");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("restartsSoFar");
        QTest::addColumn<ExitAction>("expected");

        QTest::newRow("no policy") << RestartPolicy::No << 0 << false << "destroyed" << 0 << ExitAction::None;
        QTest::newRow("always, guest shut down") << RestartPolicy::Always << 0 << false << "shut down" << 0 << ExitAction::Restart;
        QTest::newRow("always, unlimited") << RestartPolicy::Always << 0 << false << "crashed" << 500 << ExitAction::Restart;
        QTest::newRow("always, max reached") << RestartPolicy::Always << 3 << false << "destroyed" << 3 << ExitAction::None;
        QTest::newRow("always, under max") << RestartPolicy::Always << 3 << false << "destroyed" << 2 << ExitAction::Restart;
        QTest::newRow("on-failure, crashed") << RestartPolicy::OnFailure << 0 << false << "crashed" << 0 << ExitAction::Restart;
        QTest::newRow("on-failure, destroyed outside") << RestartPolicy::OnFailure << 0 << false << "destroyed" << 0 << ExitAction::Restart;
        QTest::newRow("on-failure, guest shut down") << RestartPolicy::OnFailure << 0 << false << "shut down" << 0 << ExitAction::None;
        QTest::newRow("remove on exit") << RestartPolicy::No << 0 << true << "shut down" << 0 << ExitAction::Remove;
        QTest::newRow("restart wins over remove") << RestartPolicy::Always << 0 << true << "crashed" << 0 << ExitAction::Restart;
        QTest::newRow("remove once restarts run out") << RestartPolicy::Always << 1 << true << "crashed" << 1 << ExitAction::Remove;
    }

    void exitDecisions()
    {
        QFETCH(RestartPolicy, policy);
        QFETCH(int, maxRestarts);
        QFETCH(bool, removeOnExit);
        QFETCH(QString, reason);
        QFETCH(int, restartsSoFar);
        QFETCH(ExitAction, expected);
        Workspace w;
        w.config.restartPolicy = policy;
        w.config.maxRestarts = maxRestarts;
        w.config.removeOnExit = removeOnExit;
        const ExitDecision d = LifecyclePolicy::onUnexpectedExit(w, exitEvent(reason, reason == u"crashed"), restartsSoFar);
        QCOMPARE(d.action, expected);
        if (expected != ExitAction::None)
            QVERIFY2(!d.why.isEmpty(), "every action is explained in the lifecycle log");
    }

    void restartsBackOffUpToAMinute()
    {
        QCOMPARE(LifecyclePolicy::restartBackoff(1), 500ms);
        QCOMPARE(LifecyclePolicy::restartBackoff(2), 1000ms);
        QCOMPARE(LifecyclePolicy::restartBackoff(3), 2000ms);
        QCOMPARE(LifecyclePolicy::restartBackoff(8), 60000ms);
        QCOMPARE(LifecyclePolicy::restartBackoff(1000), 60000ms);
    }

    void alwaysRestartsADestroyedDomainUntilMaxRestarts()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, vmWith(RestartPolicy::Always, 2));
        QVERIFY(vm);
        QVERIFY(must(*await(f.engine->launchWorkspace(f.user, vm->id))).workspace.status == WorkspaceStatus::Running);
        LibvirtHost *host = f.hosts->defaultHost();

        for (int attempt = 1; attempt <= 2; ++attempt) {
            QVERIFY(await(host->destroy(domainOf(vm->id)))->has_value());
            QTRY_COMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);  // seen exiting…
            QTRY_VERIFY2_WITH_TIMEOUT(f.engine->workspace(vm->id)->status == WorkspaceStatus::Running,  // …and back
                                      qPrintable(lifecycleLog(*f.engine, vm->id)), 5000);
            QCOMPARE(f.engine->policies().restartCount(vm->id), attempt);
            QVERIFY2(lifecycleLog(*f.engine, vm->id).contains(QStringLiteral("restart %1 of 2").arg(attempt)),
                     qPrintable(lifecycleLog(*f.engine, vm->id)));
        }
        // The third exit finds the restarts used up: it stays down, and says why.
        QVERIFY(await(host->destroy(domainOf(vm->id)))->has_value());
        QTRY_VERIFY(lifecycleLog(*f.engine, vm->id).contains(QStringLiteral("max_restarts (2) reached")));
        QTest::qWait(800);  // longer than the first back-off: nothing restarts it
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(must(*await(host->domainInfo(domainOf(vm->id)))).state, DomainState::Shutoff);

        // The policy's restarts are audited as the system's.
        bool systemStarted = false;
        for (const AuditEntry &e : must(f.engine->audit({})))
            systemStarted |= e.actorId == u"system" && e.target.endsWith(vm->id) && e.action.contains(QStringLiteral("start"));
        QVERIFY(systemStarted);

        // A person starting it again gives the policy its restarts back.
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QCOMPARE(f.engine->policies().restartCount(vm->id), 0);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void onFailureLeavesAGuestThatShutItselfDown()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, vmWith(RestartPolicy::OnFailure, 0));
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        // A shutdown requested outside Atrium is the guest exiting cleanly.
        QVERIFY(await(f.hosts->defaultHost()->stop(domainOf(vm->id), 2s))->has_value());
        QTRY_COMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        QTest::qWait(800);
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(f.engine->policies().restartCount(vm->id), 0);

        // A destroy from outside is not the guest's choice: restarted.
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QVERIFY(await(f.hosts->defaultHost()->destroy(domainOf(vm->id)))->has_value());
        QTRY_COMPARE_WITH_TIMEOUT(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running, 5000);
        await(f.engine->stopWorkspace(f.admin, vm->id));
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void atriumsOwnStopIsNotAnExit()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, vmWith(RestartPolicy::Always, 0, true));
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QVERIFY(await(f.engine->stopWorkspace(f.user, vm->id))->has_value());
        QTest::qWait(800);
        QVERIFY(f.engine->workspace(vm->id));  // not removed
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);  // not restarted
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void removeOnExitRemovesTheWorkspaceAndItsDomain()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, vmWith(RestartPolicy::No, 0, true));
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QVERIFY(await(f.hosts->defaultHost()->destroy(domainOf(vm->id)))->has_value());
        QTRY_VERIFY(!f.engine->workspace(vm->id));
        QVERIFY2(!*await(f.hosts->defaultHost()->domainInfo(domainOf(vm->id))), "the domain is gone too");
    }

    void ttlExpiryStopsATemporaryWorkspace()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, temporaryVm(QStringLiteral("2s"), TtlAction::Stop));
        QVERIFY2(vm, qPrintable(vm ? QString() : vm.error().message));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QTRY_COMPARE_WITH_TIMEOUT(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available, 6000);
        QVERIFY2(clock.elapsed() >= 1900, "not before its time");
        QVERIFY(lifecycleLog(*f.engine, vm->id).contains(QStringLiteral("ttl 2s expired: stopping")));
        QCOMPARE(must(*await(f.hosts->defaultHost()->domainInfo(domainOf(vm->id)))).state, DomainState::Shutoff);
        QCOMPARE(f.engine->activeSessions().size(), 0);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void ttlExpiryCanRemoveTheWorkspace()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, temporaryVm(QStringLiteral("1s"), TtlAction::Remove));
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!f.engine->workspace(vm->id), 5000);
        bool audited = false;
        for (const AuditEntry &e : must(f.engine->audit({})))
            audited |= e.actorId == u"system" && e.action == u"delete_workspace" && e.target.endsWith(vm->id) && e.success;
        QVERIFY(audited);
    }

    void aTtlThatRanOutWhileAtriumWasDownActsAtStart()
    {
        auto offset = std::make_shared<qint64>(0);
        EngineOptions options;
        options.clock = [offset] { return QDateTime::currentDateTimeUtc().addSecs(*offset); };
        EngineFixture f({QStringLiteral("test:///default")}, options);
        // A second connection keeps the simulator's domains alive while the engine is down.
        HostRegistry witness(f.hostOptions);
        QTRY_VERIFY(witness.add(QStringLiteral("test:///default"))->isConnected());
        const auto vm = f.engine->createWorkspace(f.admin, temporaryVm(QStringLiteral("1h"), TtlAction::Stop));
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QTest::qWait(300);
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running);

        *offset = 2 * 3600;  // Atrium comes back two hours later
        f.restart();
        QVERIFY(f.waitForHosts());
        QTRY_COMPARE_WITH_TIMEOUT(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available, 5000);
        QVERIFY(lifecycleLog(*f.engine, vm->id).contains(QStringLiteral("ttl 1h expired")));
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestLifecyclePolicies)
#include "tst_lifecyclepolicies.moc"
