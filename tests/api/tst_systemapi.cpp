// Atrium's own endpoints: health, audit, hosts, and the OpenAPI reference.

#include "api/http/router.h"
#include "apifixture.h"
#include "openapichecker.h"
#include "libvirttestmain.h"

#include <QJsonDocument>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

class TestSystemApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void healthNeedsNoCredential()
    {
        ApiFixture f;
        const HttpResponse r = f.client().get(QStringLiteral("/api/health"));
        QCOMPARE(r.status, 200);
        const QJsonObject h = r.object();
        QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(h.value(QStringLiteral("version")).toString(), QStringLiteral(ATRIUM_VERSION));
        QVERIFY(h.value(QStringLiteral("uptime_seconds")).toDouble() >= 0);
        QCOMPARE(h.value(QStringLiteral("workspaces")).toInt(), 5);
        const QJsonObject host = h.value(QStringLiteral("hosts")).toArray().at(0).toObject();
        QCOMPARE(host.value(QStringLiteral("uri")).toString(), QStringLiteral("test:///default"));
        QCOMPARE(host.value(QStringLiteral("state")).toString(), QStringLiteral("connected"));
        QCOMPARE(host.value(QStringLiteral("simulated")), QJsonValue(true));
        QCOMPARE(h.value(QStringLiteral("tunnel_status")).toString(), QStringLiteral("unavailable"));

        ApiFixture down({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///nonexistent/atrium.xml")});
        QCOMPARE(down.client().get(QStringLiteral("/api/health")).object().value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    }

    void auditIsForAdminsAndFilters()
    {
        ApiFixture f;
        const QString panel = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint())->id;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.user)).status, 200);
            QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/stop"), {}, f.bearer(f.user)).status, 200);
        }
        const HttpResponse denied = f.client().get(QStringLiteral("/api/audit"), f.bearer(f.user));
        QCOMPARE(denied.status, 403);
        QCOMPARE(denied.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Admin access required"));

        const QJsonObject launches = f.client().get(QStringLiteral("/api/audit?action=launch_workspace&limit=2"), f.bearer(f.admin)).object();
        QCOMPARE(launches.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(launches.value(QStringLiteral("limit")).toInt(), 2);
        const QJsonArray entries = launches.value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject e = entries.at(0).toObject();
        QCOMPARE(e.value(QStringLiteral("action")).toString(), QStringLiteral("launch_workspace"));
        QCOMPARE(e.value(QStringLiteral("actor_email")).toString(), QStringLiteral("uma@example.test"));
        QCOMPARE(e.value(QStringLiteral("target")).toString(), QStringLiteral("workspace:") + panel);
        QCOMPARE(e.value(QStringLiteral("success")), QJsonValue(true));
        QVERIFY(entries.at(0).toObject().value(QStringLiteral("id")).toInt() > entries.at(1).toObject().value(QStringLiteral("id")).toInt());
        const QJsonObject page2 = f.client().get(QStringLiteral("/api/audit?action=launch_workspace&limit=2&offset=2"), f.bearer(f.admin)).object();
        QCOMPARE(page2.value(QStringLiteral("entries")).toArray().size(), 1);
        QCOMPARE(f.client().get(QStringLiteral("/api/audit?actor=uma%40example.test"), f.bearer(f.admin)).object().value(QStringLiteral("total")).toInt(), 6);
        QCOMPARE(f.client().get(QStringLiteral("/api/audit?since=2999-01-01T00:00:00Z"), f.bearer(f.admin)).object().value(QStringLiteral("total")).toInt(), 0);
        QVERIFY(f.client().get(QStringLiteral("/api/audit?until=2999-01-01T00:00:00Z"), f.bearer(f.admin)).object().value(QStringLiteral("total")).toInt() >= 6);
        QCOMPARE(f.client().get(QStringLiteral("/api/audit?since=yesterday"), f.bearer(f.admin)).status, 400);
        QCOMPARE(f.client().get(QStringLiteral("/api/audit?limit=501"), f.bearer(f.admin)).status, 400);
        QCOMPARE(f.client().get(QStringLiteral("/api/audit?offset=-1"), f.bearer(f.admin)).status, 400);
    }

    void hostsListCapacity()
    {
        ApiFixture f;
        const QJsonArray hosts = f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array();
        QCOMPARE(hosts.size(), 1);
        const QJsonObject h = hosts.at(0).toObject();
        QCOMPARE(h.value(QStringLiteral("hypervisor")).toString(), QStringLiteral("TEST"));
        QVERIFY(h.value(QStringLiteral("cpus")).toInt() > 0);
        QVERIFY(h.value(QStringLiteral("memory_mb")).toDouble() > 0);
        QCOMPARE(f.client().get(QStringLiteral("/api/hosts")).status, 401);
    }

    void theResponseCheckerCatchesWhatItMust()
    {
        // The checker every API test runs on every response: it must fail where the reference is not kept.
        const OpenApiChecker &reference = OpenApiChecker::builtIn();
        ApiFixture f;
        HttpClient unchecked(QStringLiteral("127.0.0.1"), f.port);
        const HttpResponse good = unchecked.get(QStringLiteral("/api/v1/workspaces/ws-1panel"), f.apiKey(f.admin));
        QCOMPARE(good.status, 200);
        QCOMPARE(reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 200, good.body), QString());

        QJsonObject w = good.object();
        w.insert(QStringLiteral("organizationId"), QJsonValue(QJsonValue::Null));
        const QString nullString = reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 200, QJsonDocument(w).toJson());
        QVERIFY2(nullString.contains(QStringLiteral("$.organizationId is null")), qPrintable(nullString));
        w = good.object();
        w.remove(QStringLiteral("owner"));
        QVERIFY(reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 200, QJsonDocument(w).toJson()).contains(QStringLiteral("owner")));
        w = good.object();
        w.insert(QStringLiteral("environmentType"), QStringLiteral("cobol"));
        QVERIFY(reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 200, QJsonDocument(w).toJson()).contains(QStringLiteral("not one of")));
        w = good.object();
        w.insert(QStringLiteral("createdAt"), QStringLiteral("yesterday"));
        QVERIFY(reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 200, QJsonDocument(w).toJson()).contains(QStringLiteral("date-time")));
        // An undocumented status, and an error body in another surface's shape.
        QVERIFY(reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-1panel"), 418, "{}").contains(QStringLiteral("418")));
        QVERIFY(!reference.check("GET", QStringLiteral("/api/v1/workspaces/ws-nope"), 404, R"({"detail":"Workspace not found","code":"X"})").isEmpty());
        // Not an operation: nothing to check.
        QCOMPARE(reference.check("GET", QStringLiteral("/api/nowhere"), 404, "{}"), QString());
    }

    void everySurfaceShowsEveryWorkspaceInItsDocumentedTypes()
    {
        // Made on each surface (and by the default catalog), read on each: the client checks every
        // answer against the reference, so a null where a document promises a string fails here.
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse made000 = http.post(QStringLiteral("/api/workspaces"),
                                               R"({"name":"From 000","type":"linux","description":"d","cpu":"1 vCPU","memory":"256 MB","storage":"1 GB"})",
                                               f.bearer(f.admin));
        QCOMPARE(made000.status, 200);
        const HttpResponse made001 = http.post(QStringLiteral("/api/v1/workspaces"),
                                               R"({"name":"From 001","description":"d","environmentType":"jupyter","resources":{"cpu":"1","memory":"256Mi","storage":"64Mi"}})",
                                               f.apiKey(f.user));
        QCOMPARE(made001.status, 201);
        const HttpResponse made003 = http.post(QStringLiteral("/workspace"), R"({"image":"node-20","config":{"wait_for_init":true}})",
                                               f.clientPair(f.user));
        QCOMPARE(made003.status, 201);
        const QString ids[] = {made000.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString(),
                               made001.object().value(QStringLiteral("workspaceId")).toString(),
                               made003.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString(),
                               QStringLiteral("ws-1panel")};
        // One in use, so sessions show too.
        QCOMPARE(http.post(QStringLiteral("/api/workspaces/") + ids[0] + QStringLiteral("/launch"), {}, f.bearer(f.admin)).status, 200);

        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), f.bearer(f.admin)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/v1/workspaces?limit=100"), f.apiKey(f.admin)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/workspace"), f.clientPair(f.user)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/sessions?all=true"), f.bearer(f.admin)).status, 200);
        for (const QString &id : ids) {
            QVERIFY(!id.isEmpty());
            QCOMPARE(http.get(QStringLiteral("/api/workspaces/") + id, f.bearer(f.admin)).status, 200);
            for (const char *what : {"", "/status", "/metrics", "/logs"})
                QCOMPARE(http.get(QStringLiteral("/api/v1/workspaces/") + id + QLatin1StringView(what), f.apiKey(f.admin)).status, 200);
        }
        for (const QString &id : {ids[1], ids[2]}) {
            QCOMPARE(http.get(QStringLiteral("/workspace/") + id, f.clientPair(f.user)).status, 200);
            QCOMPARE(http.get(QStringLiteral("/workspace/") + id + QStringLiteral("/details"), f.clientPair(f.user)).status, 200);
        }
        const QJsonObject v1 = http.get(QStringLiteral("/api/v1/workspaces/") + ids[2], f.apiKey(f.admin)).object();
        QCOMPARE(v1.value(QStringLiteral("environmentType")).toString(), QStringLiteral("custom"));
        QCOMPARE(v1.value(QStringLiteral("organizationId")), QJsonValue(QString()));
    }

    void theReferenceCoversEveryRouteAndNoOther()
    {
        ApiFixture f;
        const HttpResponse r = f.client().get(QStringLiteral("/api/openapi.json"));
        QCOMPARE(r.status, 200);
        const QJsonObject doc = r.object();
        QVERIFY(doc.value(QStringLiteral("openapi")).toString().startsWith(QStringLiteral("3.0")));
        const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
        QSet<QString> documented;
        for (auto path = paths.begin(); path != paths.end(); ++path) {
            const QJsonObject methods = path.value().toObject();
            for (auto m = methods.begin(); m != methods.end(); ++m) {
                documented.insert(m.key().toUpper() + u' ' + path.key());
                QVERIFY2(m.value().toObject().contains(QStringLiteral("responses")), qPrintable(path.key()));
            }
        }
        QSet<QString> routed;
        for (const Api::Route &route : f.api->server().router().routes())
            routed.insert(QString::fromLatin1(Api::methodName(route.method)) + u' ' + QString(route.pathTemplate).replace(QStringLiteral("+}"), QStringLiteral("}")));
        QCOMPARE(routed.size(), f.api->server().router().routes().size());  // no route registered twice
        const QSet<QString> undocumented = routed - documented;
        const QSet<QString> unrouted = documented - routed;
        QVERIFY2(undocumented.isEmpty(), qPrintable(QStringList(undocumented.values()).join(QStringLiteral(", "))));
        QVERIFY2(unrouted.isEmpty(), qPrintable(QStringList(unrouted.values()).join(QStringLiteral(", "))));
        // Every $ref points at a schema that exists.
        const QJsonObject schemas = doc.value(QStringLiteral("components")).toObject().value(QStringLiteral("schemas")).toObject();
        const QString text = QString::fromUtf8(r.body);
        static const QRegularExpression refRe(QStringLiteral(R"re("\$ref":\s*"#/components/schemas/([A-Za-z0-9]+)")re"));
        int refs = 0;
        for (auto it = refRe.globalMatch(text); it.hasNext(); ++refs) {
            const QString name = it.next().captured(1);
            QVERIFY2(schemas.contains(name), qPrintable(name));
        }
        QVERIFY(refs > 20);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestSystemApi)
#include "tst_systemapi.moc"
