// GET /api/events under load: N clients follow the stream (on a thread of their own) while the
// engine makes R changes a second for D seconds. Prints how long a change takes to reach a
// client (p50/p99/max), how many events arrived, the process's memory along the way, and that a
// client that never reads is cut off — beside the floor: the same write → read on a bare loopback
// TCP connection between the same two threads.
//
//   bench_events [--clients 50] [--rate 1000] [--seconds 60]

#include "api/events/eventhub.h"
#include "apifixture.h"
#include "residentmemory.h"
#include "providers/libvirteventloop.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Latencies in a histogram of 10 µs buckets up to 10 s, allocated once: the bench's own memory
/// does not grow with the samples, so the process's memory is Atrium's.
struct Samples {
    static constexpr qint64 kBucketNs = 10000;
    static constexpr int kBuckets = 1000000;
    std::mutex lock;
    std::vector<quint32> buckets = std::vector<quint32>(kBuckets, 0);
    qint64 count = 0;
    qint64 maxNs = 0;
    std::atomic<qint64> events{0};
    void add(qint64 ns)
    {
        std::lock_guard guard(lock);
        ++buckets[size_t(std::clamp<qint64>(ns / kBucketNs, 0, kBuckets - 1))];
        ++count;
        maxNs = std::max(maxNs, ns);
    }
    QString summary()
    {
        std::lock_guard guard(lock);
        if (count == 0)
            return QStringLiteral("no samples");
        const auto at = [this](double q) {
            const qint64 wanted = qint64(q * count);
            qint64 seen = 0;
            for (int i = 0; i < kBuckets; ++i) {
                seen += buckets[size_t(i)];
                if (seen > wanted)
                    return (i + 1) * kBucketNs / 1e6;
            }
            return maxNs / 1e6;
        };
        return QStringLiteral("%1 ms | %2 ms | %3 ms").arg(at(0.5), 0, 'f', 2).arg(at(0.99), 0, 'f', 2).arg(maxNs / 1e6, 0, 'f', 2);
    }
};

/// Reads a stream and times every workspace change whose description carries its send time.
void watch(QTcpSocket *socket, Samples *samples)
{
    auto buffer = std::make_shared<QByteArray>();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, samples, buffer] {
        *buffer += socket->readAll();
        const qint64 now = nowNs();
        qsizetype end;
        while ((end = buffer->indexOf("\n\n")) >= 0) {
            const QByteArray record = buffer->left(end);
            buffer->remove(0, end + 2);
            if (!record.contains("event: "))
                continue;
            samples->events++;
            const qsizetype at = record.indexOf("\"description\":\"t=");
            if (at >= 0 && record.contains("event: workspace.updated")) {
                const qsizetype from = at + 17;
                samples->add(now - record.mid(from, record.indexOf('"', from) - from).toLongLong());
            }
        }
    });
}

}  // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("clients"), QStringLiteral("Clients following the stream (default 50)."), QStringLiteral("n"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("rate"), QStringLiteral("Changes a second (default 1000)."), QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("How long (default 60)."), QStringLiteral("s"), QStringLiteral("60")});
    parser.process(app);
    const int clients = parser.value(QStringLiteral("clients")).toInt();
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    LibvirtEventLoop loop;

    ApiFixture f;
    const QString id = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Evented")))->id;

    // The floor first: bare loopback TCP between the same two threads.
    Samples floor;
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        QThread thread;
        thread.start();
        auto *reader = new QTcpSocket;
        reader->moveToThread(&thread);
        QMetaObject::invokeMethod(reader, [reader, &server, &floor] {
            reader->connectToHost(QHostAddress::LocalHost, server.serverPort());
            watch(reader, &floor);
        });
        if (!server.waitForNewConnection(5000))
            qFatal("no floor connection");
        QTcpSocket *writer = server.nextPendingConnection();
        writer->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        for (int i = 0; i < 2000; ++i) {
            writer->write("id: 1\nevent: workspace.updated\ndata: {\"description\":\"t=" + QByteArray::number(nowNs()) + "\"}\n\n");
            writer->flush();
            QElapsedTimer pause;
            pause.start();
            while (pause.nsecsElapsed() < 1000000)
                QCoreApplication::processEvents();
        }
        QThread::msleep(200);
        QMetaObject::invokeMethod(reader, [reader] { delete reader; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    // The clients, on a thread of their own; and one that never reads.
    Samples samples;
    QThread thread;
    thread.start();
    auto *holder = new QObject;
    holder->moveToThread(&thread);
    const QByteArray admin = f.admin.secret.toUtf8();
    const QByteArray user = f.user.secret.toUtf8();
    const quint16 port = f.port;
    QMetaObject::invokeMethod(holder, [holder, &samples, clients, admin, user, port] {
        for (int i = 0; i < clients; ++i) {
            auto *socket = new QTcpSocket(holder);
            socket->connectToHost(QHostAddress::LocalHost, port);
            socket->write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nAuthorization: Bearer "
                          + (i % 2 ? user : admin) + "\r\n\r\n");
            watch(socket, &samples);
        }
    });
    const int stalled = ::socket(AF_INET, SOCK_STREAM, 0);
    const int small = 4096;
    ::setsockopt(stalled, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(stalled, reinterpret_cast<sockaddr *>(&address), sizeof address);
    const QByteArray request = "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nAuthorization: Bearer " + admin + "\r\n\r\n";
    if (::write(stalled, request.constData(), size_t(request.size())) < 0)
        qFatal("cannot write");
    QElapsedTimer connecting;
    connecting.start();
    while (f.api->events().clientCount() < clients + 1 && connecting.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);

    // The changes: every tick, as many as the rate asks for by now.
    const qint64 rssStart = residentKiB();
    qint64 rssMax = rssStart;
    QList<qint64> rssAlong;
    WorkspacePatch patch;
    qint64 done = 0;
    QElapsedTimer run;
    run.start();
    QElapsedTimer sampleRss;
    sampleRss.start();
    while (run.elapsed() < seconds * 1000) {
        const qint64 due = run.elapsed() * rate / 1000;
        while (done < due) {
            patch.description = QStringLiteral("t=%1").arg(nowNs());
            if (!f.engine.engine->updateWorkspace(f.engine.admin, id, patch))
                qFatal("update failed");
            ++done;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        if (sampleRss.elapsed() >= 5000) {
            rssAlong << residentKiB();
            rssMax = std::max(rssMax, rssAlong.last());
            sampleRss.restart();
        }
    }
    const double elapsed = run.elapsed() / 1000.0;
    QElapsedTimer drain;
    drain.start();
    while (drain.elapsed() < 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    const qint64 rssEnd = residentKiB();
    QStringList along;
    for (qint64 kib : rssAlong)
        along << QString::number(kib / 1024) + QStringLiteral(" MiB");

    printf("\n| stream | clients | changes/s asked / made | events received | change → client p50 | p99 | max |\n|---|---|---|---|---|---|---|\n");
    printf("| GET /api/events | %d | %d / %.0f | %lld | %s |\n", clients, rate, done / elapsed, qint64(samples.events), qPrintable(samples.summary()));
    printf("| bare loopback TCP (floor), same threads | 1 | 1000 | %lld | %s |\n", qint64(floor.events), qPrintable(floor.summary()));
    printf("\nmemory (RSS): %lld MiB with the clients connected, %lld MiB at most, %lld MiB at the end; every 5 s: %s\n",
           rssStart / 1024, rssMax / 1024, rssEnd / 1024, qPrintable(along.join(QStringLiteral(", "))));
    printf("a client that never read: %s (%d cut off)\n", f.api->events().clientsCutOff() > 0 ? "cut off" : "still connected",
           f.api->events().clientsCutOff());
    fflush(stdout);

    ::close(stalled);
    QMetaObject::invokeMethod(holder, [holder] { delete holder; }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return 0;
}
