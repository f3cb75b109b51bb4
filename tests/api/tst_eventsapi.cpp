// GET /api/events over real HTTP: every change as a server-sent event, resumable, filtered per
// user, in each surface's shape; slow readers cut off.

#include "api/events/eventhub.h"
#include "apifixture.h"
#include "eventstreamclient.h"
#include "libvirttestmain.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QString createVm(const ApiFixture &f, const QString &name = QStringLiteral("Evented VM"))
{
    return must(f.engine.engine->createWorkspace(f.engine.admin, smallVm(name))).id;
}

}  // namespace

class TestEventsApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aLaunchAStopAndADisconnectEachArriveAtOnceAsGetShowsThem()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        EventStream uma(f.port, f.bearer(f.user));
        QCOMPARE(uma.status(), 200);
        QVERIFY(uma.head().contains("Content-Type: text/event-stream"));
        QVERIFY(uma.head().contains("Cache-Control: no-store"));

        QElapsedTimer timer;
        timer.start();
        const QJsonObject launched = f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(vm), {}, f.bearer(f.user)).object();
        const auto created = uma.next("session.created", 2000);
        QVERIFY(created);
        const qint64 launchMs = timer.elapsed();
        const QString session = launched.value(QStringLiteral("session_id")).toString();
        QCOMPARE(created->data, f.client().get(QStringLiteral("/api/sessions/") + session, f.bearer(f.user)).object());
        // The workspace as GET shows it (document 000's status follows its sessions).
        std::optional<Event> updated;
        while (auto e = uma.next("workspace.updated", 2000))
            updated = e;
        QVERIFY(updated);
        QCOMPARE(updated->data, f.client().get(QStringLiteral("/api/workspaces/") + vm, f.bearer(f.user)).object());

        timer.restart();
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/%1/disconnect").arg(session), {}, f.bearer(f.user)).status, 200);
        const auto disconnected = uma.next("session.updated", 2000);
        QVERIFY(disconnected);
        const qint64 disconnectMs = timer.elapsed();
        QCOMPARE(disconnected->data.value(QStringLiteral("status")).toString(), QStringLiteral("disconnected"));

        timer.restart();
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/%1/stop").arg(vm), {}, f.bearer(f.admin)).status, 200);

        QVERIFY(QTest::qWaitFor([&] {
            for (const Event &e : uma.events()) {
                // A stopped VM is ready to launch again: document 000's "available".
                if (e.type == "workspace.updated" && e.data.value(QStringLiteral("state")).toString() == u"available")
                    return true;
            }
            return false;
        }, 2000));
        const qint64 stopMs = timer.elapsed();

        // Pushed, not polled: how fast is the benchmark's to say (tests/bench/events_bench).
        qInfo("request → event: launch %lld ms, disconnect %lld ms, stop %lld ms (each including the request itself)",
              launchMs, disconnectMs, stopMs);
        // Ids rise.
        quint64 last = 0;
        for (const Event &e : uma.events()) {
            QVERIFY(e.id.toULongLong() > last);
            last = e.id.toULongLong();
        }
    }

    void usersSeeOnlyWhatTheyMay()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        EventStream uma(f.port, f.bearer(f.user));
        EventStream otto(f.port, f.apiKey(f.other));  // X-API-Key works too
        EventStream ada(f.port, f.bearer(f.admin));
        QCOMPARE(otto.status(), 200);
        f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(vm), {}, f.bearer(f.user));
        QVERIFY(uma.next("session.created"));
        QVERIFY(ada.next("session.created"));
        QVERIFY(ada.next("audit.created"));
        // Otto sees the shared workspace change, never Uma's session nor the audit log.
        QVERIFY(otto.next("workspace.updated"));
        QTest::qWait(200);
        for (const Event &e : otto.events()) {
            QVERIFY2(e.type != "session.created" && e.type != "session.updated" && e.type != "audit.created", e.type.constData());
        }
        QVERIFY(!uma.next("audit.created", 100));
        // A workspace of Uma's own is hers (and admins').
        WorkspacePatch own = smallVm(QStringLiteral("Uma's"));
        own.ownerId = f.user.identity.id;
        must(f.engine.engine->createWorkspace(f.actorOf(f.user), own));
        QVERIFY(uma.next("workspace.created"));
        QVERIFY(ada.next("workspace.created"));
        QVERIFY(!otto.next("workspace.created", 300));
    }

    void aClientThatComesBackMissesNothing()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        QByteArray lastId;
        {
            EventStream first(f.port, f.bearer(f.admin));
            f.engine.engine->updateWorkspace(f.engine.admin, vm, [] { WorkspacePatch p; p.description = QStringLiteral("one"); return p; }());
            const auto one = first.next("workspace.updated");
            QVERIFY(one);
            lastId = one->id;
        }
        // Changes while it is away…
        for (const char *text : {"two", "three", "four"}) {
            WorkspacePatch p;
            p.description = QString::fromLatin1(text);
            QVERIFY(f.engine.engine->updateWorkspace(f.engine.admin, vm, p));
        }
        // …arrive when it comes back, in order, and nothing before.
        EventStream back(f.port, {f.bearer(f.admin).first(), {"Last-Event-ID", lastId}});
        QStringList descriptions;
        QVERIFY(QTest::qWaitFor([&] {
            descriptions.clear();
            for (const Event &e : back.events()) {
                if (e.type == "workspace.updated")
                    descriptions << e.data.value(QStringLiteral("description")).toString();
            }
            return descriptions.size() >= 3;
        }, 3000));
        QCOMPARE(descriptions, QStringList({QStringLiteral("two"), QStringLiteral("three"), QStringLiteral("four")}));
        // The query works as well as the header (a first connection cannot set headers in a browser).
        EventStream query(f.port, f.bearer(f.admin), QStringLiteral("?last_event_id=") + QString::fromLatin1(lastId));
        QVERIFY(query.next("workspace.updated"));
    }

    void anIdOlderThanTheBacklogGetsOneResync()
    {
        ApiFixture f;
        EventStream stale(f.port, {f.bearer(f.user).first(), {"Last-Event-ID", "12"}});
        const auto resync = stale.next("resync");
        QVERIFY(resync);
        QVERIFY(resync->data.value(QStringLiteral("reason")).toString().contains(QStringLiteral("10000")));
        QVERIFY(stale.isOpen());  // and then it follows on as usual
        createVm(f);
        QVERIFY(stale.next("workspace.created"));
    }

    void eachSurfaceGetsItsOwnShape()
    {
        ApiFixture f;
        WorkspacePatch own = smallVm(QStringLiteral("Uma's"));
        own.ownerId = f.user.identity.id;
        EventStream v1(f.port, f.apiKey(f.user), QStringLiteral("?surface=v1"));
        EventStream micro(f.port, f.bearer(f.user), QStringLiteral("?surface=microvm"));
        const QString id = must(f.engine.engine->createWorkspace(f.actorOf(f.user), own)).id;
        const auto asV1 = v1.next("workspace.created");
        QVERIFY(asV1);
        QCOMPARE(asV1->data, f.client().get(QStringLiteral("/api/v1/workspaces/") + id, f.apiKey(f.user)).object());
        const auto asMicro = micro.next("workspace.created");
        QVERIFY(asMicro);
        const QJsonObject got = f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.user)).object().value(QStringLiteral("workspace")).toObject();
        for (auto it = got.begin(); it != got.end(); ++it) {
            if (it.key() != u"uptime" && it.key() != u"lifecycle")  // times move on between the two readings
                QCOMPARE(asMicro->data.value(it.key()), it.value());
        }
    }

    void badRequestsAreRefusedPlainly()
    {
        ApiFixture f;
        QCOMPARE(EventStream(f.port, {}).status(), 401);
        QCOMPARE(EventStream(f.port, f.bearer(f.user), QStringLiteral("?surface=v2")).status(), 400);
        QCOMPARE(EventStream(f.port, {f.bearer(f.user).first(), {"Last-Event-ID", "yesterday"}}).status(), 400);
        QCOMPARE(EventStream(f.port, {f.bearer(f.user).first(), {"Origin", "http://evil.example"}}).status(), 403);
        QCOMPARE(f.client().send("HEAD", QStringLiteral("/api/events"), {}, f.bearer(f.user)).status, 400);
        QCOMPARE(f.client().post(QStringLiteral("/api/events"), {}, f.bearer(f.user)).status, 405);
    }

    void anIdleStreamGetsACommentLine()
    {
        Api::ApiOptions options;
        options.eventKeepAlive = std::chrono::milliseconds(100);
        ApiFixture f({}, options);
        EventStream idle(f.port, f.bearer(f.user));
        QTRY_VERIFY_WITH_TIMEOUT(idle.comments() >= 2, 2000);
    }

    void aClientThatNeverReadsIsCutOff()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        // A raw socket with a small receive buffer that never reads.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(f.port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        const QByteArray request = "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(f.port) + "\r\nAuthorization: Bearer "
            + f.admin.secret.toUtf8() + "\r\n\r\n";
        QCOMPARE(::write(fd, request.constData(), size_t(request.size())), ssize_t(request.size()));
        QTRY_COMPARE(f.api->events().clientCount(), 1);
        // Changes worth far more than the bound, each about 4 KB.
        WorkspacePatch p;
        for (int i = 0; i < 3000 && f.api->events().clientsCutOff() == 0; ++i) {
            p.description = QString(3900, QChar(u'a' + i % 26));
            QVERIFY(f.engine.engine->updateWorkspace(f.engine.admin, vm, p));
            if (i % 100 == 0)
                QCoreApplication::processEvents();
        }
        QTRY_COMPARE(f.api->events().clientsCutOff(), 1);
        QCOMPARE(f.api->events().clientCount(), 0);
        ::close(fd);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestEventsApi)
#include "tst_eventsapi.moc"
