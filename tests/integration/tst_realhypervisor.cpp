// The engine against a real libvirtd and QEMU (TCG), started by the test itself.

#include "providers/libvirthost.h"
#include "realhypervisor.h"
#include "testmain.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

class TestRealHypervisor : public QObject {
    Q_OBJECT

private:
    RealHypervisor m_hypervisor;
    std::unique_ptr<EngineFixture> m_fixture;

    QStringList domainLog(const QString &id)
    {
        QStringList lines;
        for (const WorkspaceEvent &e : must(m_fixture->engine->workspaceEvents(id, std::nullopt, 200)))
            lines << e.message;
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        if (!m_hypervisor.start()) {
            if (m_hypervisor.skipped() && !integrationRequired())
                QSKIP(qPrintable(QStringLiteral("no real hypervisor here: ") + m_hypervisor.error()));
            QFAIL(qPrintable(QStringLiteral("cannot start the private libvirtd: ") + m_hypervisor.error()));
        }
        qInfo("private libvirtd answering at %s after %lld ms", qPrintable(m_hypervisor.uri()), timer.elapsed());

        EngineOptions options;
        options.stopDeadline = std::chrono::seconds(3);  // a guest without an OS ignores ACPI
        HostOptions hostOptions;
        hostOptions.storagePoolPath = m_hypervisor.directory() + QStringLiteral("/pool");
        m_fixture = std::make_unique<EngineFixture>(QStringList{m_hypervisor.uri()}, options,
                                                    QString(kNoTunnelInterface), hostOptions);
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        QVERIFY2(host->isConnected(), qPrintable(host->info().lastError));
        QVERIFY(!host->isSimulated());
        QCOMPARE(host->info().hypervisor, QStringLiteral("QEMU"));
        QVERIFY(host->isLocal());
        QVERIFY(host->info().cpus > 0);
        if (!QFile::exists(QStringLiteral("/dev/kvm")))
            QCOMPARE(host->info().virtType, QStringLiteral("qemu"));  // TCG
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_hypervisor.stop();
    }

    void launchRunsARealDomainAndStopDestroysIt()
    {
        Engine &engine = *m_fixture->engine;
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        QSignalSpy events(host, &LibvirtHost::domainEvent);
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Real TCG guest")));
        QVERIFY(vm);

        QElapsedTimer timer;
        timer.start();
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched);
        QVERIFY2(*launched, qPrintable(*launched ? QString() : (*launched).error().message));
        qInfo("launch to running: %lld ms", timer.elapsed());
        const Workspace running = *engine.workspace(vm->id);
        QCOMPARE(running.status, WorkspaceStatus::Running);
        QCOMPARE(running.hostUri, m_hypervisor.uri());

        // It is real: libvirt says so, a QEMU process exists, the disk is a qcow2 file.
        QString state;
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("running"));
        const QString pidFile = m_hypervisor.directory() + QStringLiteral("/run/qemu/%1.pid").arg(running.domainName);
        QVERIFY2(QFile::exists(pidFile), qPrintable(pidFile));
        const QString disk = m_hypervisor.directory() + QStringLiteral("/pool/%1.qcow2").arg(running.domainName);
        QVERIFY2(QFile::exists(disk), qPrintable(disk));
        QTRY_VERIFY(!events.isEmpty());
        bool sawStarted = false;
        for (const QList<QVariant> &e : std::as_const(events))
            sawStarted |= e.first().value<DomainEvent>().kind == DomainEventKind::Started;
        QVERIFY(sawStarted);

        // No OS answers the ACPI button: after the deadline the domain is destroyed.
        events.clear();
        timer.restart();
        const auto stopped = await(engine.stopWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY2(stopped && *stopped, qPrintable(stopped && !*stopped ? (*stopped).error().message : QString()));
        qInfo("stop (graceful attempt, then destroy): %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() >= 2900);
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(engine.activeSessions().size(), 0);
        QVERIFY(m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}, &state));
        QCOMPARE(state.trimmed(), QStringLiteral("shut off"));
        QVERIFY(engine.audit({})->first().detail.contains(QStringLiteral("destroyed")));
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.last().first().value<DomainEvent>().kind, DomainEventKind::Stopped);

        // Deleting removes the domain and its disk.
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
        QVERIFY(!m_hypervisor.virsh({QStringLiteral("domstate"), running.domainName}));
        QVERIFY(!QFile::exists(disk));
    }

    void stateChangesMadeWithVirshArriveAsEvents()
    {
        Engine &engine = *m_fixture->engine;
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Poked from outside")));
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched && *launched);
        const QString domain = engine.workspace(vm->id)->domainName;

        QVERIFY(m_hypervisor.virsh({QStringLiteral("suspend"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Paused);
        QVERIFY(m_hypervisor.virsh({QStringLiteral("resume"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);

        QVERIFY(m_hypervisor.virsh({QStringLiteral("destroy"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(engine.store().session((*launched)->session.id)->value().status, SessionStatus::Terminated);
        QVERIFY2(domainLog(vm->id).join(u'\n').contains(QStringLiteral("stopped (destroyed)")),
                 qPrintable(domainLog(vm->id).join(u'\n')));

        QVERIFY(m_hypervisor.virsh({QStringLiteral("start"), domain}));
        QTRY_COMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
    }

    void libvirtsRefusalIsReportedWithItsReason()
    {
        Engine &engine = *m_fixture->engine;
        WorkspacePatch patch = smallVm(QStringLiteral("Too many CPUs"));
        patch.cpus = 256;  // valid for Atrium; QEMU's 'pc' machine takes at most 255
        const auto vm = engine.createWorkspace(m_fixture->admin, patch);
        QVERIFY(vm);
        const auto launched = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY(launched && !*launched);
        const Error error = launched->error();
        qInfo("libvirt said: %s", qPrintable(error.message));
        QVERIFY(error.code == ErrorCode::HypervisorFailed || error.code == ErrorCode::CreateFailed);
        QVERIFY(error.message.contains(QStringLiteral("atrium-") + vm->id));
        const Workspace w = *engine.workspace(vm->id);
        QCOMPARE(w.status, WorkspaceStatus::Error);
        QCOMPARE(w.statusMessage, error.message);
        QVERIFY(!engine.audit({})->first().success);
        QCOMPARE(engine.activeSessions().size(), 0);

        // Fixing the resources makes it launchable again.
        WorkspacePatch fix;
        fix.cpus = 1;
        fix.status = WorkspaceStatus::Available;
        QVERIFY(engine.updateWorkspace(m_fixture->admin, vm->id, fix));
        const auto retried = await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60));
        QVERIFY2(retried && *retried, qPrintable(retried && !*retried ? (*retried).error().message : QString()));
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
    }

    void reconnectsAfterTheDaemonRestarts()
    {
        Engine &engine = *m_fixture->engine;
        LibvirtHost *host = m_fixture->hosts->defaultHost();
        const auto vm = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Survives a daemon restart")));
        QVERIFY(await(engine.launchWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60))->has_value());

        // libvirtd dies; the connection drops; Atrium says so and refuses new work…
        QVERIFY(m_hypervisor.killLibvirtd());
        QTRY_VERIFY_WITH_TIMEOUT(host->info().state != HostState::Connected, 20000);
        QVERIFY(!host->info().lastError.isEmpty());
        const auto other = engine.createWorkspace(m_fixture->admin, smallVm(QStringLiteral("Launched while down")));
        if (!host->isConnected()) {
            const auto refused = await(engine.launchWorkspace(m_fixture->user, other->id));
            QCOMPARE(refused->error().code, ErrorCode::VmUnavailable);
        }

        // …then reconnects on its own once the daemon is back. QEMU never stopped.
        QElapsedTimer timer;
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(host->isConnected(), 30000);
        qInfo("reconnected %lld ms after the connection dropped", timer.elapsed());
        QCOMPARE(engine.workspace(vm->id)->status, WorkspaceStatus::Running);
        QVERIFY(await(engine.stopWorkspace(m_fixture->user, vm->id), std::chrono::seconds(60))->has_value());
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, vm->id))->has_value());
        QVERIFY(await(engine.deleteWorkspace(m_fixture->admin, other->id))->has_value());
    }
};

ATRIUM_TEST_MAIN(TestRealHypervisor)
#include "tst_realhypervisor.moc"
