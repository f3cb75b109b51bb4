// The Workspaces API: /api/workspaces… over HTTP.

#include "apifixture.h"
#include "libvirttestmain.h"
#include "simulatorconnection.h"
#include "textchecks.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>
#include <zlib.h>

using namespace Atrium;

namespace {

QByteArray gunzip(const QByteArray &data)
{
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out(1 << 22, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = inflate(&stream, Z_FINISH);
    out.truncate(qsizetype(stream.total_out));
    inflateEnd(&stream);
    return result == Z_STREAM_END ? out : QByteArray();
}

}  // namespace
using namespace Atrium::Testing;

namespace {

const QStringList kDocumentedFields{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("type"),
                                    QStringLiteral("description"), QStringLiteral("image_url"), QStringLiteral("status"),
                                    QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("storage"),
                                    QStringLiteral("url"), QStringLiteral("connection_type"), QStringLiteral("requires_netbird"),
                                    QStringLiteral("icon")};

QByteArray smallVmJson(const char *name = "Lab VM")
{
    return QByteArray(R"({"name":")") + name
        + R"(","type":"linux","description":"a lab VM","connection_type":"vnc","requires_netbird":false,"cpu":"1 vCPU","memory":"256 MB","storage":"1 GB"})";
}

QString createVm(const ApiFixture &f, const char *name = "Lab VM")
{
    const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces"), smallVmJson(name), f.bearer(f.admin));
    return r.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString();
}

QString createEndpoint(const ApiFixture &f, bool requiresNetbird)
{
    const QByteArray body = QByteArray("{\"name\":\"Panel\",\"type\":\"web\",\"description\":\"loopback panel\",\"url\":\"http://127.0.0.1:9/\",\"requires_netbird\":")
        + (requiresNetbird ? "true" : "false") + "}";
    const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces"), body, f.bearer(f.admin));
    return r.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString();
}

}  // namespace

class TestWorkspacesApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsTheDefaultsWithEveryDocumentedField()
    {
        ApiFixture f;
        const HttpResponse r = f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.user));
        QCOMPARE(r.status, 200);
        const QJsonArray list = r.array();
        QCOMPARE(list.size(), 5);
        for (const QJsonValue &v : list) {
            const QJsonObject w = v.toObject();
            for (const QString &field : kDocumentedFields)
                QVERIFY2(w.contains(field), qPrintable(field));
            QVERIFY(w.value(QStringLiteral("requires_netbird")).isBool());
            QVERIFY(QStringList({QStringLiteral("available"), QStringLiteral("running"), QStringLiteral("stopped"), QStringLiteral("error")})
                        .contains(w.value(QStringLiteral("status")).toString()));
        }
        const QJsonObject sap = list.at(0).toObject();
        const QJsonObject expected{
            {QStringLiteral("id"), QStringLiteral("ws-sap-neogenesys")},
            {QStringLiteral("name"), QStringLiteral("SAP Neogénesys")},
            {QStringLiteral("type"), QStringLiteral("html5")},
            {QStringLiteral("description"), QStringLiteral("TSPlus HTML5 Desktop para acceso a SAP. Requiere conexión NetBird activa.")},
            {QStringLiteral("image_url"), QStringLiteral("https://images.unsplash.com/photo-1551288049-bebda4e38f71?w=400")},
            {QStringLiteral("status"), QStringLiteral("available")},
            {QStringLiteral("cpu"), QStringLiteral("4 vCPU")},
            {QStringLiteral("memory"), QStringLiteral("8 GB")},
            {QStringLiteral("storage"), QStringLiteral("100 GB")},
            {QStringLiteral("url"), QStringLiteral("http://tsplus.intranet.neosc/")},
            {QStringLiteral("connection_type"), QStringLiteral("html5")},
            {QStringLiteral("requires_netbird"), true},
            {QStringLiteral("icon"), QStringLiteral("sap")},
        };
        for (auto it = expected.begin(); it != expected.end(); ++it)
            QCOMPARE(sap.value(it.key()), it.value());
        const QJsonObject rdp = list.at(1).toObject();
        QCOMPARE(rdp.value(QStringLiteral("id")).toString(), QStringLiteral("ws-remote-desktop"));
        QCOMPARE(rdp.value(QStringLiteral("url")).toString(), QStringLiteral("http://10.100.10.152/"));
        QCOMPARE(rdp.value(QStringLiteral("icon")).toString(), QStringLiteral("windows"));
    }

    void listAnswersConditionalRequests()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse first = http.get(QStringLiteral("/api/workspaces"), f.bearer(f.user));
        const QByteArray etag = first.headers.value("etag");
        QVERIFY(!etag.isEmpty());
        Headers conditional = f.bearer(f.user);
        conditional.append(std::pair<QByteArray, QByteArray>("If-None-Match", etag));
        const HttpResponse unchanged = http.get(QStringLiteral("/api/workspaces"), conditional);
        QCOMPARE(unchanged.status, 304);
        QVERIFY(unchanged.body.isEmpty());
        // Any change to the catalog changes the tag.
        QVERIFY(!createEndpoint(f, false).isEmpty());
        const HttpResponse changed = http.get(QStringLiteral("/api/workspaces"), conditional);
        QCOMPARE(changed.status, 200);
        QVERIFY(changed.headers.value("etag") != etag);
        QCOMPARE(changed.array().size(), 6);
    }

    void listIsGzippedForClientsThatAsk()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse plain = http.get(QStringLiteral("/api/workspaces"), f.bearer(f.user));
        QVERIFY(!plain.headers.contains("content-encoding"));
        QCOMPARE(plain.headers.value("vary"), QByteArray("Accept-Encoding"));
        for (const QByteArray &accepted : {QByteArray("gzip"), QByteArray("br, gzip;q=0.5"), QByteArray("*")}) {
            Headers headers = f.bearer(f.user);
            headers.append(std::pair<QByteArray, QByteArray>("Accept-Encoding", accepted));
            const HttpResponse zipped = http.get(QStringLiteral("/api/workspaces"), headers);
            QCOMPARE(zipped.status, 200);
            QCOMPARE(zipped.headers.value("content-encoding"), QByteArray("gzip"));
            QCOMPARE(gunzip(zipped.body), plain.body);  // the same bytes, smaller
            QVERIFY(zipped.body.size() < plain.body.size());
            QVERIFY(zipped.headers.value("etag") != plain.headers.value("etag"));  // another representation
            headers.append(std::pair<QByteArray, QByteArray>("If-None-Match", zipped.headers.value("etag")));
            QCOMPARE(http.get(QStringLiteral("/api/workspaces"), headers).status, 304);
        }
        for (const QByteArray &refused : {QByteArray("gzip;q=0"), QByteArray("identity"), QByteArray("br")}) {
            Headers headers = f.bearer(f.user);
            headers.append(std::pair<QByteArray, QByteArray>("Accept-Encoding", refused));
            const HttpResponse r = http.get(QStringLiteral("/api/workspaces"), headers);
            QVERIFY2(!r.headers.contains("content-encoding"), refused.constData());
            QCOMPARE(r.body, plain.body);
        }
    }

    void anObjectReadCanBeSentBackWhateverItsState()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QString vm = createVm(f);
        const QString path = QStringLiteral("/api/workspaces/") + vm;
        const HttpResponse launched = http.post(path + QStringLiteral("/launch"), {}, f.bearer(f.admin));
        QCOMPARE(launched.status, 200);
        // In use ("running"), its VM running: the object as read goes back with a new name.
        QJsonObject w = http.get(path, f.bearer(f.admin)).object();
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        w.insert(QStringLiteral("name"), QStringLiteral("Renamed in use"));
        const HttpResponse inUse = http.put(path, QJsonDocument(w).toJson(), f.bearer(f.admin));
        QVERIFY2(inUse.status == 200, inUse.body.constData());
        // Nobody in it, its VM still running ("available", state "running"): the same.
        const QString session = launched.object().value(QStringLiteral("session_id")).toString();
        QCOMPARE(http.post(QStringLiteral("/api/sessions/") + session + QStringLiteral("/disconnect"), {}, f.bearer(f.admin)).status, 200);
        w = http.get(path, f.bearer(f.admin)).object();
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("available"));
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        w.insert(QStringLiteral("name"), QStringLiteral("Renamed while it runs"));
        const HttpResponse running = http.put(path, QJsonDocument(w).toJson(), f.bearer(f.admin));
        QVERIFY2(running.status == 200, running.body.constData());
        QCOMPARE(f.engine.engine->workspace(vm)->name, QStringLiteral("Renamed while it runs"));
        QCOMPARE(f.engine.engine->workspace(vm)->status, WorkspaceStatus::Running);
        // A real change of its resources while it runs is still refused.
        QCOMPARE(http.put(path, R"({"cpu":"2 vCPU"})", f.bearer(f.admin)).status, 409);
    }

    void createAppliesTheDocumentedDefaults()
    {
        ApiFixture f;
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces"),
                                               R"({"name":"Development Environment","type":"dev","description":"Full-stack"})",
                                               f.bearer(f.admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("message")).toString(), QStringLiteral("Workspace created"));
        const QJsonObject w = r.object().value(QStringLiteral("workspace")).toObject();
        QVERIFY(QRegularExpression(QStringLiteral("^ws-[0-9a-f]{8}$")).match(w.value(QStringLiteral("id")).toString()).hasMatch());
        QCOMPARE(w.value(QStringLiteral("url")).toString(), QString());
        QCOMPARE(w.value(QStringLiteral("connection_type")).toString(), QStringLiteral("web"));
        QCOMPARE(w.value(QStringLiteral("requires_netbird")).toBool(), true);
        QCOMPARE(w.value(QStringLiteral("cpu")).toString(), QStringLiteral("2 vCPU"));
        QCOMPARE(w.value(QStringLiteral("memory")).toString(), QStringLiteral("4 GB"));
        QCOMPARE(w.value(QStringLiteral("storage")).toString(), QStringLiteral("50 GB"));
        QCOMPARE(w.value(QStringLiteral("image_url")).toString(), QString());
        QCOMPARE(w.value(QStringLiteral("icon")).toString(), QStringLiteral("default"));
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("available"));
        // The document's own example body is accepted as is.
        const QByteArray documentExample =
            "{\"name\": \"Development Environment\", \"type\": \"dev\","
            " \"description\": \"Full-stack development workspace with VSCode\", \"url\": \"http://dev.example.com\","
            " \"connection_type\": \"web\", \"requires_netbird\": true, \"cpu\": \"4 vCPU\", \"memory\": \"16 GB\","
            " \"storage\": \"200 GB\", \"image_url\": \"https://images.unsplash.com/photo-1587620962725-abab7fe55159?w=400\","
            " \"icon\": \"code\"}";
        const HttpResponse example = f.client().post(QStringLiteral("/api/workspaces"), documentExample,
                                                     f.bearer(f.admin));
        QCOMPARE(example.status, 200);
        QCOMPARE(example.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("memory")).toString(), QStringLiteral("16 GB"));
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.admin)).array().size(), 7);
    }

    void createRefusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no name") << QByteArray(R"({"type":"web","description":"d"})") << "name";
        QTest::newRow("no type") << QByteArray(R"({"name":"n","description":"d"})") << "type";
        QTest::newRow("no description") << QByteArray(R"({"name":"n","type":"web"})") << "description";
        QTest::newRow("unknown type") << QByteArray(R"({"name":"n","type":"mainframe","description":"d"})") << "type";
        QTest::newRow("bad connection") << QByteArray(R"({"name":"n","type":"web","description":"d","connection_type":"telnet"})") << "connection_type";
        QTest::newRow("cpu words") << QByteArray(R"({"name":"n","type":"web","description":"d","cpu":"many"})") << "cpu";
        QTest::newRow("a field twice") << QByteArray(R"({"name":"n","type":"web","description":"d","name":"m"})") << "name";
        QTest::newRow("a field twice, escaped") << QByteArray(R"({"name":"n","type":"web","description":"d","n\u0061me":"m"})") << "name";
        QTest::newRow("cpu as a number") << QByteArray(R"({"name":"n","type":"web","description":"d","cpu":4})") << "cpu";
        QTest::newRow("memory unitless") << QByteArray(R"({"name":"n","type":"web","description":"d","memory":"8"})") << "memory";
        QTest::newRow("storage type") << QByteArray(R"({"name":"n","type":"web","description":"d","storage":50})") << "storage";
        QTest::newRow("url scheme") << QByteArray("{\"name\":\"n\",\"type\":\"web\",\"description\":\"d\",\"url\":\"file:///etc/passwd\"}") << "url";
        QTest::newRow("unknown field") << QByteArray(R"({"name":"n","type":"web","description":"d","owner":"me"})") << "owner";
        QTest::newRow("empty name") << QByteArray(R"({"name":"","type":"web","description":"d"})") << "name";
        QTest::newRow("unknown host") << QByteArray("{\"name\":\"n\",\"type\":\"linux\",\"description\":\"d\",\"host\":\"qemu+ssh://root@nowhere.invalid/system\"}") << "host";
    }
    void createRefusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        ApiFixture f;
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces"), body, f.bearer(f.admin));
        QVERIFY2(r.status == 400 || r.status == 404, r.body.constData());
        QCOMPARE(r.object().value(QStringLiteral("field")).toString(), field);
        QVERIFY(!r.object().value(QStringLiteral("detail")).toString().isEmpty());
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
    }

    void adminOperationsNeedTheAdminRole()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QJsonObject denied{{QStringLiteral("detail"), QStringLiteral("Admin access required")}};
        for (const HttpResponse &r : {http.post(QStringLiteral("/api/workspaces"), smallVmJson(), f.bearer(f.user)),
                                      http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"cpu":"8 vCPU"})", f.bearer(f.user)),
                                      http.del(QStringLiteral("/api/workspaces/ws-1panel"), f.bearer(f.user)),
                                      http.post(QStringLiteral("/api/workspaces/reset"), {}, f.bearer(f.user))}) {
            QCOMPARE(r.status, 403);
            QCOMPARE(r.object().value(QStringLiteral("detail")), denied.value(QStringLiteral("detail")));
        }
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
        QCOMPARE(f.engine.engine->workspace(QStringLiteral("ws-1panel"))->resources.cpus, 2);
    }

    void updateAsDocumented()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse r = http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"cpu":"8 vCPU","memory":"32 GB","status":"available"})",
                                        f.bearer(f.admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("message")).toString(), QStringLiteral("Workspace updated"));
        const QJsonObject w = r.object().value(QStringLiteral("workspace")).toObject();
        QCOMPARE(w.value(QStringLiteral("id")).toString(), QStringLiteral("ws-1panel"));
        QCOMPARE(w.value(QStringLiteral("cpu")).toString(), QStringLiteral("8 vCPU"));
        QCOMPARE(w.value(QStringLiteral("memory")).toString(), QStringLiteral("32 GB"));
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("1Panel Admin"));

        const HttpResponse missing = http.put(QStringLiteral("/api/workspaces/ws-nope"), R"({"cpu":"8 vCPU"})", f.bearer(f.admin));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace not found"));
        const HttpResponse lie = http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"status":"running"})", f.bearer(f.admin));
        QCOMPARE(lie.status, 400);
        QCOMPARE(lie.object().value(QStringLiteral("field")).toString(), QStringLiteral("status"));
        QCOMPARE(http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"status":"sleeping"})", f.bearer(f.admin)).status, 400);
        QCOMPARE(http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"id":"ws-other"})", f.bearer(f.admin)).status, 400);
        // Sending back what was read is fine.
        QCOMPARE(http.put(QStringLiteral("/api/workspaces/ws-1panel"), QJsonDocument(w).toJson(), f.bearer(f.admin)).status, 200);
        // Out of service: launches are refused until it is available again.
        QCOMPARE(http.put(QStringLiteral("/api/workspaces/ws-1panel"), R"({"status":"stopped"})", f.bearer(f.admin)).status, 200);
        const HttpResponse refused = http.post(QStringLiteral("/api/workspaces/ws-1panel/launch"), {}, f.bearer(f.user));
        QCOMPARE(refused.status, 409);
        QVERIFY(refused.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("stopped")));
    }

    void resourcesOfARunningVmCannotChange()
    {
        ApiFixture f;
        const QString id = createVm(f);
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/launch"), {}, f.bearer(f.user)).status, 200);
        const HttpResponse r = f.client().put(QStringLiteral("/api/workspaces/") + id, R"({"memory":"512 MB"})", f.bearer(f.admin));
        QCOMPARE(r.status, 409);
        QVERIFY(r.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("stopped")));
        QCOMPARE(f.client().put(QStringLiteral("/api/workspaces/") + id, R"({"name":"Renamed while running"})", f.bearer(f.admin)).status, 200);
    }

    void deleteAsDocumented()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + vm + QStringLiteral("/launch"), {}, f.bearer(f.user)).status, 200);
        const HttpResponse r = f.client().del(QStringLiteral("/api/workspaces/") + vm, f.bearer(f.admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), QJsonObject({{QStringLiteral("message"), QStringLiteral("Workspace deleted")}}));
        QVERIFY(!f.engine.engine->workspace(vm));
        QCOMPARE(f.engine.engine->activeSessions().size(), 0);
        const HttpResponse again = f.client().del(QStringLiteral("/api/workspaces/") + vm, f.bearer(f.admin));
        QCOMPARE(again.status, 404);
        QCOMPARE(again.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace not found"));
    }

    void launchingAVmOpensASessionWithTheTruth()
    {
        ApiFixture f;
        const QString id = createVm(f);
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/launch"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject launch = r.object();
        const QString session = launch.value(QStringLiteral("session_id")).toString();
        QVERIFY(isUuidV4(session));
        QCOMPARE(launch.value(QStringLiteral("stream_url")).toString(), QStringLiteral("/viewer/") + session);
        QCOMPARE(launch.value(QStringLiteral("tunnel_status")).toString(), QStringLiteral("not_required"));
        const QJsonObject w = launch.value(QStringLiteral("workspace")).toObject();
        QCOMPARE(w.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        const QJsonObject security = launch.value(QStringLiteral("security")).toObject();
        QCOMPARE(security.value(QStringLiteral("encrypted_tunnel")), QJsonValue(false));
        QCOMPARE(security.value(QStringLiteral("identity_verified")), QJsonValue(true));
        QCOMPARE(security.value(QStringLiteral("mfa_enforced")), QJsonValue(false));
        QCOMPARE(security.value(QStringLiteral("session_recording")), QJsonValue(false));
        QCOMPARE(security.value(QStringLiteral("no_open_ports")), QJsonValue(true));
        const QJsonArray sessions = f.client().get(QStringLiteral("/api/sessions/active"), f.bearer(f.user)).array();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.at(0).toObject().value(QStringLiteral("id")).toString(), session);
        QCOMPARE(Testing::must(f.engine.engine->audit({})).first().action, QStringLiteral("launch_workspace"));
    }

    void launchingAnEndpointMeasuresTheTunnel()
    {
        ApiFixture f;
        const QString open = createEndpoint(f, false);
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces/") + open + QStringLiteral("/launch"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("tunnel_status")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(r.object().value(QStringLiteral("security")).toObject().value(QStringLiteral("encrypted_tunnel")), QJsonValue(false));
        QCOMPARE(r.object().value(QStringLiteral("security")).toObject().value(QStringLiteral("no_open_ports")), QJsonValue(false));
        QCOMPARE(r.object().value(QStringLiteral("connection_url")).toString(), QStringLiteral("http://127.0.0.1:9/"));

        const QString guarded = createEndpoint(f, true);
        const HttpResponse refused = f.client().post(QStringLiteral("/api/workspaces/") + guarded + QStringLiteral("/launch"), {}, f.bearer(f.user));
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.object().value(QStringLiteral("code")).toString(), QStringLiteral("TUNNEL_DOWN"));
        QVERIFY(refused.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("NetBird")));

        const HttpResponse missing = f.client().post(QStringLiteral("/api/workspaces/ws-nope/launch"), {}, f.bearer(f.user));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace not found"));
    }

    void reachabilityIsMeasuredOnlyWhenAsked()
    {
        ApiFixture f;
        QTcpServer listening;
        QVERIFY(listening.listen(QHostAddress::LocalHost));
        const QByteArray body = QByteArray("{\"name\":\"Gateway\",\"type\":\"html5\",\"description\":\"loopback gateway\",\"url\":\"https:/" "/127.0.0.1:")
            + QByteArray::number(listening.serverPort()) + "/portal\",\"requires_netbird\":false}";
        const QString id = f.client().post(QStringLiteral("/api/workspaces"), body, f.bearer(f.admin))
                               .object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString();
        const QString path = QStringLiteral("/api/workspaces/") + id + QStringLiteral("/reachability");

        // Nothing measured until someone asks: Atrium sends an endpoint no traffic on its own.
        HttpResponse r = f.client().get(path, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("measured")), QJsonValue(false));
        QVERIFY(r.object().value(QStringLiteral("rtt_ms")).isNull());
        QVERIFY(!listening.hasPendingConnections());

        r = f.client().post(path, {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("reachable")), QJsonValue(true));
        const double rtt = r.object().value(QStringLiteral("rtt_ms")).toDouble(-1);
        QVERIFY2(rtt >= 0 && rtt < 1000, qPrintable(QString::number(rtt)));
        QCOMPARE(r.object().value(QStringLiteral("target")).toString(), QStringLiteral("127.0.0.1:%1").arg(listening.serverPort()));
        QTRY_VERIFY(listening.hasPendingConnections());  // a real handshake happened
        QCOMPARE(f.client().get(path, f.bearer(f.user)).object().value(QStringLiteral("reachable")), QJsonValue(true));

        // A closed port: not reachable, and why.
        const quint16 port = listening.serverPort();
        listening.close();
        const QString closedBody = QStringLiteral("{\"url\":\"http:/" "/127.0.0.1:%1/\"}").arg(port);
        QCOMPARE(f.client().put(QStringLiteral("/api/workspaces/") + id, closedBody.toUtf8(), f.bearer(f.admin)).status, 200);
        r = f.client().post(path, {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("reachable")), QJsonValue(false));
        QVERIFY(r.object().value(QStringLiteral("rtt_ms")).isNull());
        QVERIFY2(r.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(r.object().value(QStringLiteral("error")).toString()));

        // Unhappy paths: a VM is not probed, unknown ids, no credential, a read-only token.
        const QString vm = createVm(f);
        r = f.client().post(QStringLiteral("/api/workspaces/") + vm + QStringLiteral("/reachability"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 409);
        QVERIFY(r.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("VM")));
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/ws-nope/reachability"), {}, f.bearer(f.user)).status, 404);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces/ws-nope/reachability"), f.bearer(f.user)).status, 404);
        QCOMPARE(f.client().post(path, {}, {}).status, 401);
        QCOMPARE(f.client().post(path, {}, f.bearer(f.reader)).status, 403);
        QCOMPARE(f.client().get(path, f.bearer(f.reader)).status, 200);
    }

    void anUpTunnelIsReportedEncrypted()
    {
        ApiFixture f({}, {}, QStringLiteral("lo"));  // a real interface that is up, standing in for wt0
        const QString guarded = createEndpoint(f, true);
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces/") + guarded + QStringLiteral("/launch"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("tunnel_status")).toString(), QStringLiteral("encrypted"));
        QCOMPARE(r.object().value(QStringLiteral("security")).toObject().value(QStringLiteral("encrypted_tunnel")), QJsonValue(true));
    }

    void stopAsDocumented()
    {
        ApiFixture f;
        const QString id = createVm(f);
        const QString session = f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/launch"), {}, f.bearer(f.user))
                                    .object().value(QStringLiteral("session_id")).toString();
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/stop"), {}, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), QJsonObject({{QStringLiteral("message"), QStringLiteral("Workspace stopped successfully")}}));
        const QJsonObject ended = f.client().get(QStringLiteral("/api/sessions/") + session, f.bearer(f.user)).object();
        QCOMPARE(ended.value(QStringLiteral("status")).toString(), QStringLiteral("terminated"));
        QVERIFY(ended.value(QStringLiteral("ended_at")).isString());
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces/") + id, f.bearer(f.user)).object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("available"));
        const HttpResponse again = f.client().post(QStringLiteral("/api/workspaces/") + id + QStringLiteral("/stop"), {}, f.bearer(f.user));
        QCOMPARE(again.status, 409);
        QCOMPARE(again.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace is not running"));
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/ws-nope/stop"), {}, f.bearer(f.user)).status, 404);
    }

    void resetAsDocumented()
    {
        ApiFixture f;
        const QString vm = createVm(f);
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + vm + QStringLiteral("/launch"), {}, f.bearer(f.user)).status, 200);
        QCOMPARE(f.client().del(QStringLiteral("/api/workspaces/ws-1panel"), f.bearer(f.admin)).status, 200);
        const HttpResponse r = f.client().post(QStringLiteral("/api/workspaces/reset"), {}, f.bearer(f.admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object(), QJsonObject({{QStringLiteral("message"), QStringLiteral("Workspaces reset to defaults")},
                                          {QStringLiteral("count"), 5}}));
        const QJsonArray list = f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.user)).array();
        QCOMPARE(list.size(), 5);
        QCOMPARE(list.at(2).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("ws-1panel"));
        QCOMPARE(f.client().get(QStringLiteral("/api/sessions/active"), f.bearer(f.user)).array().size(), 0);
        QCOMPARE(Testing::must(f.engine.engine->audit({})).first().action, QStringLiteral("reset_workspaces"));
    }

    void usersSeeSharedAndTheirOwn()
    {
        ApiFixture f;
        WorkspacePatch own = smallVm(QStringLiteral("Uma's own"));
        own.ownerId = f.user.identity.id;
        const auto created = f.engine.engine->createWorkspace(f.engine.actorFor(QStringLiteral("Uma User"), QStringLiteral("uma@example.test"), Role::User), own);
        QVERIFY(created);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.user)).array().size(), 6);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.other)).array().size(), 5);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces"), f.bearer(f.admin)).array().size(), 6);
        QCOMPARE(f.client().get(QStringLiteral("/api/workspaces/") + created->id, f.bearer(f.other)).status, 404);
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/") + created->id + QStringLiteral("/launch"), {}, f.bearer(f.other)).status, 404);
    }

    void deletingAFoundDomainsWorkspaceSaysWhatHappensToTheDomain()
    {
        SimulatorConnection virsh;
        auto define = [&](const char *name, const char *uuid) {
            const QByteArray xml = QByteArray("<domain type='test'><name>") + name + "</name><uuid>" + uuid
                + "</uuid><memory unit='KiB'>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
            virDomainPtr domain = virDomainDefineXML(virsh.get(), xml.constData());
            QVERIFY(domain);
            virDomainFree(domain);
        };
        auto exists = [&](const char *name) {
            virDomainPtr domain = virDomainLookupByName(virsh.get(), name);
            if (domain)
                virDomainFree(domain);
            return domain != nullptr;
        };
        define("legacy-api1", "6f1c6f1c-0000-4000-8000-00000000b001");
        define("legacy-api2", "6f1c6f1c-0000-4000-8000-00000000b002");
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default")}, HostOptions{});
        const QString first = QStringLiteral("/api/workspaces/ws-6f1c6f1c000040008000") + QStringLiteral("00000000b001");
        const QString second = QStringLiteral("/api/workspaces/ws-6f1c6f1c000040008000") + QStringLiteral("00000000b002");
        QTRY_COMPARE(f.client().get(first, f.bearer(f.admin)).status, 200);
        QTRY_COMPARE(f.client().get(second, f.bearer(f.admin)).status, 200);

        const HttpResponse bad = f.client().del(first + QStringLiteral("?domain=shred"), f.bearer(f.admin));
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.body.contains("domain must be one of forget, undefine, undefine_with_disks"), bad.body.constData());
        QCOMPARE(f.client().get(first, f.bearer(f.admin)).status, 200);

        // By default a found domain is forgotten: it stays on the host.
        QCOMPARE(f.client().del(first, f.bearer(f.admin)).status, 200);
        QCOMPARE(f.client().get(first, f.bearer(f.admin)).status, 404);
        QVERIFY(exists("legacy-api1"));
        // Undefined when asked.
        QCOMPARE(f.client().del(second + QStringLiteral("?domain=undefine"), f.bearer(f.admin)).status, 200);
        QCOMPARE(f.client().get(second, f.bearer(f.admin)).status, 404);
        QVERIFY(!exists("legacy-api2"));
        virDomainPtr left = virDomainLookupByName(virsh.get(), "legacy-api1");
        QVERIFY(left);
        virDomainUndefine(left);
        virDomainFree(left);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestWorkspacesApi)
#include "tst_workspacesapi.moc"
