#include "providers/consoleroute.h"
#include "providers/domaindetailsxml.h"
#include "providers/domainxml.h"
#include "providers/sshtunnel.h"
#include "await.h"
#include "testresult.h"
#include "testmain.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <unistd.h>

using namespace Atrium;
using namespace Atrium::Testing;

// How a VM's screen is reached: a descriptor from libvirt on local connections, an SSH tunnel
// built from the host URI on remote ones; what Atrium's own domains listen on; and the tunnel
// itself with stand-ins for ssh (the real sshd is tst_remotehost's, in the integration tests).
namespace {

DomainGraphics vnc(const QString &listenType, const QString &address = {}, int port = -1, const QString &socket = {})
{
    DomainGraphics g;
    g.kind = GraphicsKind::Vnc;
    g.listenType = listenType;
    g.listenAddress = address;
    g.port = port;
    g.socket = socket;
    return g;
}

/// A stand-in for ssh: a shell script run with ssh's arguments.
QString fakeSsh(QTemporaryDir &dir, const QByteArray &body)
{
    const QString path = dir.filePath(QStringLiteral("ssh"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

SshDestination loopbackRoot()
{
    return *sshDestinationFor(QStringLiteral("qemu+ssh://root@127.0.0.1:2222/system?keyfile=/k/id&no_verify=1"));
}

}  // namespace

class TestConsoleRoute : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void onlyLocalUnixConnectionsPassDescriptors_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("passes");
        QTest::newRow("system") << "qemu:///system" << true;
        QTest::newRow("private socket") << "qemu:///system?socket=/tmp/x/libvirt-sock" << true;
        QTest::newRow("session") << "qemu:///session" << true;
        QTest::newRow("unix transport") << "qemu+unix:///system" << true;
        QTest::newRow("simulator") << "test:///default" << true;
        QTest::newRow("ssh") << "qemu+ssh://root@hv1/system" << false;
        QTest::newRow("ssh to loopback") << "qemu+ssh://root@127.0.0.1:2222/system" << false;
        QTest::newRow("ssh, no host") << "qemu+ssh:///system" << false;
        QTest::newRow("tls") << "qemu+tls://hv2/system" << false;
        QTest::newRow("tcp") << "qemu+tcp://127.0.0.1:1/system" << false;
        QTest::newRow("libssh2") << "qemu+libssh2://admin@hv3/system" << false;
    }
    void onlyLocalUnixConnectionsPassDescriptors()
    {
        QFETCH(QString, uri);
        QFETCH(bool, passes);
        QCOMPARE(passesFileDescriptors(uri), passes);
        QCOMPARE(sshDestinationFor(uri).has_value(), !passes);
    }

    void theTunnelUsesTheHostUrisOwnUserPortAndKey()
    {
        const auto ssh = sshDestinationFor(
            QStringLiteral("qemu+ssh://root@hv1.example:2222/system?keyfile=/home/a/.ssh/id%20hv&no_verify=1&no_tty=1"));
        QVERIFY(ssh);
        QCOMPARE(ssh->user, QStringLiteral("root"));
        QCOMPARE(ssh->host, QStringLiteral("hv1.example"));
        QCOMPARE(ssh->port, 2222);
        QCOMPARE(ssh->keyFile, QStringLiteral("/home/a/.ssh/id hv"));
        QVERIFY(!ssh->verifyHostKey);
        QCOMPARE(ssh->display(), QStringLiteral("root@hv1.example:2222"));

        // TLS/TCP: the URI's port is libvirtd's, not SSH's; the host key is checked.
        const auto tls = sshDestinationFor(QStringLiteral("qemu+tls://ops@hv2:16514/system"));
        QCOMPARE(tls->port, -1);
        QCOMPARE(tls->user, QStringLiteral("ops"));
        QVERIFY(tls->verifyHostKey);
        const auto knownHosts = sshDestinationFor(QStringLiteral("qemu+ssh://ops@hv2/system?known_hosts=/etc/atrium/kh"));
        QCOMPARE(knownHosts->knownHosts, QStringLiteral("/etc/atrium/kh"));

        const QStringList tcp = sshTunnelArguments(*ssh, QStringLiteral("127.0.0.1:5901"), {});
        QVERIFY(tcp.contains(QStringLiteral("BatchMode=yes")));
        QCOMPARE(tcp.mid(tcp.indexOf(QStringLiteral("-p")), 2), (QStringList{QStringLiteral("-p"), QStringLiteral("2222")}));
        QCOMPARE(tcp.mid(tcp.indexOf(QStringLiteral("-i")), 2), (QStringList{QStringLiteral("-i"), QStringLiteral("/home/a/.ssh/id hv")}));
        QCOMPARE(tcp.mid(tcp.indexOf(QStringLiteral("-l")), 2), (QStringList{QStringLiteral("-l"), QStringLiteral("root")}));
        QVERIFY(tcp.contains(QStringLiteral("StrictHostKeyChecking=no")));
        QCOMPARE(tcp.mid(tcp.size() - 4), (QStringList{QStringLiteral("-W"), QStringLiteral("127.0.0.1:5901"),
                                                       QStringLiteral("--"), QStringLiteral("hv1.example")}));
        // A host name that looks like an option stays a host name.
        QVERIFY(tcp.indexOf(QStringLiteral("--")) < tcp.indexOf(QStringLiteral("hv1.example")));

        const QStringList unix = sshTunnelArguments(*ssh, QStringLiteral("/var/lib/libvirt/qemu/domain-3-x/vnc.sock"),
                                                    QStringLiteral("/run/user/0/atrium-ssh-a/vnc"));
        QVERIFY(unix.contains(QStringLiteral("/run/user/0/atrium-ssh-a/vnc:/var/lib/libvirt/qemu/domain-3-x/vnc.sock")));
        QVERIFY(unix.contains(QStringLiteral("ExitOnForwardFailure=yes")));
        QVERIFY(!unix.contains(QStringLiteral("-W")));

        const QStringList checked = sshTunnelArguments(*knownHosts, QStringLiteral("127.0.0.1:5900"), {});
        QVERIFY(!checked.contains(QStringLiteral("StrictHostKeyChecking=no")));
        QVERIFY(checked.contains(QStringLiteral("UserKnownHostsFile=/etc/atrium/kh")));
        QVERIFY(!checked.contains(QStringLiteral("-p")));
    }

    void atriumsOwnDomainsListenWhereTheNetworkCannotReach()
    {
        QCOMPARE(graphicsListenFor(QStringLiteral("qemu:///system")), GraphicsListen::None);
        QCOMPARE(graphicsListenFor(QStringLiteral("qemu+ssh://root@hv1/system")), GraphicsListen::Socket);
        QCOMPARE(graphicsListenFor(QStringLiteral("qemu+ssh://ops@hv1/system")), GraphicsListen::Loopback);
        QCOMPARE(graphicsListenFor(QStringLiteral("qemu+ssh://root@hv1/session")), GraphicsListen::Loopback);

        DomainSpec spec;
        spec.name = QStringLiteral("atrium-x");
        spec.virtType = QStringLiteral("qemu");
        for (auto [listen, expected] : {std::pair{GraphicsListen::None, "none"}, std::pair{GraphicsListen::Socket, "socket"},
                                        std::pair{GraphicsListen::Loopback, "address"}}) {
            spec.graphicsListen = listen;
            const auto details = parseDomainDetails(domainXml(spec));
            QVERIFY(details);
            QCOMPARE(details->graphics.kind, GraphicsKind::Vnc);
            QCOMPARE(details->graphics.listenType, QString::fromLatin1(expected));
            QVERIFY(details->graphics.isPrivate());
            QCOMPARE(details->graphics.opensNoPort(), listen != GraphicsListen::Loopback);
            if (listen == GraphicsListen::Loopback)
                QCOMPARE(details->graphics.listenAddress, QStringLiteral("127.0.0.1"));
        }
    }

    void theTunnelGoesToTheDisplaysListenerOrSaysWhyNot()
    {
        const QString d = QStringLiteral("legacy-db01");
        QCOMPARE(*tunnelTarget(d, vnc(QStringLiteral("socket"), {}, -1, QStringLiteral("/var/lib/libvirt/qemu/d/vnc.sock")), false),
                 QStringLiteral("/var/lib/libvirt/qemu/d/vnc.sock"));
        QCOMPARE(*tunnelTarget(d, vnc(QStringLiteral("address"), QStringLiteral("127.0.0.1"), 5901), false), QStringLiteral("127.0.0.1:5901"));
        QCOMPARE(*tunnelTarget(d, vnc(QStringLiteral("address"), QStringLiteral("0.0.0.0"), 5907), false), QStringLiteral("127.0.0.1:5907"));
        QCOMPARE(*tunnelTarget(d, vnc(QStringLiteral("address"), QStringLiteral("192.0.2.10"), 5902), false), QStringLiteral("192.0.2.10:5902"));
        QCOMPARE(*tunnelTarget(d, vnc(QStringLiteral("address"), QStringLiteral("::1"), 5903), false), QStringLiteral("[::1]:5903"));

        auto refusal = [&](const DomainGraphics &g, bool spice) { return tunnelTarget(d, g, spice).error().message; };
        QVERIFY(refusal(DomainGraphics{}, false).contains(QStringLiteral("no graphical display; use its serial console")));
        QVERIFY(refusal(DomainGraphics{}, true).contains(QStringLiteral("SPICE only")));
        DomainGraphics spice;
        spice.kind = GraphicsKind::Spice;
        QVERIFY(refusal(spice, true).contains(QStringLiteral("virt-viewer")));
        QVERIFY(refusal(vnc(QStringLiteral("none")), false).contains(QStringLiteral("no listener")));
        QVERIFY(refusal(vnc(QStringLiteral("address"), QStringLiteral("127.0.0.1")), false).contains(QStringLiteral("not known yet")));
    }

    void sshsFailuresAreToldPlainly()
    {
        const SshDestination d = loopbackRoot();
        QVERIFY(sshFailureMessage(d, QStringLiteral("root@127.0.0.1: Permission denied (publickey).\n"))
                    .startsWith(QStringLiteral("SSH refused the login to root@127.0.0.1:2222")));
        QVERIFY(sshFailureMessage(d, QStringLiteral("ssh: connect to host 127.0.0.1 port 2222: Connection refused\n"))
                    .startsWith(QStringLiteral("nothing answers SSH at root@127.0.0.1:2222")));
        QVERIFY(sshFailureMessage(d, QStringLiteral("Host key verification failed.\n")).contains(QStringLiteral("known_hosts")));
        QVERIFY(sshFailureMessage(d, QStringLiteral("Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of known hosts.\n"
                                                    "channel 2: open failed: connect failed: No such file or directory\n"))
                    .startsWith(QStringLiteral("root@127.0.0.1:2222 refused to connect the tunnel to the display: channel 2")));
        QCOMPARE(sshFailureMessage(d, {}), QStringLiteral("the SSH tunnel to root@127.0.0.1:2222 failed: ssh exited without saying why"));
    }

    void aTunnelHandsOverTheDisplayOnceItSpeaks()
    {
        QTemporaryDir dir;
        // ssh -W: the tunnel is ssh's stdin and stdout; the display greets first, then echoes.
        qputenv("ATRIUM_SSH", fakeSsh(dir, "printf 'RFB 003.008\\n'; exec cat\n").toLocal8Bit());
        QObject owner;
        const auto fd = await(SshTunnel::open(loopbackRoot(), QStringLiteral("127.0.0.1:5901"), &owner));
        QVERIFY(fd);
        QVERIFY2(fd->has_value(), qPrintable(failureText(*fd)));
        const int socket = **fd;
        char greeting[12];
        QCOMPARE(::recv(socket, greeting, sizeof greeting, MSG_WAITALL), ssize_t(12));
        QCOMPARE(QByteArray(greeting, 12), QByteArray("RFB 003.008\n"));
        QCOMPARE(::send(socket, "ping", 4, 0), ssize_t(4));
        char echo[4];
        QCOMPARE(::recv(socket, echo, 4, MSG_WAITALL), ssize_t(4));
        QCOMPARE(QByteArray(echo, 4), QByteArray("ping"));
        // Closing the connection ends ssh, and the tunnel with it.
        ::close(socket);
        QTRY_VERIFY(owner.findChildren<SshTunnel *>().isEmpty());
        qunsetenv("ATRIUM_SSH");
    }

    void aFailedTunnelSaysWhatSshSaid()
    {
        QTemporaryDir dir;
        qputenv("ATRIUM_SSH", fakeSsh(dir, "echo 'root@127.0.0.1: Permission denied (publickey).' >&2; exit 255\n").toLocal8Bit());
        QObject owner;
        const auto fd = await(SshTunnel::open(loopbackRoot(), QStringLiteral("127.0.0.1:5901"), &owner));
        QVERIFY(fd && !fd->has_value());
        QVERIFY2(fd->error().message.contains(QStringLiteral("SSH refused the login to root@127.0.0.1:2222")),
                 qPrintable(fd->error().message));
        QTRY_VERIFY(owner.findChildren<SshTunnel *>().isEmpty());

        // A tunnel that never reaches the display is given up at its deadline, and ssh ends.
        qputenv("ATRIUM_SSH", fakeSsh(dir, "exec sleep 60\n").toLocal8Bit());
        const auto silent = await(SshTunnel::open(loopbackRoot(), QStringLiteral("127.0.0.1:5901"), &owner, std::chrono::milliseconds(300)));
        QVERIFY(silent && !silent->has_value());
        QVERIFY2(silent->error().message.contains(QStringLiteral("did not reach the display")), qPrintable(silent->error().message));
        QTRY_VERIFY(owner.findChildren<SshTunnel *>().isEmpty());

        // No ssh at all: said so.
        qputenv("ATRIUM_SSH", dir.filePath(QStringLiteral("missing-ssh")).toLocal8Bit());
        const auto missing = await(SshTunnel::open(loopbackRoot(), QStringLiteral("127.0.0.1:5901"), &owner));
        QVERIFY(missing && !missing->has_value());
        QVERIFY2(missing->error().message.contains(QStringLiteral("install openssh-client")), qPrintable(missing->error().message));
        QTRY_VERIFY(owner.findChildren<SshTunnel *>().isEmpty());
        qunsetenv("ATRIUM_SSH");
    }
};

ATRIUM_TEST_MAIN(TestConsoleRoute)
#include "tst_consoleroute.moc"
