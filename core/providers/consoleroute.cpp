#include "consoleroute.h"

#include <QHostAddress>
#include <QUrl>
#include <QUrlQuery>

namespace Atrium {

namespace {

/// libvirt's transport of @p url: "ssh", "tls", "tcp", "libssh2", "unix", … (empty = default).
QString transportOf(const QUrl &url)
{
    const QString scheme = url.scheme();
    const qsizetype plus = scheme.indexOf(u'+');
    return plus < 0 ? QString() : scheme.mid(plus + 1);
}

bool isUnspecified(const QString &address)
{
    const QHostAddress a(address);
    return address.isEmpty() || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6 || a == QHostAddress::Any;
}

}  // namespace

QString SshDestination::display() const
{
    QString out = user.isEmpty() ? host : user + u'@' + host;
    if (port > 0)
        out += u':' + QString::number(port);
    return out;
}

bool passesFileDescriptors(const QString &uri)
{
    const QUrl url(uri);
    const QString transport = transportOf(url);
    return url.host().isEmpty() && (transport.isEmpty() || transport == u"unix");
}

std::optional<SshDestination> sshDestinationFor(const QString &uri)
{
    if (passesFileDescriptors(uri))
        return std::nullopt;
    const QUrl url(uri);
    const QString transport = transportOf(url);
    SshDestination d;
    d.user = url.userName();
    d.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    const bool overSsh = transport == u"ssh" || transport == u"libssh" || transport == u"libssh2";
    if (overSsh) {
        d.port = url.port(-1);
        const QUrlQuery query(url);
        d.keyFile = query.queryItemValue(QStringLiteral("keyfile"), QUrl::FullyDecoded);
        d.knownHosts = query.queryItemValue(QStringLiteral("known_hosts"), QUrl::FullyDecoded);
        d.verifyHostKey = query.queryItemValue(QStringLiteral("no_verify")) != u"1";
    }
    return d;
}

GraphicsListen graphicsListenFor(const QString &uri)
{
    const auto ssh = sshDestinationFor(uri);
    if (!ssh)
        return GraphicsListen::None;
    // A system hypervisor's socket belongs to root (QEMU runs as root or libvirt-qemu): only a
    // root SSH login can open it. Anyone else gets a port nobody off the hypervisor can reach.
    const bool systemDriver = QUrl(uri).path() == u"/system";
    return ssh->user == u"root" && systemDriver ? GraphicsListen::Socket : GraphicsListen::Loopback;
}

Result<QString> tunnelTarget(const QString &domain, const DomainGraphics &graphics, bool spiceToo)
{
    switch (graphics.kind) {
    case GraphicsKind::None:
        return fail(ErrorCode::Conflict, spiceToo
                        ? QStringLiteral("%1 shows its screen over SPICE only, which Atrium's viewer does not "
                                         "speak: open it with virt-viewer or remote-viewer, or add a VNC display").arg(domain)
                        : QStringLiteral("%1 has no graphical display; use its serial console").arg(domain));
    case GraphicsKind::Spice:
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1 shows its screen over SPICE only, which Atrium's viewer does not speak: open "
                                   "it with virt-viewer or remote-viewer, or add a VNC display").arg(domain));
    case GraphicsKind::Other:
        return fail(ErrorCode::Conflict, QStringLiteral("%1's display is neither VNC nor SPICE; Atrium's viewer cannot show it").arg(domain));
    case GraphicsKind::Vnc: break;
    }
    if (graphics.listenType == u"socket") {
        if (graphics.socket.isEmpty())
            return fail(ErrorCode::Conflict, QStringLiteral("%1's VNC socket is not known yet (is it running?)").arg(domain));
        return graphics.socket;
    }
    if (graphics.listenType == u"none")
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1's VNC display has no listener, so only a connection on its own host can show "
                                   "it; give it <listen type='socket'/> to reach it over SSH").arg(domain));
    if (graphics.port <= 0)
        return fail(ErrorCode::Conflict, QStringLiteral("%1's VNC port is not known yet (is it running?)").arg(domain));
    // Seen from the hypervisor, a wildcard listener answers on its loopback too.
    QString address = isUnspecified(graphics.listenAddress) ? QStringLiteral("127.0.0.1") : graphics.listenAddress;
    if (address.contains(u':'))
        address = u'[' + address + u']';
    return QStringLiteral("%1:%2").arg(address).arg(graphics.port);
}

QStringList sshTunnelArguments(const SshDestination &destination, const QString &target, const QString &localSocket)
{
    QStringList args;
    if (destination.program.isEmpty())
        args << QStringLiteral("-o") << QStringLiteral("BatchMode=yes");  // no prompt nobody could answer
    args << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=10")
         << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=15") << QStringLiteral("-T");
    if (destination.port > 0)
        args << QStringLiteral("-p") << QString::number(destination.port);
    if (!destination.keyFile.isEmpty())
        args << QStringLiteral("-i") << destination.keyFile << QStringLiteral("-o") << QStringLiteral("IdentitiesOnly=yes");
    if (!destination.knownHosts.isEmpty())
        args << QStringLiteral("-o") << QStringLiteral("UserKnownHostsFile=") + destination.knownHosts;
    if (!destination.verifyHostKey) {
        // What libvirt's own ssh transport does with no_verify=1.
        args << QStringLiteral("-o") << QStringLiteral("StrictHostKeyChecking=no");
        if (destination.knownHosts.isEmpty())
            args << QStringLiteral("-o") << QStringLiteral("UserKnownHostsFile=/dev/null");
    }
    if (!destination.user.isEmpty())
        args << QStringLiteral("-l") << destination.user;
    if (target.startsWith(u'/')) {
        args << QStringLiteral("-o") << QStringLiteral("ExitOnForwardFailure=yes")
             << QStringLiteral("-o") << QStringLiteral("StreamLocalBindMask=0177")
             << QStringLiteral("-L") << localSocket + u':' + target
             << QStringLiteral("--") << destination.host
             // ssh exits once this is done and the one forwarded connection has closed.
             << QStringLiteral("sleep 20");
    } else {
        args << QStringLiteral("-W") << target << QStringLiteral("--") << destination.host;
    }
    return args;
}

QString sshFailureMessage(const SshDestination &destination, const QString &stderrText)
{
    QStringList lines;
    for (const QString &line : stderrText.split(u'\n', Qt::SkipEmptyParts)) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(u"Warning: Permanently added"))
            lines << trimmed;
    }
    const QString said = lines.isEmpty() ? QStringLiteral("ssh exited without saying why") : lines.join(QStringLiteral("; "));
    const QString who = destination.display();
    if (said.contains(u"Permission denied"))
        return QStringLiteral("SSH refused the login to %1 (check the user and the key in the host URI): %2").arg(who, said);
    if (said.contains(u"Host key verification failed") || said.contains(u"REMOTE HOST IDENTIFICATION HAS CHANGED"))
        return QStringLiteral("the SSH host key of %1 is not known or has changed (add it to known_hosts, or add "
                              "known_hosts=FILE to the host URI): %2").arg(who, said);
    if (said.contains(u"Connection refused"))
        return QStringLiteral("nothing answers SSH at %1: %2").arg(who, said);
    if (said.contains(u"timed out"))
        return QStringLiteral("%1 did not answer SSH in time: %2").arg(who, said);
    if (said.contains(u"open failed") || said.contains(u"forwarding failed"))
        return QStringLiteral("%1 refused to connect the tunnel to the display: %2").arg(who, said);
    return QStringLiteral("the SSH tunnel to %1 failed: %2").arg(who, said);
}

}  // namespace Atrium
