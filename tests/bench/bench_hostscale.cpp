// How long a host with many domains (most shut off, as on a real fleet) takes to be in the
// catalog once Atrium is told about it: from Engine::addHost (what "Add host…" calls) to every
// domain a workspace in the engine and a row in the window's catalog model. Beside it, in the
// same run, what bare libvirt needs for the same facts (virConnectListAllDomains, then each
// domain's XML: the physical limit of a listing) and `virsh list --all`.
//
//   bench_hostscale [--domains 1000] [--real]
//
// Without --real: libvirt's test driver (a node file with the domains). With --real (root): the
// test harness's private libvirtd, with the domains defined through libvirt, reached on its
// socket and over SSH (the harness's sshd on loopback). Prints a Markdown table.

#include "catalog/workspacelistmodel.h"
#include "realhypervisor.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <libvirt/libvirt.h>

#include <cstdio>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

struct Row {
    QString host;
    int domains = 0;
    qint64 bareListMs = -1;   ///< virConnectOpen + ListAllDomains + every XML, in this process
    qint64 virshListMs = -1;  ///< virsh list --all --name, a process of its own
    qint64 connectedMs = 0;   ///< addHost → the host connected
    qint64 catalogMs = 0;     ///< addHost → every domain a workspace
    qint64 modelMs = 0;       ///< addHost → every domain a row of the catalog model
};

QString domainXml(const QString &type, int i, bool running)
{
    QString xml = QStringLiteral("<domain type='%1'><name>fleet-%2</name><title>Fleet VM %2</title>"
                                 "<memory unit='MiB'>%3</memory><vcpu>%4</vcpu>"
                                 "<os><type arch='x86_64'>hvm</type></os>")
                      .arg(type)
                      .arg(i, 4, 10, QLatin1Char('0'))
                      .arg(128 + (i % 4) * 128)
                      .arg(1 + i % 4);
    if (type == u"test")
        xml += QStringLiteral("<test:runstate>%1</test:runstate>").arg(running ? 1 : 5);
    return xml + QStringLiteral("</domain>\n");
}

/// A test-driver node with @p count domains, one in twenty running.
QString writeFleetNode(const QTemporaryDir &dir, int count)
{
    const QString path = dir.filePath(QStringLiteral("fleet.xml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
               "<cpu><mhz>2400</mhz><model>x86_64</model><active>32</active><nodes>1</nodes><sockets>2</sockets>"
               "<cores>8</cores><threads>2</threads></cpu><memory>268435456</memory>\n");
    for (int i = 0; i < count; ++i) {
        QString xml = domainXml(QStringLiteral("test"), i, i % 20 == 0);
        xml.replace(QStringLiteral("<domain type='test'>"), QStringLiteral("<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"));
        file.write(xml.toUtf8());
    }
    file.write("</node>\n");
    return QStringLiteral("test://") + path;
}

/// What a listing costs bare libvirt: open, list, every domain's XML (as Atrium reads them).
qint64 bareListing(const QString &uri, int *count)
{
    QElapsedTimer timer;
    timer.start();
    virConnectPtr conn = virConnectOpen(uri.toUtf8().constData());
    if (!conn)
        return -1;
    virDomainPtr *domains = nullptr;
    const int n = virConnectListAllDomains(conn, &domains, 0);
    for (int i = 0; i < n; ++i) {
        virDomainInfo info;
        virDomainGetInfo(domains[i], &info);
        free(virDomainGetXMLDesc(domains[i], 0));
        virDomainFree(domains[i]);
    }
    free(domains);
    virConnectClose(conn);
    *count = n;
    return timer.elapsed();
}

qint64 virshListing(const QString &uri)
{
    QElapsedTimer timer;
    timer.start();
    QProcess virsh;
    virsh.start(QStringLiteral("virsh"), {QStringLiteral("-c"), uri, QStringLiteral("list"), QStringLiteral("--all"), QStringLiteral("--name")});
    if (!virsh.waitForFinished(120000) || virsh.exitCode() != 0)
        return -1;
    return timer.elapsed();
}

/// Adds @p uri to a running Atrium (test:///default already there) and times its domains'
/// arrival in the engine and in the window's catalog model.
std::optional<Row> measureAtrium(const QString &label, const QString &uri, int expected, HostOptions options)
{
    options.showForeignDomains = true;
    EngineFixture f({QStringLiteral("test:///default")}, {}, QString(kNoTunnelInterface), options);
    Ui::WorkspaceListModel model(*f.engine);
    const auto onHost = [&] {
        int n = 0;
        f.engine->forEachWorkspace([&](const Workspace &w) { n += w.hostUri == uri; });
        return n;
    };
    const int rowsBefore = model.rowCount();
    Row row;
    row.host = label;
    row.domains = expected;
    QElapsedTimer timer;
    timer.start();
    if (auto added = f.engine->addHost(f.admin, uri); !added) {
        std::fprintf(stderr, "addHost: %s\n", qPrintable(added.error().message));
        return std::nullopt;
    }
    bool connected = false;
    while (timer.elapsed() < 120000) {
        if (!connected && f.engine->hostInfo(uri)->state == HostState::Connected) {
            connected = true;
            row.connectedMs = timer.elapsed();
        }
        if (row.catalogMs == 0 && onHost() >= expected)
            row.catalogMs = timer.elapsed();
        if (row.catalogMs > 0 && model.rowCount() - rowsBefore >= expected) {
            row.modelMs = timer.elapsed();
            return row;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    std::fprintf(stderr, "%s: %d of %d domains after 120 s (%s)\n", qPrintable(label), onHost(), expected,
                 qPrintable(f.engine->hostInfo(uri)->lastError));
    return std::nullopt;
}

QString ms(qint64 value)
{
    return value < 0 ? QStringLiteral("–") : QStringLiteral("%1 ms").arg(value);
}

void print(const QList<Row> &rows)
{
    std::printf("\n| host | domains | bare libvirt: list + every XML | `virsh list --all` | Atrium: connected | every domain in the catalog | every row in the window's model |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (const Row &r : rows) {
        std::printf("| %s | %d | %s | %s | %s | %s | %s |\n", qPrintable(r.host), r.domains, qPrintable(ms(r.bareListMs)),
                    qPrintable(ms(r.virshListMs)), qPrintable(ms(r.connectedMs)), qPrintable(ms(r.catalogMs)),
                    qPrintable(ms(r.modelMs)));
    }
    std::fflush(stdout);
}

}  // namespace

class Bench : public QObject {
    Q_OBJECT

public:
    int domains = 1000;
    bool real = false;
    QList<Row> rows;
    bool failed = false;

private:
    void measure(const QString &label, const QString &uri, HostOptions options)
    {
        int listed = 0;
        const qint64 bare = bareListing(uri, &listed);
        const qint64 virsh = virshListing(uri);
        auto row = measureAtrium(label, uri, listed, std::move(options));
        if (!row) {
            failed = true;
            return;
        }
        row->bareListMs = bare;
        row->virshListMs = virsh;
        rows << *row;
        print({*row});
    }

    bool defineFleet(const QString &uri)
    {
        virConnectPtr conn = virConnectOpen(uri.toUtf8().constData());
        if (!conn)
            return false;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < domains; ++i) {
            virDomainPtr d = virDomainDefineXML(conn, domainXml(QStringLiteral("qemu"), i, false).toUtf8().constData());
            if (!d) {
                virConnectClose(conn);
                return false;
            }
            virDomainFree(d);
        }
        std::fprintf(stderr, "defined %d domains through libvirt in %lld ms\n", domains, timer.elapsed());
        virConnectClose(conn);
        return true;
    }

private Q_SLOTS:
    void run()
    {
        QTemporaryDir dir;
        measure(QStringLiteral("test driver"), writeFleetNode(dir, domains), HostOptions{});
        if (real) {
            RealHypervisor hypervisor;
            if (!hypervisor.start()) {
                std::fprintf(stderr, "no real hypervisor: %s\n", qPrintable(hypervisor.error()));
                failed = true;
            } else if (!defineFleet(hypervisor.uri())) {
                std::fprintf(stderr, "cannot define the fleet\n");
                failed = true;
            } else {
                measure(QStringLiteral("libvirtd, local socket"), hypervisor.uri(), hypervisor.hostOptions());
                const QString ssh = hypervisor.startSshd();
                if (ssh.isEmpty()) {
                    std::fprintf(stderr, "%s\n", qPrintable(hypervisor.error()));
                    failed = true;
                } else {
                    measure(QStringLiteral("libvirtd, qemu+ssh"), ssh, hypervisor.hostOptions());
                }
            }
        }
        std::printf("\nAll scenarios:\n");
        print(rows);
        QVERIFY(!failed);
    }
};

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    if (qEnvironmentVariableIsEmpty("ATRIUM_SOURCE_DIR"))
        qputenv("ATRIUM_SOURCE_DIR", ATRIUM_BENCH_SOURCE_DIR);  // the harness script
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("domains"), QStringLiteral("Domains on the host (default 1000)."), QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("real"), QStringLiteral("Also a real libvirtd (root), on its socket and over SSH.")});
    parser.process(app);
    LibvirtEventLoop loop;
    Bench bench;
    bench.domains = parser.value(QStringLiteral("domains")).toInt();
    bench.real = parser.isSet(QStringLiteral("real"));
    return QTest::qExec(&bench, QStringList{QString::fromLocal8Bit(argv[0])});
}

#include "bench_hostscale.moc"
