#include "providers/domaindetailsxml.h"
#include "providers/domainxml.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

// What Atrium reads from domains it did not create, and the metadata it writes for every Atrium.
class TestDomainDetails : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAVirtInstallWindowsGuest()
    {
        const QString xml = QStringLiteral(
            "<domain type='kvm'>"
            "<name>legacy-win01</name><uuid>6f1c6f1c-0000-4000-8000-000000000001</uuid>"
            "<title>Finance desktop</title>"
            "<metadata><libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
            "<libosinfo:os id='http://microsoft.com/win/10'/></libosinfo:libosinfo></metadata>"
            "<memory unit='KiB'>4194304</memory><currentMemory unit='KiB'>2097152</currentMemory>"
            "<vcpu placement='static' current='2'>4</vcpu>"
            "<devices>"
            "<disk type='file' device='disk'><source file='/var/lib/libvirt/images/win.qcow2'/><target dev='vda'/></disk>"
            "<disk type='file' device='cdrom'><target dev='sda'/></disk>"
            "<disk type='volume' device='disk'><source pool='data' volume='win-data.qcow2'/><target dev='vdb'/></disk>"
            "<serial type='pty'/>"
            "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>"
            "<graphics type='vnc' port='5901' listen='0.0.0.0'><listen type='address' address='0.0.0.0'/></graphics>"
            "</devices></domain>");
        const auto d = parseDomainDetails(xml);
        QVERIFY(d);
        QCOMPARE(d->name, QStringLiteral("legacy-win01"));
        QCOMPARE(d->title, QStringLiteral("Finance desktop"));
        QCOMPARE(d->vcpus, 2);
        QCOMPARE(d->memoryMb, 2048);
        QVERIFY(d->windowsHints);
        QCOMPARE(d->disks.size(), 3);
        QCOMPARE(d->dataDisks().size(), 2);  // the empty CD-ROM is not a data disk
        QCOMPARE(d->dataDisks().at(1).source, QStringLiteral("data/win-data.qcow2"));
        QVERIFY(d->hasSerialConsole);
        QVERIFY(d->spiceToo);
        QCOMPARE(d->graphics.kind, GraphicsKind::Vnc);  // VNC wins over the SPICE listed first
        QCOMPARE(d->graphics.port, 5901);
        QVERIFY(!d->graphics.isPrivate());
        QVERIFY(!d->graphics.opensNoPort());
        QVERIFY(!d->atrium);
        QVERIFY(!d->createdByAtrium());
    }

    void atriumsOwnDefinitionReadsBackItsMetadata()
    {
        DomainSpec spec;
        spec.name = QStringLiteral("atrium-ws-1");
        spec.workspaceId = QStringLiteral("ws-1");
        spec.virtType = QStringLiteral("qemu");
        spec.vcpus = 3;
        spec.memoryMb = 768;
        spec.metadata.type = QStringLiteral("linux");
        spec.metadata.description = QStringLiteral("build <box> & co");
        spec.metadata.restartPolicy = QStringLiteral("on-failure");
        spec.metadata.maxRestarts = 3;
        const auto d = parseDomainDetails(domainXml(spec));
        QVERIFY(d);
        QVERIFY(d->atrium);
        QCOMPARE(d->atrium->workspaceId, QStringLiteral("ws-1"));
        QVERIFY(d->createdByAtrium());
        QCOMPARE(d->atrium->description, QStringLiteral("build <box> & co"));
        QCOMPARE(d->atrium->restartPolicy, QStringLiteral("on-failure"));
        QCOMPARE(d->atrium->maxRestarts, 3);
        QCOMPARE(d->vcpus, 3);
        QCOMPARE(d->memoryMb, 768);
        QVERIFY(d->graphics.opensNoPort());
    }

    void readsTheFirstAtriumsMetadataToo()
    {
        const auto d = parseDomainDetails(QStringLiteral(
            "<domain type='qemu'><name>atrium-ws-old</name><metadata>"
            "<atrium:workspace xmlns:atrium='https://atrium.invalid/xmlns/workspace/1'>ws-old</atrium:workspace>"
            "</metadata><memory>131072</memory></domain>"));
        QVERIFY(d);
        QCOMPARE(d->atrium->workspaceId, QStringLiteral("ws-old"));
        QCOMPARE(d->memoryMb, 128);
    }

    void brokenXmlIsAnErrorThatSaysWhere()
    {
        const auto notDomain = parseDomainDetails(QStringLiteral("<network/>"));
        QVERIFY(!notDomain);
        const auto broken = parseDomainDetails(QStringLiteral("<domain>\n<name>x</nam>\n</domain>"));
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.contains(QStringLiteral("line 2")), qPrintable(broken.error().message));
    }
};

ATRIUM_TEST_MAIN(TestDomainDetails)
#include "tst_domaindetails.moc"
