#include "providers/libvirthost.h"
#include "libvirttestmain.h"
#include "legacydomain.h"
#include "simulatorconnection.h"
#include "testresult.h"
#include "testsupport.h"

#include <libvirt/libvirt.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

// Every domain on a host is a workspace: domains defined beside Atrium (as with virsh) on
// libvirt's simulator, the metadata every Atrium shares, forget and undefine, the host toggle.
namespace {


/// A domain's XML without what Atrium may change in it (its own metadata element).
QString withoutAtriumMetadata(QString xml)
{
    static const QRegularExpression atrium(QStringLiteral("\\n *<atrium:workspace.*</atrium:workspace>"),
                                           QRegularExpression::DotMatchesEverythingOption);
    return xml.remove(atrium);
}

HostOptions showingEveryDomain() { return HostOptions{}; }

}  // namespace

class TestAdoption : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aDomainDefinedBesideAtriumIsAWorkspace()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a001");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db01"), uuid, QStringLiteral("http://microsoft.com/win/2k22"));
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());

        const QString id = idForUuid(uuid);
        QTRY_VERIFY(f.engine->workspace(id));
        Workspace w = *f.engine->workspace(id);
        QVERIFY(w.adopted);
        QCOMPARE(w.name, QStringLiteral("legacy-db01"));
        QCOMPARE(w.description, QStringLiteral("defined by hand"));
        QCOMPARE(w.type, WorkspaceType::Windows);  // libosinfo says Windows
        QCOMPARE(w.resources.cpus, 3);
        QCOMPARE(w.resources.memoryMb, 1536);
        QCOMPARE(w.status, WorkspaceStatus::Available);
        QCOMPARE(w.domainName, QStringLiteral("legacy-db01"));
        QCOMPARE(w.domainUuid, uuid);
        const auto details = f.engine->domainDetails(id);
        QVERIFY(details);
        QCOMPARE(details->graphics.kind, GraphicsKind::Vnc);
        QVERIFY(!details->graphics.isPrivate());

        // Started with virsh: the lifecycle event says so at once.
        QCOMPARE(virDomainCreate(legacy.get()), 0);
        QTRY_COMPARE(f.engine->workspace(id)->status, WorkspaceStatus::Running);
        // The simulator's own domain is there too, a Linux one.
        bool sawBuiltIn = false;
        for (const Workspace &each : f.engine->workspaces())
            sawBuiltIn |= each.domainName == u"test" && each.adopted && each.type == WorkspaceType::Linux;
        QVERIFY(sawBuiltIn);
    }

    void definedAndUndefinedElsewhereAppearAndDisappearAtOnce()
    {
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        QVERIFY(f.waitForHosts());
        QSignalSpy added(f.engine.get(), &Engine::workspaceAdded);
        QSignalSpy removed(f.engine.get(), &Engine::workspaceRemoved);
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a002");
        {
            LegacyDomain legacy(virsh, QStringLiteral("legacy-web02"), uuid);
            QTRY_COMPARE(added.size(), 1);
            QCOMPARE(added.first().first().value<Workspace>().id, idForUuid(uuid));
            QCOMPARE(f.engine->workspace(idForUuid(uuid))->type, WorkspaceType::Linux);

            // Redefined with another vCPU count (virsh edit): the card follows.
            QString xml = legacy.xml();
            xml.replace(QStringLiteral(">3</vcpu>"), QStringLiteral(">2</vcpu>"));
            virDomainPtr redefined = virDomainDefineXML(virsh.get(), xml.toUtf8().constData());
            QVERIFY(redefined);
            virDomainFree(redefined);
            QTRY_COMPARE(f.engine->workspace(idForUuid(uuid))->resources.cpus, 2);
        }
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().toString(), idForUuid(uuid));
        QVERIFY(!f.engine->workspace(idForUuid(uuid)));
        const auto audit = Testing::must(f.engine->audit({}));
        QStringList actions;
        for (const AuditEntry &e : audit)
            actions << e.action;
        QVERIFY2(actions.contains(QStringLiteral("adopt_domain")) && actions.contains(QStringLiteral("drop_domain")),
                 qPrintable(actions.join(u',')));
    }

    void reconciliationFindsWhatChangedWhileAtriumWasAway()
    {
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        QVERIFY(f.waitForHosts());
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a003");
        f.engine.reset();  // Atrium is not running…
        f.hosts.reset();
        SimulatorConnection virsh;
        LegacyDomain legacy(virsh, QStringLiteral("legacy-app03"), uuid);  // …when this is defined
        f.restart();
        QTRY_VERIFY(f.engine->workspace(idForUuid(uuid)));
        QCOMPARE(f.engine->workspace(idForUuid(uuid))->resources.cpus, 3);
    }

    void launchingAndEditingLeaveTheRestOfItsXmlAlone()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a004");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db04"), uuid);
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        const QString id = idForUuid(uuid);
        QTRY_VERIFY(f.engine->workspace(id));
        const QString before = legacy.xml();

        // A launch starts it as it is defined: the definition is the same byte for byte.
        const Session session = launchOrDie(f, id);
        QCOMPARE(f.engine->workspace(id)->status, WorkspaceStatus::Running);
        QCOMPARE(legacy.xml(), before);
        QVERIFY(await(f.engine->stopWorkspace(f.admin, id))->has_value());
        QCOMPARE(legacy.xml(), before);

        // What an edit will change is known before it is saved: the title and nothing else.
        WorkspacePatch rename;
        rename.name = QStringLiteral("Billing database");
        const auto preview = f.engine->previewUpdate(f.admin, id, rename);
        QVERIFY2(preview, qPrintable(failureText(preview)));
        QCOMPARE(preview->size(), 1);
        QVERIFY2(preview->first().contains(QStringLiteral("<title>")), qPrintable(preview->join(u'\n')));

        // Renamed: only <title> appears; the rest of the XML is untouched.
        QVERIFY(f.engine->updateWorkspace(f.admin, id, rename));
        QTRY_VERIFY(legacy.xml().contains(QStringLiteral("<title>Billing database</title>")));
        QString after = legacy.xml();
        after.remove(QStringLiteral("  <title>Billing database</title>\n"));
        QCOMPARE(after, before);

        // A restart policy goes to Atrium's own metadata element, and nowhere else.
        WorkspacePatch policy;
        policy.config = f.engine->workspace(id)->config;
        policy.config->restartPolicy = RestartPolicy::OnFailure;
        policy.config->maxRestarts = 2;
        const auto policyPreview = f.engine->previewUpdate(f.admin, id, policy);
        QVERIFY(policyPreview);
        QCOMPARE(policyPreview->size(), 1);
        QVERIFY2(policyPreview->first().contains(QStringLiteral("metadata")), qPrintable(policyPreview->join(u'\n')));
        QVERIFY(f.engine->updateWorkspace(f.admin, id, policy));
        QTRY_VERIFY(legacy.xml().contains(QStringLiteral("on-failure")));
        QCOMPARE(withoutAtriumMetadata(legacy.xml()).remove(QStringLiteral("  <title>Billing database</title>\n")),
                 withoutAtriumMetadata(before));
        Q_UNUSED(session);
    }

    void aSecondAtriumSeesTheSameWorkspace()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a005");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db05"), uuid);
        const QString id = idForUuid(uuid);
        {
            EngineFixture first({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
            QTRY_VERIFY(first.engine->workspace(id));
            WorkspacePatch patch;
            patch.type = WorkspaceType::Dev;
            patch.description = QStringLiteral("payroll, keep running");
            patch.config = first.engine->workspace(id)->config;
            patch.config->restartPolicy = RestartPolicy::Always;
            patch.config->maxRestarts = 4;
            QVERIFY(first.engine->updateWorkspace(first.admin, id, patch));
            QTRY_VERIFY(legacy.xml().contains(QStringLiteral("always")));
        }
        // Another admin's machine, a reinstall: a new data directory, the same host.
        EngineFixture second({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        QTRY_VERIFY(second.engine->workspace(id));
        const Workspace w = *second.engine->workspace(id);
        QCOMPARE(w.type, WorkspaceType::Dev);
        QCOMPARE(w.description, QStringLiteral("payroll, keep running"));
        QCOMPARE(w.config.restartPolicy, RestartPolicy::Always);
        QCOMPARE(w.config.maxRestarts, 4);
        QVERIFY(w.adopted);

        // A workspace Atrium created is seen by the second Atrium under its own id too.
        const auto own = second.engine->createWorkspace(second.admin, smallVm(QStringLiteral("Made here")));
        QVERIFY(own);
        launchOrDie(second, own->id);
        EngineFixture third({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), ownDomainsOnly());
        QTRY_VERIFY(third.engine->workspace(own->id));
        QVERIFY(!third.engine->workspace(own->id)->adopted);
        QCOMPARE(third.engine->workspace(own->id)->name, QStringLiteral("Made here"));
        QVERIFY(!third.engine->workspace(id));  // third shows only domains Atrium created
        QVERIFY(await(second.engine->deleteWorkspace(second.admin, own->id))->has_value());
    }

    void forgettingKeepsTheDomainAndIsRemembered()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a006");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db06"), uuid);
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        const QString id = idForUuid(uuid);
        QTRY_VERIFY(f.engine->workspace(id));

        // A user may not undefine what Atrium did not create; forgetting is the default.
        QCOMPARE((*await(f.engine->deleteWorkspace(f.user, id, DomainRemoval::Undefine))).error().code,
                 ErrorCode::AdminRequired);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, id))->has_value());
        QVERIFY(!f.engine->workspace(id));
        QVERIFY(legacy.exists(virsh, QStringLiteral("legacy-db06")));

        // Not found again: not by reconciliation, not by an event, not after a restart.
        f.restart();
        QVERIFY(f.waitForHosts());
        QTest::qWait(200);
        QVERIFY(!f.engine->workspace(id));
        QString xml = legacy.xml();
        xml.replace(QStringLiteral(">3</vcpu>"), QStringLiteral(">1</vcpu>"));
        virDomainFree(virDomainDefineXML(virsh.get(), xml.toUtf8().constData()));
        QTest::qWait(200);
        QVERIFY(!f.engine->workspace(id));
    }

    void undefiningRemovesTheDomain()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a007");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db07"), uuid);
        QCOMPARE(virDomainCreate(legacy.get()), 0);
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        const QString id = idForUuid(uuid);
        QTRY_COMPARE(f.engine->workspace(id) ? f.engine->workspace(id)->status : WorkspaceStatus::Error, WorkspaceStatus::Running);

        QVERIFY(await(f.engine->deleteWorkspace(f.admin, id, DomainRemoval::Undefine))->has_value());
        QVERIFY(!f.engine->workspace(id));
        QVERIFY(!legacy.exists(virsh, QStringLiteral("legacy-db07")));
        const auto audit = Testing::must(f.engine->audit({}));
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const AuditEntry &e) {
            return e.action == u"delete_workspace" && e.detail.contains(QStringLiteral("undefined"));
        }));
    }

    void aHostCanHideWhatAtriumDidNotCreate()
    {
        SimulatorConnection virsh;
        const QString uuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000a008");
        LegacyDomain legacy(virsh, QStringLiteral("legacy-db08"), uuid);
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), showingEveryDomain());
        const QString id = idForUuid(uuid);
        QTRY_VERIFY(f.engine->workspace(id));
        const auto own = f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Ours")));
        launchOrDie(f, own->id);

        QCOMPARE(f.engine->setHostShowsForeignDomains(f.user, QStringLiteral("test:///default"), false).error().code,
                 ErrorCode::AdminRequired);
        QVERIFY(f.engine->setHostShowsForeignDomains(f.admin, QStringLiteral("test:///default"), false));
        QTRY_VERIFY(!f.engine->workspace(id));
        QVERIFY(f.engine->workspace(own->id));
        QVERIFY(legacy.exists(virsh, QStringLiteral("legacy-db08")));
        QVERIFY(!f.engine->hostInfo(QStringLiteral("test:///default"))->showForeignDomains);

        f.restart();  // remembered
        QVERIFY(f.waitForHosts());
        QTest::qWait(200);
        QVERIFY(!f.engine->workspace(id));

        QVERIFY(f.engine->setHostShowsForeignDomains(f.admin, QStringLiteral("test:///default"), true));
        QTRY_VERIFY(f.engine->workspace(id));
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, own->id))->has_value());
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestAdoption)
#include "tst_adoption.moc"
