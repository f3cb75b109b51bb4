#include "dialogs/deleteworkspacesdialog.h"
#include "legacydomain.h"
#include "screenshots.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QLabel>
#include <QRadioButton>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::DeleteWorkspacesDialog;

// Deleting asks what happens to a domain Atrium did not create: forget (the default),
// undefine, or undefine and delete the disks it lists; only an admin may undefine.
namespace {

const QString kUuid = QStringLiteral("6f1c6f1c-0000-4000-8000-00000000d001");

/// A found domain with a data disk and a CD-ROM, as virt-install leaves one.
QString domainWithDisks()
{
    return QStringLiteral("<domain type='test'><name>legacy-files</name><uuid>%1</uuid>"
                          "<memory unit='KiB'>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                          "<disk type='file' device='disk'><source file='/var/lib/libvirt/images/legacy-files.qcow2'/>"
                          "<target dev='vda' bus='virtio'/></disk>"
                          "<disk type='file' device='cdrom'><source file='/srv/iso/debian-12.iso'/>"
                          "<target dev='sda' bus='sata'/><readonly/></disk></devices></domain>")
        .arg(kUuid);
}

}  // namespace

class TestDeleteWorkspacesDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFoundDomainIsForgottenUnlessTheAdminChoosesOtherwise()
    {
        SimulatorConnection virsh;
        virDomainPtr domain = virDomainDefineXML(virsh.get(), domainWithDisks().toUtf8().constData());
        QVERIFY(domain);
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), HostOptions{});
        QTRY_VERIFY(f.engine->workspace(idForUuid(kUuid)));
        QTRY_VERIFY(f.engine->domainDetails(idForUuid(kUuid)));
        const Workspace found = *f.engine->workspace(idForUuid(kUuid));
        const Workspace own = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Atrium's own"))));

        DeleteWorkspacesDialog dialog(*f.engine, f.admin, {own, found});
        QVERIFY(dialog.forgetButton()->isChecked());
        QCOMPARE(dialog.removalFor(found), DomainRemoval::Forget);
        QCOMPARE(dialog.removalFor(own), DomainRemoval::Default);  // Atrium's own go with their disk
        // The disks that would be deleted are listed; the CD-ROM is not one of them.
        QVERIFY2(dialog.diskList()->text().contains(QStringLiteral("vda: /var/lib/libvirt/images/legacy-files.qcow2")),
                 qPrintable(dialog.diskList()->text()));
        QVERIFY(!dialog.diskList()->text().contains(QStringLiteral("debian-12.iso")));
        dialog.undefineWithDisksButton()->setChecked(true);
        QCOMPARE(dialog.removalFor(found), DomainRemoval::UndefineWithDisks);
        dialog.undefineButton()->setChecked(true);
        QCOMPARE(dialog.removalFor(found), DomainRemoval::Undefine);
        QCOMPARE(dialog.removalFor(own), DomainRemoval::Default);
        dialog.forgetButton()->setChecked(true);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(saveScreenshot(dialog, QStringLiteral("delete-found-domain")));

        // Forgetting leaves the domain on its host.
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, found.id, dialog.removalFor(found)))->has_value());
        QVERIFY(!f.engine->workspace(found.id));
        QCOMPARE(virDomainIsPersistent(domain), 1);
        virDomainUndefine(domain);
        virDomainFree(domain);
    }

    void aUserCanOnlyForget()
    {
        SimulatorConnection virsh;
        LegacyDomain legacy(virsh, QStringLiteral("legacy-user"), QStringLiteral("6f1c6f1c-0000-4000-8000-00000000d002"));
        EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), HostOptions{});
        const QString id = idForUuid(QStringLiteral("6f1c6f1c-0000-4000-8000-00000000d002"));
        QTRY_VERIFY(f.engine->workspace(id));
        DeleteWorkspacesDialog dialog(*f.engine, f.user, {*f.engine->workspace(id)});
        QVERIFY(dialog.forgetButton()->isEnabled());
        QVERIFY(!dialog.undefineButton()->isEnabled());
        QVERIFY(!dialog.undefineWithDisksButton()->isEnabled());
        QVERIFY(dialog.undefineButton()->toolTip().contains(QStringLiteral("administrators")));
        QCOMPARE(dialog.foundDomainRemoval(), DomainRemoval::Forget);
    }

    void atriumsOwnWorkspacesAskNoQuestion()
    {
        EngineFixture f;
        const Workspace own = must(f.engine->createWorkspace(f.admin, smallVm()));
        DeleteWorkspacesDialog dialog(*f.engine, f.admin, {own});
        QVERIFY(!dialog.forgetButton());
        QVERIFY(!dialog.diskList());
        QCOMPARE(dialog.removalFor(own), DomainRemoval::Default);
    }
};

ATRIUM_UI_TEST_MAIN(TestDeleteWorkspacesDialog)
#include "tst_deleteworkspacesdialog.moc"
