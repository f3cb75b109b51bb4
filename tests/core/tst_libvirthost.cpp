#include "providers/domainxml.h"
#include "providers/guestnetworks.h"
#include "providers/hostregistry.h"
#include "providers/libvirthost.h"
#include "libvirttestmain.h"
#include "simulatorconnection.h"
#include "await.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamReader>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

DomainSpec spec(const QString &suffix)
{
    DomainSpec s;
    s.name = QStringLiteral("atrium-hosttest-") + suffix + QUuid::createUuid().toString(QUuid::Id128).left(6);
    s.title = QStringLiteral("Host test <&> \"quoted\"");
    s.workspaceId = QStringLiteral("ws-host-test");
    s.vcpus = 1;
    s.memoryMb = 128;
    s.diskMb = 64;
    return s;
}

/// Whether the simulator holds the disk volume of @p s (asked beside the host, as virsh would).
bool volumeExists(const DomainSpec &s)
{
    SimulatorConnection virsh;
    virStoragePoolPtr pool = virStoragePoolLookupByName(virsh.get(), kStoragePoolName.data());
    if (!pool)
        return false;
    virStoragePoolRefresh(pool, 0);
    virStorageVolPtr vol = virStorageVolLookupByName(pool, volumeName(s).toUtf8().constData());
    const bool exists = vol != nullptr;
    if (vol)
        virStorageVolFree(vol);
    virStoragePoolFree(pool);
    return exists;
}

/// The live XML of domain @p name, and of network @p network (empty: skipped).
std::pair<QString, QString> xmlOf(const QString &name, const QString &network = {})
{
    SimulatorConnection virsh;
    std::pair<QString, QString> out;
    if (virDomainPtr d = virDomainLookupByName(virsh.get(), name.toUtf8().constData())) {
        char *xml = virDomainGetXMLDesc(d, 0);
        out.first = QString::fromUtf8(xml);
        free(xml);
        virDomainFree(d);
    }
    if (!network.isEmpty()) {
        if (virNetworkPtr n = virNetworkLookupByName(virsh.get(), network.toUtf8().constData())) {
            char *xml = virNetworkGetXMLDesc(n, 0);
            out.second = QString::fromUtf8(xml);
            free(xml);
            virNetworkFree(n);
        }
    }
    return out;
}

}  // namespace

class TestLibvirtHost : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    HostOptions options()
    {
        HostOptions o;
        o.storagePoolPath = m_dir.filePath(QStringLiteral("pool"));
        o.reconnectMin = std::chrono::milliseconds(50);
        return o;
    }

private Q_SLOTS:
    void connectsAndDescribesTheSimulator()
    {
        LibvirtHost host(QStringLiteral("test:///default"), options());
        QSignalSpy changed(&host, &LibvirtHost::infoChanged);
        QCOMPARE(host.info().state, HostState::Disconnected);
        host.connectToHost();
        QCOMPARE(host.info().state, HostState::Connecting);  // says so at once; the work is elsewhere
        QTRY_VERIFY(host.isConnected());
        const HostInfo info = host.info();
        QVERIFY(info.simulated);
        QVERIFY(host.isLocal());
        QCOMPARE(info.virtType, QStringLiteral("test"));
        QCOMPARE(info.hypervisor, QStringLiteral("TEST"));
        QVERIFY(info.cpus > 0);
        QVERIFY(info.memoryMb > 0);
        QVERIFY(changed.size() >= 2);
    }

    void aMissingHostFailsWithLibvirtsReasonAndRetries()
    {
        HostOptions o = options();
        o.reconnectMin = std::chrono::milliseconds(30);
        LibvirtHost host(QStringLiteral("test:///no/such/file.xml"), o);
        QSignalSpy changed(&host, &LibvirtHost::infoChanged);
        host.connectToHost();
        QTRY_COMPARE(host.info().state, HostState::Failed);
        QVERIFY(host.info().lastError.contains(QStringLiteral("test:///no/such/file.xml")));
        // It keeps trying (Connecting again after the back-off).
        const qsizetype before = changed.size();
        QTRY_VERIFY(changed.size() > before + 1);
        const auto refused = await(host.ensureRunning(spec(QStringLiteral("x"))));
        QVERIFY(refused && !*refused);
        QCOMPARE(refused->error().code, ErrorCode::VmUnavailable);
    }

    void remoteUrisAreNotLocal()
    {
        LibvirtHost remote(QStringLiteral("qemu+ssh://root@hv1.invalid/system"), options());
        QVERIFY(!remote.isLocal());  // never connected: no traffic goes to it here
        LibvirtHost loop(QStringLiteral("qemu+ssh://root@127.0.0.1/system"), options());
        QVERIFY(loop.isLocal());
        LibvirtHost system(QStringLiteral("qemu:///system"), options());
        QVERIFY(system.isLocal());
    }

    void guestsJoinTheNetworkTheirPolicyAsksFor()
    {
        LibvirtHost host(QStringLiteral("test:///default"), options());
        host.connectToHost();
        QTRY_VERIFY(host.isConnected());

        // allow_internet: false → Atrium's isolated network, defined on first use.
        DomainSpec isolated = spec(QStringLiteral("iso"));
        isolated.network = GuestNetwork::Isolated;
        const auto started = await(host.ensureRunning(isolated));
        QVERIFY2(started && *started, qPrintable(started && !*started ? (*started).error().message : QString()));
        const auto [domainXml, networkXml] = xmlOf(isolated.name, QString::fromLatin1(kIsolatedNetwork));
        QVERIFY2(domainXml.contains(QStringLiteral("<source network='atrium-isolated'")), qPrintable(domainXml));
        QVERIFY2(!networkXml.isEmpty(), "the isolated network exists on the host");
        QVERIFY2(!networkXml.contains(QStringLiteral("<forward")), qPrintable(networkXml));  // no route out
        QVERIFY2(!networkXml.contains(QStringLiteral("<ip")), qPrintable(networkXml));       // no address, no DHCP
        QVERIFY((*started)->log.join(u'\n').contains(QStringLiteral("isolated network")));

        // allow_internet: true → the host's own network; a missing one means no NIC, said in the log.
        DomainSpec open = spec(QStringLiteral("net"));
        open.network = GuestNetwork::Internet;  // the simulator has a network called "default"
        QVERIFY(await(host.ensureRunning(open))->has_value());
        QVERIFY(xmlOf(open.name).first.contains(QStringLiteral("<source network='default'")));
        DomainSpec missing = spec(QStringLiteral("nonet"));
        missing.network = GuestNetwork::Internet;
        missing.internetNetwork = QStringLiteral("no-such-network");
        const auto bare = await(host.ensureRunning(missing));
        QVERIFY(bare && *bare);
        QVERIFY(!xmlOf(missing.name).first.contains(QStringLiteral("<interface")));
        QVERIFY((*bare)->log.join(u'\n').contains(QStringLiteral("no network 'no-such-network'")));

        for (const DomainSpec &s : {isolated, open, missing})
            QVERIFY(await(host.remove(s.name))->has_value());
    }

    void provisionStartStopRemove()
    {
        LibvirtHost host(QStringLiteral("test:///default"), options());
        QSignalSpy events(&host, &LibvirtHost::domainEvent);
        host.connectToHost();
        QTRY_VERIFY(host.isConnected());
        const DomainSpec s = spec(QStringLiteral("life"));

        const auto started = await(host.ensureRunning(s));
        QVERIFY2(started && *started, qPrintable(started && !*started ? (*started).error().message : QString()));
        QCOMPARE((*started)->state, DomainState::Running);
        QVERIFY(!(*started)->uuid.isEmpty());
        QVERIFY((*started)->log.join(u'\n').contains(QStringLiteral("created disk")));
        QVERIFY(volumeExists(s));
        QTRY_VERIFY(events.size() >= 2);
        QCOMPARE(events.at(0).first().value<DomainEvent>().kind, DomainEventKind::Defined);
        QCOMPARE(events.at(1).first().value<DomainEvent>().kind, DomainEventKind::Started);
        QCOMPARE(events.at(1).first().value<DomainEvent>().domainName, s.name);
        QCOMPARE(events.at(1).first().value<DomainEvent>().hostUri, QStringLiteral("test:///default"));

        // Running already: nothing redefined, same domain.
        const auto again = await(host.ensureRunning(s));
        QCOMPARE((*again)->uuid, (*started)->uuid);
        QVERIFY(!(*again)->log.join(u'\n').contains(QStringLiteral("defined")));

        events.clear();
        const auto stopped = await(host.stop(s.name, std::chrono::seconds(5)));
        QCOMPARE(**stopped, StopOutcome::ShutDown);
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.last().first().value<DomainEvent>().kind, DomainEventKind::Stopped);
        QCOMPARE(events.last().first().value<DomainEvent>().reason, QStringLiteral("shut down"));
        QCOMPARE(**await(host.stop(s.name, std::chrono::seconds(5))), StopOutcome::AlreadyStopped);
        QCOMPARE(**await(host.destroy(s.name)), StopOutcome::AlreadyStopped);

        // Restart, then pull the plug.
        QVERIFY(await(host.ensureRunning(s))->has_value());
        QCOMPARE(**await(host.destroy(s.name)), StopOutcome::Destroyed);
        QTRY_COMPARE(events.last().first().value<DomainEvent>().reason, QStringLiteral("destroyed"));

        const auto listed = await(host.domains());
        bool found = false;
        for (const DomainInfo &d : **listed)
            found |= d.name == s.name && d.state == DomainState::Shutoff;
        QVERIFY(found);

        QVERIFY(await(host.remove(s.name))->has_value());
        QCOMPARE((*await(host.domainInfo(s.name))).error().code, ErrorCode::NotFound);
        QVERIFY(!volumeExists(s));
        QVERIFY(await(host.remove(s.name))->has_value());  // removing what is gone is fine
        QCOMPARE((*await(host.stop(s.name, std::chrono::seconds(1)))).error().code, ErrorCode::NotFound);
    }

    void redefinitionKeepsTheUuidAndGrowsTheDisk()
    {
        LibvirtHost host(QStringLiteral("test:///default"), options());
        host.connectToHost();
        QTRY_VERIFY(host.isConnected());
        DomainSpec s = spec(QStringLiteral("grow"));
        const auto first = await(host.ensureRunning(s));
        QVERIFY(await(host.destroy(s.name))->has_value());
        s.memoryMb = 256;
        s.diskMb = 128;
        const auto second = await(host.ensureRunning(s));
        QVERIFY2(second && *second, qPrintable(second && !*second ? (*second).error().message : QString()));
        QCOMPARE((*second)->uuid, (*first)->uuid);
        const QString log = (*second)->log.join(u'\n');
        QVERIFY2(log.contains(QStringLiteral("updated domain")), qPrintable(log));
        // The simulator cannot resize volumes: the launch goes on and the log says why.
        QVERIFY2(log.contains(QStringLiteral("stays at 64 MiB")) && log.contains(QStringLiteral("not supported")),
                 qPrintable(log));
        QVERIFY(await(host.remove(s.name))->has_value());
    }

    void domainXmlIsWellFormedAndEscaped()
    {
        DomainSpec s = spec(QStringLiteral("xml"));
        s.virtType = QStringLiteral("qemu");
        s.kernelPath = QStringLiteral("/images/vmlinuz");
        s.initrdPath = QStringLiteral("/images/initrd.gz");
        s.kernelCmdline = QStringLiteral("console=ttyS0");
        s.serialLogPath = QStringLiteral("/tmp/serial.log");
        const QString xml = domainXml(s);
        // Well-formed, and the title comes back exactly as given.
        QXmlStreamReader reader(xml);
        QString title;
        while (!reader.atEnd()) {
            if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == u"title")
                title = reader.readElementText();
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(title, s.title);
        QVERIFY(xml.contains(QStringLiteral("<listen type=\"none\"/>")));  // no TCP port for VNC
        QVERIFY(xml.contains(QStringLiteral("<kernel>/images/vmlinuz</kernel>")));
        QVERIFY(xml.contains(QStringLiteral("<log file=\"/tmp/serial.log\"")));
        QVERIFY(xml.contains(QStringLiteral("<memory unit=\"MiB\">128</memory>")));
        QVERIFY(xml.contains(QStringLiteral("ws-host-test")));
        QVERIFY(!xml.contains(QStringLiteral("<interface")));  // no NIC unless asked
        QVERIFY(!xml.contains(QStringLiteral("host-passthrough")));
        s.virtType = QStringLiteral("kvm");
        QVERIFY(domainXml(s).contains(QStringLiteral("host-passthrough")));
    }

    void registryAutodetectFallsBackToTheSimulator()
    {
        // Only meaningful where no system libvirtd runs (CI, this machine kind).
        if (QFile::exists(QStringLiteral("/run/libvirt/libvirt-sock")))
            QSKIP("a system libvirtd is running here");
        HostRegistry registry(options());
        QSignalSpy added(&registry, &HostRegistry::hostAdded);
        QSignalSpy removed(&registry, &HostRegistry::hostRemoved);
        registry.addAutodetected();
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().toString(), QStringLiteral("qemu:///system"));
        QTRY_VERIFY(registry.defaultHost() && registry.defaultHost()->isConnected());
        QCOMPARE(registry.defaultHost()->uri(), QStringLiteral("test:///default"));
        QVERIFY(registry.defaultHost()->isSimulated());
        QCOMPARE(added.size(), 2);
    }

    void registryManagesSeveralHosts()
    {
        HostRegistry registry(options());
        LibvirtHost *a = registry.add(QStringLiteral("test:///default"));
        QCOMPARE(registry.add(QStringLiteral("test:///default")), a);  // no duplicates
        registry.add(QStringLiteral("test:///no/such/host.xml"));
        QCOMPARE(registry.hosts().size(), 2);
        QCOMPARE(registry.defaultHost(), a);
        QTRY_VERIFY(a->isConnected());
        QVERIFY(registry.remove(QStringLiteral("test:///no/such/host.xml")));
        QVERIFY(!registry.remove(QStringLiteral("test:///no/such/host.xml")));
        QCOMPARE(registry.infos().size(), 1);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestLibvirtHost)
#include "tst_libvirthost.moc"
