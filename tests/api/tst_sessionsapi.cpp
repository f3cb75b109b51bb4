// The Sessions API: /api/sessions… over HTTP.

#include "apifixture.h"
#include "libvirttestmain.h"

#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

/// A loopback endpoint anyone may launch.
QString endpoint(ApiFixture &f)
{
    return f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint())->id;
}

QString launch(const ApiFixture &f, const QString &id, const IssuedToken &who)
{
    return f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/launch"), {}, f.bearer(who))
        .object().value(QStringLiteral("session_id")).toString();
}

}  // namespace

class TestSessionsApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void usersSeeOnlyTheirOwnSessions()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QString first = launch(f, panel, f.user);
        QTest::qWait(5);
        const QString second = launch(f, panel, f.user);
        const QString others = launch(f, panel, f.other);
        const QJsonArray mine = f.client().get(QStringLiteral("/api/sessions"), f.bearer(f.user)).array();
        QCOMPARE(mine.size(), 2);
        QCOMPARE(mine.at(0).toObject().value(QStringLiteral("id")).toString(), second);  // newest first
        QCOMPARE(mine.at(1).toObject().value(QStringLiteral("id")).toString(), first);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions"), f.bearer(f.other)).array().size(), 1);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions"), f.bearer(f.admin)).array().size(), 0);
        // An admin may ask for everyone's; a user may not.
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions?all=true"), f.bearer(f.admin)).array().size(), 3);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions?all=true"), f.bearer(f.user)).status, 403);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions?all=perhaps"), f.bearer(f.admin)).status, 400);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions?limit=0"), f.bearer(f.user)).status, 400);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions/") + others, f.bearer(f.user)).status, 404);
    }

    void sessionsCarryTheDocumentedFields()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QString id = launch(f, panel, f.user);
        const QJsonObject s = f.client().get(QStringLiteral("/api/sessions"), f.bearer(f.user)).array().at(0).toObject();
        for (const char *field : {"id", "user_id", "user_email", "workspace_id", "workspace_name", "workspace_type", "status",
                                  "started_at", "ended_at", "ip_address", "tunnel_status", "mfa_verified"})
            QVERIFY2(s.contains(QLatin1StringView(field)), field);
        QCOMPARE(s.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(s.value(QStringLiteral("user_id")).toString(), f.user.identity.id);
        QCOMPARE(s.value(QStringLiteral("user_email")).toString(), QStringLiteral("uma@example.test"));
        QCOMPARE(s.value(QStringLiteral("workspace_id")).toString(), panel);
        QCOMPARE(s.value(QStringLiteral("workspace_name")).toString(), QStringLiteral("Loopback panel"));
        QCOMPARE(s.value(QStringLiteral("workspace_type")).toString(), QStringLiteral("web"));
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QVERIFY(s.value(QStringLiteral("ended_at")).isNull());
        QCOMPARE(s.value(QStringLiteral("ip_address")).toString(), QStringLiteral("127.0.0.1"));  // the real peer, not 10.0.0.1
        QCOMPARE(s.value(QStringLiteral("tunnel_status")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(s.value(QStringLiteral("mfa_verified")), QJsonValue(false));
        // "2026-03-05T14:30:00.000Z": what the document's Python examples parse.
        const QString started = s.value(QStringLiteral("started_at")).toString();
        QVERIFY(started.endsWith(u'Z'));
        QCOMPARE(started.size(), 24);
        QVERIFY(QDateTime::fromString(started, Qt::ISODateWithMs).isValid());
    }

    void activeListsOnlyActiveOnes()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QString kept = launch(f, panel, f.user);
        const QString dropped = launch(f, panel, f.user);
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/") + dropped + QStringLiteral("/disconnect"), {}, f.bearer(f.user)).status, 200);
        const QJsonArray active = f.client().get(QStringLiteral("/api/sessions/active"), f.bearer(f.user)).array();
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.at(0).toObject().value(QStringLiteral("id")).toString(), kept);
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions"), f.bearer(f.user)).array().size(), 2);
    }

    void disconnectAsDocumented()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QString id = launch(f, panel, f.user);
        const HttpResponse r = f.client().post(QStringLiteral("/api/sessions/") + id + QStringLiteral("/disconnect"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), QJsonObject({{QStringLiteral("message"), QStringLiteral("Session disconnected")}}));
        const QJsonObject s = f.client().get(QStringLiteral("/api/sessions/") + id, f.bearer(f.user)).object();
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("disconnected"));
        QVERIFY(s.value(QStringLiteral("ended_at")).isString());
        // The endpoint had no other session: it is available again.
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces/") + panel, f.bearer(f.user)).object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("available"));
        AuditQuery disconnects;
        disconnects.action = QStringLiteral("disconnect_session");
        QCOMPARE(*f.engine.engine->auditCount(disconnects), 1);

        const HttpResponse twice = f.client().post(QStringLiteral("/api/sessions/") + id + QStringLiteral("/disconnect"), {}, f.bearer(f.user));
        QCOMPARE(twice.status, 409);
        QVERIFY(twice.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("disconnected")));
    }

    void someoneElsesSessionIsNotFound()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QString id = launch(f, panel, f.user);
        const HttpResponse r = f.client().post(QStringLiteral("/api/sessions/") + id + QStringLiteral("/disconnect"), {}, f.bearer(f.other));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Session not found"));
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/00000000-0000-4000-8000-000000000000/disconnect"), {}, f.bearer(f.user)).status, 404);
        QCOMPARE(f.engine.engine->activeSessions().size(), 1);
        // An admin may end anyone's session.
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/") + id + QStringLiteral("/disconnect"), {}, f.bearer(f.admin)).status, 200);
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/x/disconnect"), {}, f.bearer(f.reader)).status, 403);
    }

    void aVmIsAvailableAfterItsSessionDisconnectsWhileItsDomainRuns()
    {
        ApiFixture f;
        const QString vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm())->id;
        const QString id = launch(f, vm, f.user);
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/") + id + QStringLiteral("/disconnect"), {}, f.bearer(f.user)).status, 200);
        // Document 002: the workspace is "available" (ready to launch) again; `state` says the domain runs.
        const QJsonObject w = f.client().get(QStringLiteral("/api/workspaces/") + vm, f.bearer(f.user)).object();
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("available"));
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        const QJsonArray listed = f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.user)).array();
        for (const QJsonValue &v : listed) {
            if (v.toObject().value(QStringLiteral("id")).toString() == vm)
                QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("available"));
        }
        QCOMPARE(f.engine.engine->workspace(vm)->status, WorkspaceStatus::Running);
        // Launched again, it is in use ("running") again.
        launch(f, vm, f.user);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces/") + vm, f.bearer(f.user)).object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
    }

    void theStreamUrlLeadsToTheSession()
    {
        ApiFixture f;
        const QString panel = endpoint(f);
        const QJsonObject launch = f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.user)).object();
        const QString stream = launch.value(QStringLiteral("stream_url")).toString();
        const HttpResponse r = f.client().get(stream, f.bearer(f.user));
        QCOMPARE(r.status, 307);
        QCOMPARE(r.headers.value("location"), QByteArray("http://127.0.0.1:9/"));
        QCOMPARE(f.client().get(stream, f.bearer(f.other)).status, 404);
        QCOMPARE(f.client().get(stream).status, 401);

        const QString vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm())->id;
        const QString vmStream = f.client().post(QStringLiteral("/api/workspaces/") + vm + QStringLiteral("/launch"), {}, f.bearer(f.user))
                                     .object().value(QStringLiteral("stream_url")).toString();
        const HttpResponse console = f.client().get(vmStream, f.bearer(f.user));
        QCOMPARE(console.status, 200);
        QCOMPARE(console.object().value(QStringLiteral("kind")).toString(), QStringLiteral("vnc"));

        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/stop"), {}, f.bearer(f.user)).status, 200);
        QCOMPARE(f.client().get(stream, f.bearer(f.user)).status, 409);  // ended
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestSessionsApi)
#include "tst_sessionsapi.moc"
