#include "connectionerror.h"

#include "model/host.h"

#include <QUrl>

namespace Atrium {

namespace {

bool says(const QString &message, const char *words)
{
    return message.contains(QLatin1StringView(words), Qt::CaseInsensitive);
}

QString plainReason(const QString &uri, const QString &message, const CredentialOutcome &outcome)
{
    const QString host = defaultHostName(uri);
    if (!outcome.unknownHostKey.isEmpty() || says(message, "Host key verification failed"))
        return QStringLiteral("unknown host key: %1's SSH key is not in known_hosts, and Atrium never accepts one for "
                              "you (check it, then add it to known_hosts, or name a file with known_hosts= in the URI)")
            .arg(host);
    if (says(message, "REMOTE HOST IDENTIFICATION HAS CHANGED"))
        return QStringLiteral("%1's SSH host key has changed since it was last seen").arg(host);
    if (!outcome.refused.isEmpty()) {
        QStringList kinds;
        for (const CredentialRequest &request : outcome.refused)
            kinds << nameOf(request.kind).replace(u'_', u' ');
        return QStringLiteral("authentication refused: %1 did not accept the %2 given").arg(host, kinds.join(QStringLiteral(" and ")));
    }
    if (!outcome.unanswered.isEmpty())
        return QStringLiteral("%1 asks for credentials (%2)").arg(host, outcome.unanswered.first().prompt);
    if (says(message, "Permission denied") || says(message, "authentication failed")
        || says(message, "authentication unavailable"))
        return QStringLiteral("authentication refused by %1").arg(host);
    if (says(message, "nc: not found") || says(message, "nc: command not found"))
        return QStringLiteral("%1 has no 'nc' (netcat), which libvirt's ssh transport runs there to reach the daemon's "
                              "socket: install netcat-openbsd on it").arg(host);
    if (says(message, "Could not resolve hostname") || says(message, "Name or service not known"))
        return QStringLiteral("unknown host name: %1 does not resolve").arg(QUrl(uri).host());
    if (says(message, "timed out"))
        return QStringLiteral("timed out: %1 did not answer").arg(host);
    if (says(message, "Connection refused"))
        return QStringLiteral("nothing answers at %1 (connection refused)").arg(host);
    if (says(message, "No route to host") || says(message, "Network is unreachable"))
        return QStringLiteral("%1 cannot be reached from here").arg(host);
    if (says(message, "No such file or directory") || says(message, "Failed to connect socket"))
        return QStringLiteral("no libvirt daemon socket there: is libvirtd (or virtqemud) running on %1, and is the "
                              "socket= in the URI right?").arg(host);
    if (says(message, "End of file while reading data"))
        return QStringLiteral("%1 closed the connection before libvirt answered").arg(host);
    return {};
}

}  // namespace

QString plainConnectionError(const QString &uri, const QString &message, const CredentialOutcome &outcome)
{
    const QString reason = plainReason(uri, message, outcome);
    return reason.isEmpty() ? message : reason + QStringLiteral(" — ") + message;
}

}  // namespace Atrium
