#include "providers/libvirthost.h"
#include "libvirttestmain.h"
#include "textchecks.h"
#include "simulatorconnection.h"
#include "testsupport.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QStringList auditActions(Engine &engine)
{
    QStringList actions;
    for (const AuditEntry &e : Testing::must(engine.audit({})))
        actions << e.action;
    return actions;
}

Result<DomainInfo> domainOn(LibvirtHost *host, const QString &name)
{
    return *await(host->domainInfo(name));
}

}  // namespace

namespace {

QString lifecycleDomainLog(const Testing::EngineFixture &f, const QString &id)
{
    QStringList log;
    for (const WorkspaceEvent &e : Testing::must(f.engine->workspaceEvents(id, WorkspaceEvent::Kind::Domain, 50)))
        log << e.message;
    return log.join(u'\n');
}

}  // namespace

class TestEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedsTheFiveDocumentedDefaults()
    {
        EngineFixture f;
        const QList<Workspace> all = f.engine->workspaces();
        QCOMPARE(all.size(), 5);
        QStringList ids;
        for (const Workspace &w : all)
            ids << w.id;
        QCOMPARE(ids, (QStringList{QStringLiteral("ws-sap-neogenesys"), QStringLiteral("ws-remote-desktop"),
                                   QStringLiteral("ws-1panel"), QStringLiteral("ws-linux-desktop"),
                                   QStringLiteral("ws-secure-browser")}));
        const Workspace sap = all.at(0);
        QCOMPARE(sap.name, QStringLiteral("SAP Neogénesys"));
        QCOMPARE(sap.type, WorkspaceType::Html5);
        QCOMPARE(sap.description, QStringLiteral("TSPlus HTML5 Desktop para acceso a SAP. Requiere conexión NetBird activa."));
        QCOMPARE(sap.imageUrl, QStringLiteral("https://images.unsplash.com/photo-1551288049-bebda4e38f71?w=400"));
        QCOMPARE(sap.status, WorkspaceStatus::Available);
        QCOMPARE(sap.resources.cpus, 4);
        QCOMPARE(sap.resources.memoryMb, 8 * 1024);
        QCOMPARE(sap.resources.storageMb, 100 * 1024);
        QCOMPARE(sap.url, QStringLiteral("http://tsplus.intranet.neosc/"));
        QCOMPARE(sap.connectionType, ConnectionType::Html5);
        QVERIFY(sap.requiresNetbird);
        QCOMPARE(sap.icon, QStringLiteral("sap"));
        const Workspace rdp = all.at(1);
        QCOMPARE(rdp.type, WorkspaceType::Rdp);
        QCOMPARE(rdp.url, QStringLiteral("http://10.100.10.152/"));
        QCOMPARE(rdp.description, QStringLiteral("Escritorio remoto Windows via TSPlus HTML5. IP: 10.100.10.152"));
        QCOMPARE(rdp.icon, QStringLiteral("windows"));
        QCOMPARE(all.at(2).type, WorkspaceType::Web);
        QCOMPARE(all.at(3).type, WorkspaceType::Linux);
        QCOMPARE(all.at(4).type, WorkspaceType::Browser);
        QVERIFY(auditActions(*f.engine).contains(QStringLiteral("seed_defaults")));
    }

    void reseedsOnlyAnEmptyCatalog()
    {
        EngineFixture f;
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, QStringLiteral("ws-1panel")))->has_value());
        f.restart();
        QCOMPARE(f.engine->workspaceCount(), 4);
        for (const Workspace &w : f.engine->workspaces())
            QVERIFY(await(f.engine->deleteWorkspace(f.admin, w.id))->has_value());
        QCOMPARE(f.engine->workspaceCount(), 0);
        f.restart();
        QCOMPARE(f.engine->workspaceCount(), 5);  // the Workspaces API: an empty catalog starts with the defaults
    }

    void createsAndPersists()
    {
        EngineFixture f;
        QSignalSpy added(f.engine.get(), &Engine::workspaceAdded);
        QSignalSpy audited(f.engine.get(), &Engine::auditAppended);
        WorkspacePatch patch = loopbackEndpoint(QStringLiteral("Grafana"));
        patch.cpus = 4;
        patch.memoryMb = 16384;
        const auto created = f.engine->createWorkspace(f.admin, patch);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QVERIFY(created->id.startsWith(QStringLiteral("ws-")));
        QCOMPARE(created->status, WorkspaceStatus::Available);
        QVERIFY(created->createdAt.isValid());
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().value<Workspace>().id, created->id);
        QCOMPARE(audited.size(), 1);
        QCOMPARE(audited.first().first().value<AuditEntry>().action, QStringLiteral("create_workspace"));
        QCOMPARE(f.engine->workspaceCount(), 6);
        f.restart();
        QCOMPARE(f.engine->workspace(created->id), *created);
    }

    void createRefusals()
    {
        EngineFixture f;
        const auto byUser = f.engine->createWorkspace(f.user, loopbackEndpoint());
        QVERIFY(!byUser);
        QCOMPARE(byUser.error().code, ErrorCode::AdminRequired);
        QCOMPARE(byUser.error().message, QStringLiteral("Admin access required"));

        WorkspacePatch noName = loopbackEndpoint();
        noName.name = QString();
        QCOMPARE(f.engine->createWorkspace(f.admin, noName).error().code, ErrorCode::InvalidNameLength);

        WorkspacePatch duplicate = loopbackEndpoint();
        duplicate.id = QStringLiteral("ws-1panel");
        const auto dup = f.engine->createWorkspace(f.admin, duplicate);
        QCOMPARE(dup.error().code, ErrorCode::Conflict);
        QCOMPARE(dup.error().httpStatus(), 409);

        WorkspacePatch elsewhere = smallVm();
        elsewhere.hostUri = QStringLiteral("qemu+ssh://root@nowhere.invalid/system");
        QCOMPARE(f.engine->createWorkspace(f.admin, elsewhere).error().code, ErrorCode::HostNotFound);

        WorkspacePatch running = loopbackEndpoint();
        running.status = WorkspaceStatus::Running;
        const auto lie = f.engine->createWorkspace(f.admin, running);
        QCOMPARE(lie.error().code, ErrorCode::InvalidInput);
        QCOMPARE(lie.error().field, QStringLiteral("status"));

        WorkspacePatch badUrl = loopbackEndpoint();
        badUrl.url = QStringLiteral("javascript:alert(1)");
        QCOMPARE(f.engine->createWorkspace(f.admin, badUrl).error().field, QStringLiteral("url"));

        QCOMPARE(f.engine->workspaceCount(), 5);  // nothing was written
    }

    void usersOwnWhatTheyCreate()
    {
        EngineFixture f;
        WorkspacePatch patch = smallVm(QStringLiteral("Uma's VM"));
        patch.ownerId = f.user.identity.id;
        const auto created = f.engine->createWorkspace(f.user, patch);
        QVERIFY(created);
        QVERIFY(f.engine->visibleWorkspace(f.user, created->id));
        QVERIFY(f.engine->visibleWorkspace(f.admin, created->id));
        const Actor other = f.actorFor(QStringLiteral("Otto"), QStringLiteral("otto@example.test"), Role::User);
        QCOMPARE(f.engine->visibleWorkspace(other, created->id).error().code, ErrorCode::WorkspaceNotFound);
        QCOMPARE(f.engine->visibleWorkspaces(other).size(), 5);
        QCOMPARE(f.engine->visibleWorkspaces(f.user).size(), 6);
        QCOMPARE(await(f.engine->launchWorkspace(other, created->id))->error().code, ErrorCode::WorkspaceNotFound);

        WorkspacePatch rename;
        rename.name = QStringLiteral("Renamed by owner");
        QVERIFY(f.engine->updateWorkspace(f.user, created->id, rename));
        QCOMPARE(f.engine->updateWorkspace(f.user, QStringLiteral("ws-1panel"), rename).error().code, ErrorCode::AdminRequired);
        WorkspacePatch steal;
        steal.ownerId = f.user.identity.id;
        QCOMPARE(f.engine->updateWorkspace(f.user, created->id, steal).error().code, ErrorCode::AdminRequired);
    }

    void updates()
    {
        EngineFixture f;
        QSignalSpy changed(f.engine.get(), &Engine::workspaceChanged);
        WorkspacePatch patch;
        patch.cpus = 8;
        patch.memoryMb = 32768;
        patch.status = WorkspaceStatus::Available;
        const auto updated = f.engine->updateWorkspace(f.admin, QStringLiteral("ws-sap-neogenesys"), patch);
        QVERIFY(updated);
        QCOMPARE(updated->resources.cpus, 8);
        QCOMPARE(updated->resources.memoryMb, 32768);
        QCOMPARE(updated->url, QStringLiteral("http://tsplus.intranet.neosc/"));  // untouched
        QVERIFY(updated->updatedAt >= updated->createdAt);
        QCOMPARE(changed.size(), 1);
        const AuditEntry last = f.engine->audit({})->first();
        QCOMPARE(last.action, QStringLiteral("update_workspace"));
        QVERIFY(last.detail.contains(QStringLiteral("cpu")));

        QCOMPARE(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-nope"), patch).error().code, ErrorCode::WorkspaceNotFound);
        WorkspacePatch newId;
        newId.id = QStringLiteral("ws-other");
        QCOMPARE(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-1panel"), newId).error().field, QStringLiteral("id"));

        // An admin takes a workspace out of service, then back.
        WorkspacePatch stop;
        stop.status = WorkspaceStatus::Stopped;
        QCOMPARE(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-1panel"), stop)->status, WorkspaceStatus::Stopped);
        const auto refused = await(f.engine->launchWorkspace(f.admin, QStringLiteral("ws-1panel")));
        QCOMPARE(refused->error().code, ErrorCode::Conflict);
        QVERIFY(refused->error().message.contains(QStringLiteral("out of service")));
        WorkspacePatch back;
        back.status = WorkspaceStatus::Available;
        QCOMPARE(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-1panel"), back)->status, WorkspaceStatus::Available);
        WorkspacePatch error;
        error.status = WorkspaceStatus::Error;
        QCOMPARE(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-1panel"), error).error().code, ErrorCode::InvalidInput);
    }

    void remoteLaunchNeedsTheTunnelItRequires()
    {
        EngineFixture f;  // no tunnel interface on this machine
        QSignalSpy sessions(f.engine.get(), &Engine::sessionChanged);
        const auto refused = await(f.engine->launchWorkspace(f.user, QStringLiteral("ws-sap-neogenesys")));
        QVERIFY(refused && !*refused);
        QCOMPARE(refused->error().code, ErrorCode::TunnelDown);
        QCOMPARE(refused->error().httpStatus(), 409);
        QVERIFY(refused->error().message.contains(QStringLiteral("NetBird")));
        QCOMPARE(sessions.size(), 0);
        QCOMPARE(f.engine->workspace(QStringLiteral("ws-sap-neogenesys"))->status, WorkspaceStatus::Available);
        const AuditEntry audit = f.engine->audit({})->first();
        QCOMPARE(audit.action, QStringLiteral("launch_workspace"));
        QVERIFY(!audit.success);
    }

    void remoteLaunchOpensASession()
    {
        EngineFixture f;
        const auto created = f.engine->createWorkspace(f.admin, loopbackEndpoint());
        QSignalSpy sessions(f.engine.get(), &Engine::sessionChanged);
        const auto launched = await(f.engine->launchWorkspace(f.user, created->id));
        QVERIFY(launched && *launched);
        const Session &s = (*launched)->session;
        QVERIFY(isUuidV4(s.id));
        QCOMPARE(s.userId, f.user.identity.id);
        QCOMPARE(s.userEmail, QStringLiteral("uma@example.test"));
        QCOMPARE(s.workspaceId, created->id);
        QCOMPARE(s.workspaceName, created->name);
        QCOMPARE(s.workspaceType, WorkspaceType::Web);
        QCOMPARE(s.status, SessionStatus::Active);
        QCOMPARE(s.ipAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.tunnelStatus, TunnelStatus::Unavailable);  // measured, not assumed
        QVERIFY(!s.mfaVerified);
        QVERIFY(!(*launched)->security.encryptedTunnel);
        QVERIFY(!(*launched)->security.mfaEnforced);
        QVERIFY(!(*launched)->security.sessionRecording);
        QVERIFY(!(*launched)->security.noOpenPorts);
        QVERIFY((*launched)->security.identityVerified);
        QCOMPARE((*launched)->workspace.status, WorkspaceStatus::Running);
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(f.engine->activeSessions().size(), 1);
        QCOMPARE(auditActions(*f.engine).first(), QStringLiteral("launch_workspace"));

        // Stop terminates it and makes the endpoint available again.
        QVERIFY(await(f.engine->stopWorkspace(f.user, created->id))->has_value());
        const Session ended = f.store->session(s.id)->value();
        QCOMPARE(ended.status, SessionStatus::Terminated);
        QVERIFY(ended.endedAt.isValid());
        QCOMPARE(f.engine->workspace(created->id)->status, WorkspaceStatus::Available);
        QCOMPARE(auditActions(*f.engine).first(), QStringLiteral("stop_workspace"));
        const auto again = await(f.engine->stopWorkspace(f.user, created->id));
        QCOMPARE(again->error().code, ErrorCode::Conflict);
        QCOMPARE(again->error().message, QStringLiteral("Workspace is not running"));
    }

    void tunnelUpIsReportedAsEncrypted()
    {
        // "lo" is up and running on every machine: a real interface standing in for wt0.
        EngineFixture f({QStringLiteral("test:///default")}, {}, QStringLiteral("lo"));
        WorkspacePatch patch = loopbackEndpoint();
        patch.requiresNetbird = true;
        const auto created = f.engine->createWorkspace(f.admin, patch);
        const auto launched = await(f.engine->launchWorkspace(f.user, created->id));
        QVERIFY(launched && *launched);
        QCOMPARE((*launched)->session.tunnelStatus, TunnelStatus::Encrypted);
        QVERIFY((*launched)->security.encryptedTunnel);
    }

    void remoteWithoutUrlIsRefused()
    {
        EngineFixture f;
        WorkspacePatch patch = loopbackEndpoint();
        patch.url = QString();
        const auto created = f.engine->createWorkspace(f.admin, patch);
        QVERIFY(created);
        QCOMPARE(await(f.engine->launchWorkspace(f.user, created->id))->error().code, ErrorCode::Conflict);
    }

    void vmLaunchProvisionsAndStarts()
    {
        EngineFixture f;
        const auto created = f.engine->createWorkspace(f.admin, smallVm());
        QVERIFY(created);
        QSignalSpy changed(f.engine.get(), &Engine::workspaceChanged);
        auto future = f.engine->launchWorkspace(f.user, created->id);
        QCOMPARE(f.engine->workspace(created->id)->status, WorkspaceStatus::Pending);  // at once, before libvirt answers
        const auto second = await(f.engine->launchWorkspace(f.user, created->id));
        QCOMPARE(second->error().code, ErrorCode::Conflict);

        const auto launched = await(future);
        QVERIFY(launched);
        QVERIFY2(*launched, qPrintable(*launched ? QString() : (*launched).error().message));
        const Workspace w = *f.engine->workspace(created->id);
        QCOMPARE(w.status, WorkspaceStatus::Running);
        QCOMPARE(w.domainName, QStringLiteral("atrium-") + created->id);
        QCOMPARE(w.hostUri, QStringLiteral("test:///default"));
        QVERIFY(w.startedAt.isValid());
        QCOMPARE((*launched)->session.tunnelStatus, TunnelStatus::NotRequired);
        QVERIFY((*launched)->security.noOpenPorts);
        QVERIFY(changed.size() >= 2);  // pending, then running

        const auto domain = domainOn(f.hosts->defaultHost(), w.domainName);
        QVERIFY(domain);
        QCOMPARE(domain->state, DomainState::Running);

        QStringList log;
        for (const WorkspaceEvent &e : Testing::must(f.engine->workspaceEvents(created->id, WorkspaceEvent::Kind::Provision, 50)))
            log << e.message;
        QVERIFY2(log.join(u'\n').contains(QStringLiteral("created disk")), qPrintable(log.join(u'\n')));
        QVERIFY(log.join(u'\n').contains(QStringLiteral("defined domain")));
        QVERIFY(log.join(u'\n').contains(QStringLiteral("started domain")));

        // A second launch of a running VM opens another session on the same domain.
        const auto another = await(f.engine->launchWorkspace(f.admin, created->id));
        QVERIFY(another && *another);
        QCOMPARE(f.engine->activeSessions().size(), 2);

        // Stop: graceful shutdown, every session terminated.
        QVERIFY(await(f.engine->stopWorkspace(f.user, created->id))->has_value());
        QCOMPARE(f.engine->workspace(created->id)->status, WorkspaceStatus::Available);
        QCOMPARE(f.engine->activeSessions().size(), 0);
        QCOMPARE(domainOn(f.hosts->defaultHost(), w.domainName)->state, DomainState::Shutoff);
        QVERIFY(f.engine->audit({})->first().detail.contains(QStringLiteral("gracefully")));

        await(f.engine->deleteWorkspace(f.admin, created->id));
    }

    void relaunchAppliesNewResourcesToTheSameDomain()
    {
        EngineFixture f;
        const auto created = f.engine->createWorkspace(f.admin, smallVm());
        QVERIFY(await(f.engine->launchWorkspace(f.admin, created->id))->has_value());
        const QString uuid = domainOn(f.hosts->defaultHost(), QStringLiteral("atrium-") + created->id)->uuid;

        WorkspacePatch bigger;
        bigger.memoryMb = 512;
        bigger.cpus = 2;
        const auto whileRunning = f.engine->updateWorkspace(f.admin, created->id, bigger);
        QCOMPARE(whileRunning.error().code, ErrorCode::Conflict);
        QVERIFY(whileRunning.error().message.contains(QStringLiteral("stopped")));

        QVERIFY(await(f.engine->stopWorkspace(f.admin, created->id))->has_value());
        QVERIFY(f.engine->updateWorkspace(f.admin, created->id, bigger));
        QVERIFY(await(f.engine->launchWorkspace(f.admin, created->id))->has_value());
        const QString name = QStringLiteral("atrium-") + created->id;
        SimulatorConnection virsh;
        virDomainPtr domain = virDomainLookupByName(virsh.get(), name.toUtf8().constData());
        QVERIFY(domain);
        const qint64 memoryKiB = qint64(virDomainGetMaxMemory(domain));
        virDomainFree(domain);
        QCOMPARE(memoryKiB, qint64(512 * 1024));
        QCOMPARE(domainOn(f.hosts->defaultHost(), name)->uuid, uuid);
        await(f.engine->deleteWorkspace(f.admin, created->id));
    }

    void disconnectRules()
    {
        EngineFixture f;
        const auto endpoint = f.engine->createWorkspace(f.admin, loopbackEndpoint());
        const auto first = await(f.engine->launchWorkspace(f.user, endpoint->id));
        const auto second = await(f.engine->launchWorkspace(f.admin, endpoint->id));
        const QString userSession = (*first)->session.id;

        const Actor other = f.actorFor(QStringLiteral("Otto"), QStringLiteral("otto@example.test"), Role::User);
        const auto notYours = f.engine->disconnectSession(other, userSession);
        QCOMPARE(notYours.error().code, ErrorCode::SessionNotFound);
        QCOMPARE(notYours.error().message, QStringLiteral("Session not found"));
        QCOMPARE(f.engine->disconnectSession(f.user, QStringLiteral("no-such-session")).error().code, ErrorCode::SessionNotFound);

        const auto done = f.engine->disconnectSession(f.user, userSession);
        QVERIFY(done);
        QCOMPARE(done->status, SessionStatus::Disconnected);
        QVERIFY(done->endedAt.isValid());
        QCOMPARE(auditActions(*f.engine).first(), QStringLiteral("disconnect_session"));
        // Someone else still uses it: still running.
        QCOMPARE(f.engine->workspace(endpoint->id)->status, WorkspaceStatus::Running);
        QCOMPARE(f.engine->disconnectSession(f.user, userSession).error().code, ErrorCode::Conflict);

        // An admin may disconnect anyone's; the endpoint is then available.
        QVERIFY(f.engine->disconnectSession(f.admin, (*second)->session.id));
        QCOMPARE(f.engine->workspace(endpoint->id)->status, WorkspaceStatus::Available);
    }

    void aVmKeepsRunningWhenItsViewerDisconnects()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const auto launched = await(f.engine->launchWorkspace(f.user, vm->id));
        QVERIFY(f.engine->disconnectSession(f.user, (*launched)->session.id));
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void deletingAVmRemovesItsDomainAndDisk()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QCOMPARE(await(f.engine->deleteWorkspace(f.user, vm->id))->error().code, ErrorCode::AdminRequired);
        QSignalSpy removed(f.engine.get(), &Engine::workspaceRemoved);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm->id))->has_value());
        QCOMPARE(removed.size(), 1);
        QVERIFY(!f.engine->workspace(vm->id));
        const auto gone = domainOn(f.hosts->defaultHost(), QStringLiteral("atrium-") + vm->id);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
        QCOMPARE(f.engine->activeSessions().size(), 0);
        QCOMPARE(await(f.engine->deleteWorkspace(f.admin, vm->id))->error().code, ErrorCode::WorkspaceNotFound);
    }

    void resetRestoresTheDefaults()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const auto endpoint = f.engine->createWorkspace(f.admin, loopbackEndpoint());
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QVERIFY(await(f.engine->launchWorkspace(f.user, endpoint->id))->has_value());
        WorkspacePatch rename;
        rename.name = QStringLiteral("Changed");
        QVERIFY(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-1panel"), rename));

        QCOMPARE(await(f.engine->resetWorkspaces(f.user))->error().code, ErrorCode::AdminRequired);
        QSignalSpy reset(f.engine.get(), &Engine::catalogReset);
        const auto count = await(f.engine->resetWorkspaces(f.admin));
        QVERIFY(count && *count);
        QCOMPARE(**count, 5);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(f.engine->workspaceCount(), 5);
        QCOMPARE(f.engine->workspace(QStringLiteral("ws-1panel"))->name, QStringLiteral("1Panel Admin"));
        QCOMPARE(f.engine->activeSessions().size(), 0);
        QVERIFY(!domainOn(f.hosts->defaultHost(), QStringLiteral("atrium-") + vm->id));
        const AuditEntry audit = f.engine->audit({})->first();
        QCOMPARE(audit.action, QStringLiteral("reset_workspaces"));
        QCOMPARE(audit.actorEmail, QStringLiteral("ada@example.test"));
        f.restart();
        QCOMPARE(f.engine->workspaceCount(), 5);
    }

    void restartStopsAndStartsAgain()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const auto first = await(f.engine->launchWorkspace(f.user, vm->id));
        const QString uuid = domainOn(f.hosts->defaultHost(), QStringLiteral("atrium-") + vm->id)->uuid;
        const auto again = await(f.engine->restartWorkspace(f.user, vm->id));
        QVERIFY(again && *again);
        QCOMPARE((*again)->status, WorkspaceStatus::Running);
        // The viewer's session ended with the stop; a restart opens none by itself.
        QCOMPARE(f.store->session((*first)->session.id)->value().status, SessionStatus::Terminated);
        QCOMPARE(f.engine->activeSessions().size(), 0);
        QCOMPARE(domainOn(f.hosts->defaultHost(), QStringLiteral("atrium-") + vm->id)->uuid, uuid);
        QVERIFY(auditActions(*f.engine).contains(QStringLiteral("start_workspace")));
        // Restarting a stopped workspace starts it.
        QVERIFY(await(f.engine->stopWorkspace(f.user, vm->id))->has_value());
        QCOMPARE((**await(f.engine->restartWorkspace(f.user, vm->id))).status, WorkspaceStatus::Running);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void syncFlushesOnlyWhatItCan()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        QCOMPARE(**await(f.engine->syncWorkspace(f.user, vm->id)), 0);  // stopped: nothing to flush
        QVERIFY(await(f.engine->startWorkspace(f.user, vm->id))->has_value());
        const auto synced = await(f.engine->syncWorkspace(f.user, vm->id));
        QVERIFY(synced);
        // The simulator fakes a guest agent; a real guest without one gets a clear refusal
        // (checked against real QEMU in tst_realhypervisor).
        QVERIFY2(*synced, qPrintable(*synced ? QString() : (*synced).error().message));
        QCOMPARE(f.engine->audit({})->first().action, QStringLiteral("sync_workspace"));
        const auto remote = f.engine->createWorkspace(f.admin, loopbackEndpoint());
        QCOMPARE((*await(f.engine->syncWorkspace(f.user, remote->id))).error().code, ErrorCode::Conflict);
        QCOMPARE((*await(f.engine->syncWorkspace(f.user, QStringLiteral("ws-none")))).error().code, ErrorCode::WorkspaceNotFound);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void startOpensNoSession()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const auto started = await(f.engine->startWorkspace(f.user, vm->id));
        QVERIFY(started && *started);
        QCOMPARE((*started)->status, WorkspaceStatus::Running);
        QCOMPARE(f.engine->activeSessions().size(), 0);
        QCOMPARE((*await(f.engine->startWorkspace(f.user, vm->id))).error().code, ErrorCode::Conflict);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void followsDomainsChangedBehindItsBack()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const auto launched = await(f.engine->launchWorkspace(f.user, vm->id));
        const QString name = QStringLiteral("atrium-") + vm->id;
        QSignalSpy audited(f.engine.get(), &Engine::auditAppended);

        // Someone runs `virsh destroy`: the lifecycle event tells the engine.
        QCOMPARE(**await(f.hosts->defaultHost()->destroy(name)), StopOutcome::Destroyed);
        QTRY_COMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        QCOMPARE(f.store->session((*launched)->session.id)->value().status, SessionStatus::Terminated);
        QTRY_VERIFY(!audited.isEmpty());
        QCOMPARE(audited.last().first().value<AuditEntry>().action, QStringLiteral("domain_stopped"));
        QStringList log;
        for (const WorkspaceEvent &e : Testing::must(f.engine->workspaceEvents(vm->id, WorkspaceEvent::Kind::Domain, 50)))
            log << e.message;
        QVERIFY2(log.join(u'\n').contains(QStringLiteral("stopped (destroyed)")), qPrintable(log.join(u'\n')));

        // …and `virsh start`.
        DomainSpec spec = f.engine->domainSpecFor(*f.engine->workspace(vm->id));
        QVERIFY(await(f.hosts->defaultHost()->ensureRunning(spec))->has_value());
        QTRY_COMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void anEventThatArrivesLateIsHistoryNotNews()
    {
        // libvirt's events come on their own thread: one can arrive after Atrium's own stop
        // that followed it. Delivered here as libvirt would deliver it, late.
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        QVERIFY(await(f.engine->launchWorkspace(f.user, vm->id))->has_value());
        QVERIFY(await(f.engine->stopWorkspace(f.user, vm->id))->has_value());
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        DomainEvent late;
        late.hostUri = f.hosts->defaultHost()->uri();
        late.domainName = QStringLiteral("atrium-") + vm->id;
        late.kind = DomainEventKind::Started;
        late.reason = QStringLiteral("booted");
        Q_EMIT f.hosts->domainEvent(late);
        QTRY_VERIFY(lifecycleDomainLog(f, vm->id).contains(QStringLiteral("already past: the domain is shut off now")));
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);  // not revived
        QCOMPARE(f.engine->activeSessions().size(), 0);

        // A late "stopped" for a domain that runs again does not end its session.
        const auto relaunched = await(f.engine->launchWorkspace(f.user, vm->id));
        QVERIFY(relaunched && relaunched->has_value());
        late.kind = DomainEventKind::Stopped;
        late.reason = QStringLiteral("destroyed");
        late.failure = true;
        Q_EMIT f.hosts->domainEvent(late);
        QTRY_VERIFY(lifecycleDomainLog(f, vm->id).contains(QStringLiteral("already past: the domain is running now")));
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running);
        QCOMPARE(f.store->session((*relaunched)->session.id)->value().status, SessionStatus::Active);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void reconcilesWhatHappenedWhileItWasDown()
    {
        EngineFixture f;
        // A second connection keeps the simulator's state alive across the restart.
        HostRegistry witness(f.hostOptions);
        LibvirtHost *outside = witness.add(QStringLiteral("test:///default"));
        QTRY_VERIFY(outside->isConnected());

        const auto stopped = f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("will be stopped")));
        const auto removed = f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("will be undefined")));
        const auto kept = f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("keeps running")));
        for (const auto &w : {stopped, removed, kept})
            QVERIFY(await(f.engine->launchWorkspace(f.user, w->id))->has_value());

        f.engine.reset();
        f.hosts.reset();
        QVERIFY(await(outside->destroy(QStringLiteral("atrium-") + stopped->id))->has_value());
        QVERIFY(await(outside->remove(QStringLiteral("atrium-") + removed->id))->has_value());
        f.restart();

        QTRY_COMPARE(f.engine->workspace(stopped->id)->status, WorkspaceStatus::Available);
        QTRY_COMPARE(f.engine->workspace(removed->id)->status, WorkspaceStatus::Available);
        QVERIFY(f.engine->workspace(removed->id)->domainName.isEmpty());
        QCOMPARE(f.engine->workspace(kept->id)->status, WorkspaceStatus::Running);
        QCOMPARE(f.engine->activeSessions().size(), 1);
        QVERIFY(auditActions(*f.engine).contains(QStringLiteral("reconcile_workspace")));
        for (const auto &w : {stopped, removed, kept})
            await(f.engine->deleteWorkspace(f.admin, w->id));
    }

    void anUnreachableHostIsReportedNotHidden()
    {
        EngineFixture f({QStringLiteral("test:///default"), QStringLiteral("test:///nonexistent/atrium/host.xml")});
        LibvirtHost *dead = f.hosts->host(QStringLiteral("test:///nonexistent/atrium/host.xml"));
        QTRY_COMPARE(dead->info().state, HostState::Failed);
        QVERIFY(!dead->info().lastError.isEmpty());
        WorkspacePatch patch = smallVm();
        patch.hostUri = dead->uri();
        const auto vm = f.engine->createWorkspace(f.admin, patch);
        QVERIFY(vm);
        const auto launched = await(f.engine->launchWorkspace(f.user, vm->id));
        QCOMPARE(launched->error().code, ErrorCode::VmUnavailable);
        QCOMPARE(launched->error().httpStatus(), 503);
        QVERIFY2(launched->error().message.contains(dead->uri()), qPrintable(launched->error().message));
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Available);
        QVERIFY(!f.engine->audit({})->first().success);
    }

    void resumesAPausedDomain()
    {
        EngineFixture f;
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        const QString name = QStringLiteral("atrium-") + vm->id;
        // Somebody defined, started and paused the domain Atrium is about to want.
        {
            SimulatorConnection virsh;
            const QByteArray xml = QStringLiteral("<domain type='test'><name>%1</name><memory>131072</memory>"
                                                  "<os><type>hvm</type></os></domain>").arg(name).toUtf8();
            virDomainPtr d = virDomainDefineXML(virsh.get(), xml.constData());
            const bool ok = d && virDomainCreate(d) == 0 && virDomainSuspend(d) == 0;
            if (d)
                virDomainFree(d);
            QVERIFY(ok);
        }
        const auto launched = await(f.engine->launchWorkspace(f.user, vm->id));
        QVERIFY(launched && *launched);
        QCOMPARE(f.engine->workspace(vm->id)->status, WorkspaceStatus::Running);
        QStringList log;
        for (const WorkspaceEvent &e : Testing::must(f.engine->workspaceEvents(vm->id, WorkspaceEvent::Kind::Provision, 10)))
            log << e.message;
        QVERIFY2(log.join(u'\n').contains(QStringLiteral("resumed")), qPrintable(log.join(u'\n')));
        QCOMPARE(domainOn(f.hosts->defaultHost(), name)->state, DomainState::Running);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }

    void hostsAreAddedRemovedAndRemembered()
    {
        EngineFixture f;
        QCOMPARE(f.engine->addHost(f.user, QStringLiteral("test:///default")).error().code, ErrorCode::AdminRequired);
        QCOMPARE(f.engine->addHost(f.admin, QStringLiteral("not a uri")).error().field, QStringLiteral("uri"));
        QCOMPARE(f.engine->addHost(f.admin, QStringLiteral("http://example.test/")).error().code, ErrorCode::InvalidInput);
        QCOMPARE(f.engine->addHost(f.admin, QStringLiteral("test:///default")).error().code, ErrorCode::Conflict);

        const QString second = QStringLiteral("test:///nonexistent/second.xml");  // never connects: no traffic anywhere
        QVERIFY(f.engine->addHost(f.admin, second));
        QCOMPARE(f.hosts->hosts().size(), 2);
        QCOMPARE(*f.store->hosts(), QStringList{second});
        QVERIFY(Testing::must(f.engine->audit({})).first().action == QStringLiteral("add_host"));
        QVERIFY(f.engine->reconnectHost(second));
        QCOMPARE(f.engine->reconnectHost(QStringLiteral("test:///nope")).error().code, ErrorCode::HostNotFound);

        // A host with Atrium's domains on it stays until they are gone.
        const auto vm = f.engine->createWorkspace(f.admin, smallVm());
        QVERIFY(await(f.engine->launchWorkspace(f.admin, vm->id))->has_value());
        QCOMPARE(f.engine->removeHost(f.admin, QStringLiteral("test:///default")).error().code, ErrorCode::Conflict);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm->id))->has_value());
        QVERIFY(f.engine->removeHost(f.admin, second));
        QCOMPARE(f.hosts->hosts().size(), 1);
        QVERIFY(f.store->hosts()->isEmpty());
        QCOMPARE(f.engine->removeHost(f.admin, second).error().code, ErrorCode::HostNotFound);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestEngine)
#include "tst_engine.moc"
