#include "endpointprobe.h"

#include <QElapsedTimer>
#include <QPromise>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace Atrium {

int endpointPort(const QUrl &url)
{
    if (url.port() > 0)
        return url.port();
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https" || scheme == u"wss")
        return 443;
    if (scheme == u"rdp")
        return 3389;
    if (scheme == u"vnc")
        return 5900;
    if (scheme == u"ssh")
        return 22;
    return 80;
}

QFuture<Reachability> probeEndpoint(const QUrl &url, std::chrono::milliseconds timeout, QObject *context)
{
    auto promise = std::make_shared<QPromise<Reachability>>();
    promise->start();
    QFuture<Reachability> future = promise->future();

    Reachability result;
    result.target = QStringLiteral("%1:%2").arg(url.host()).arg(endpointPort(url));
    if (url.host().isEmpty()) {
        result.error = QStringLiteral("the URL names no host");
        result.checkedAt = QDateTime::currentDateTimeUtc();
        promise->addResult(result);
        promise->finish();
        return future;
    }

    auto *socket = new QTcpSocket(context);
    auto *timer = new QTimer(socket);
    auto handshake = std::make_shared<QElapsedTimer>();
    auto finish = [socket, promise, result](bool reachable, std::optional<double> rtt, const QString &error) mutable {
        if (promise->future().isFinished())
            return;
        result.reachable = reachable;
        result.rttMs = rtt;
        result.error = error;
        result.checkedAt = QDateTime::currentDateTimeUtc();
        promise->addResult(result);
        promise->finish();
        socket->abort();
        socket->deleteLater();
    };
    // The clock starts once the name is resolved: the round trip, not DNS.
    QObject::connect(socket, &QTcpSocket::hostFound, socket, [handshake] { handshake->start(); });
    QObject::connect(socket, &QTcpSocket::connected, socket, [finish, handshake]() mutable {
        finish(true, double(handshake->nsecsElapsed()) / 1e6, QString());
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [finish, socket]() mutable {
        finish(false, std::nullopt, socket->errorString());
    });
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, socket, [finish, timeout]() mutable {
        finish(false, std::nullopt, QStringLiteral("no answer within %1 ms").arg(timeout.count()));
    });
    timer->start(timeout);
    socket->connectToHost(url.host(), quint16(endpointPort(url)));
    return future;
}

}  // namespace Atrium
