#pragma once

#include <QDateTime>
#include <QFuture>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

class QObject;

namespace Atrium {

/// Whether a remote endpoint answers, and how fast: measured on request only
/// (Atrium sends no traffic to an endpoint on its own).
struct Reachability {
    bool reachable = false;
    std::optional<double> rttMs;  ///< the TCP handshake, name lookup excluded
    QString target;               ///< "host:port" that was tried
    QString error;                ///< why it is not reachable
    QDateTime checkedAt;
};

/// The port a workspace URL is reached on: its own, else its scheme's.
int endpointPort(const QUrl &url);

/// Opens a TCP connection to @p url's host and port, times the handshake and
/// closes it without sending a byte. Finishes on @p context's thread.
QFuture<Reachability> probeEndpoint(const QUrl &url, std::chrono::milliseconds timeout, QObject *context);

}  // namespace Atrium
