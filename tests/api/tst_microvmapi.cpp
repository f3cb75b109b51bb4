// The micro-VM API: /workspace… over HTTP (X-Client-ID + X-Client-Secret,
// {"success": …} envelope), against libvirt's simulator.

#include "apifixture.h"
#include "slowhost.h"
#include "libvirttestmain.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QTimer>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

/// The micro-VM API's full create example, verbatim.
const char *const kFullExample = R"({
  "name": "my-app",
  "image": "node-20",
  "namespace": "production",
  "mode": "permanent",
  "config": {
    "cpus": 2,
    "memory_mb": 2048,
    "writable_size_mb": 1024,
    "ttl": "1h",
    "ttl_action": "stop",
    "remove_on_exit": false,
    "restart_policy": "always",
    "max_restarts": 5,
    "keep_logs": true,
    "static_network": true,
    "network_config": {
      "allow_internet": true,
      "public_ingress": false
    },
    "ssh_access": true,
    "env": [
      { "key": "NODE_ENV", "value": "production" },
      { "key": "PORT", "value": "3000" }
    ],
    "cmd": ["node", "server.js"],
    "workloads": [],
    "wait_for_init": true,
    "proxy_assignment_id": 42
  }
})";

HttpResponse createWs(const ApiFixture &f, const IssuedToken &token, const QJsonObject &body)
{
    return f.client().post(QStringLiteral("/workspace"), toJson(body), f.clientPair(token));
}

HttpResponse createRaw(const ApiFixture &f, const IssuedToken &token, const QByteArray &body)
{
    return f.client().post(QStringLiteral("/workspace"), body, f.clientPair(token));
}

QJsonObject workspaceOf(const HttpResponse &r)
{
    return r.object().value(QStringLiteral("workspace")).toObject();
}

QString idOf(const HttpResponse &r)
{
    return workspaceOf(r).value(QStringLiteral("id")).toString();
}

/// A small running workspace (wait_for_init) owned by @p token; empty id on failure.
QString createRunning(const ApiFixture &f, const IssuedToken &token, QJsonObject config = {})
{
    config.insert(QStringLiteral("wait_for_init"), true);
    const HttpResponse r = createWs(f, token, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("config"), config}});
    if (r.status != 201)
        qWarning("create failed: %d %s", r.status, r.body.constData());
    return r.status == 201 ? idOf(r) : QString();
}

/// "" when @p r is the envelope error {"success":false,"error","code"[,"field"]} asked for; else what differs.
QString errorMismatch(const HttpResponse &r, int status, const QString &code, const QString &field = {})
{
    const QJsonObject o = r.object();
    QStringList problems;
    if (r.status != status)
        problems << QStringLiteral("status %1, expected %2").arg(r.status).arg(status);
    if (o.value(QStringLiteral("success")) != QJsonValue(false))
        problems << QStringLiteral("success is not false");
    if (o.value(QStringLiteral("code")).toString() != code)
        problems << QStringLiteral("code %1, expected %2").arg(o.value(QStringLiteral("code")).toString(), code);
    if (!o.value(QStringLiteral("error")).isString() || o.value(QStringLiteral("error")).toString().isEmpty())
        problems << QStringLiteral("no error message");
    if (!field.isEmpty() && o.value(QStringLiteral("field")).toString() != field)
        problems << QStringLiteral("field %1, expected %2").arg(o.value(QStringLiteral("field")).toString(), field);
    if (!problems.isEmpty())
        problems << QStringLiteral("body: ") + QString::fromUtf8(r.body);
    return problems.join(QStringLiteral("; "));
}

#define VERIFY_ERROR(response, status, code, ...)                                             \
    do {                                                                                      \
        const QString mismatch_ = errorMismatch((response), (status), QStringLiteral(code) __VA_OPT__(,) __VA_ARGS__); \
        QVERIFY2(mismatch_.isEmpty(), qPrintable(mismatch_));                                 \
    } while (false)

/// "" when @p w has the micro-VM API's WorkspaceResponse shape; else what is missing or mistyped.
QString shapeMismatch(const QJsonObject &w)
{
    QStringList problems;
    auto expect = [&](const QJsonObject &o, const QString &path, const char *key, bool ok) {
        if (!o.contains(QLatin1StringView(key)))
            problems << QStringLiteral("missing %1%2").arg(path, QLatin1StringView(key));
        else if (!ok)
            problems << QStringLiteral("%1%2 has the wrong type").arg(path, QLatin1StringView(key));
    };
    auto v = [](const QJsonObject &o, const char *key) { return o.value(QLatin1StringView(key)); };
    const QString top;
    expect(w, top, "id", v(w, "id").isString() && !v(w, "id").toString().isEmpty());
    expect(w, top, "name", v(w, "name").isString());
    expect(w, top, "namespace", v(w, "namespace").isString());
    expect(w, top, "mode", v(w, "mode").toString() == u"permanent" || v(w, "mode").toString() == u"temporary");
    expect(w, top, "image", v(w, "image").isString());
    expect(w, top, "ip", v(w, "ip").isString());  // "" while Atrium knows no address (openapi.py)
    expect(w, top, "uptime", v(w, "uptime").isDouble() && v(w, "uptime").toDouble() >= 0);
    expect(w, top, "start_time", v(w, "start_time").isString());  // "" before a start
    const QJsonObject info = v(w, "info").toObject();
    expect(w, top, "info", v(w, "info").isObject());
    expect(info, QStringLiteral("info."), "status", v(info, "status").isString());
    expect(info, QStringLiteral("info."), "is_running", v(info, "is_running").isBool());
    expect(info, QStringLiteral("info."), "user_requested_stop", v(info, "user_requested_stop").isBool());
    const QJsonObject access = v(w, "access").toObject();
    expect(w, top, "access", v(w, "access").isObject());
    expect(access, QStringLiteral("access."), "ssh_enabled", v(access, "ssh_enabled").isBool());
    const QJsonObject network = v(w, "network").toObject();
    expect(w, top, "network", v(w, "network").isObject());
    expect(network, QStringLiteral("network."), "allow_internet", v(network, "allow_internet").isBool());
    expect(network, QStringLiteral("network."), "ingress_ports", v(network, "ingress_ports").isArray());
    expect(network, QStringLiteral("network."), "egress_ports", v(network, "egress_ports").isArray());
    expect(network, QStringLiteral("network."), "egress", v(network, "egress").isArray());
    expect(network, QStringLiteral("network."), "public_access", v(network, "public_access").isBool());
    expect(network, QStringLiteral("network."), "ingress", v(network, "ingress").isArray());
    expect(w, top, "public_ports", v(w, "public_ports").isArray());
    const QJsonObject resources = v(w, "resources").toObject();
    expect(w, top, "resources", v(w, "resources").isObject());
    for (const char *key : {"cpus", "memory_mb", "disk_size_mb"})
        expect(resources, QStringLiteral("resources."), key, v(resources, key).isDouble());
    for (const char *key : {"created_at", "updated_at"}) {
        expect(w, top, key,
               v(w, key).isString() && QDateTime::fromString(v(w, key).toString(), Qt::ISODateWithMs).isValid());
    }
    return problems.join(QStringLiteral("; "));
}

#define VERIFY_SHAPE(object)                                          \
    do {                                                              \
        const QString shape_ = shapeMismatch(object);                 \
        QVERIFY2(shape_.isEmpty(), qPrintable(shape_));               \
    } while (false)

QJsonObject quotaOf(const ApiFixture &f, const IssuedToken &token)
{
    return f.client().get(QStringLiteral("/workspace/quota"), f.clientPair(token)).object();
}

qint64 limitMax(const QJsonObject &quota, const char *name)
{
    return quota.value(QStringLiteral("limits")).toObject().value(QLatin1StringView(name)).toObject().value(QStringLiteral("max")).toInteger();
}

QString statusOf(const ApiFixture &f, const IssuedToken &token, const QString &id)
{
    const HttpResponse r = f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(token));
    return workspaceOf(r).value(QStringLiteral("info")).toObject().value(QStringLiteral("status")).toString();
}

bool stop(const ApiFixture &f, const IssuedToken &token, const QString &id)
{
    const auto stopped = await(f.engine.engine->stopWorkspace(f.actorOf(token), id), 20s);
    return stopped && stopped->has_value();
}

/// "" when @p amounts is {"cpus","memory_mb","disk_mb"} with these values; else the JSON.
QString amountsMismatch(const QJsonObject &amounts, int cpus, qint64 memoryMb, qint64 diskMb)
{
    if (amounts.size() == 3 && amounts.value(QStringLiteral("cpus")).toInteger(-1) == cpus
        && amounts.value(QStringLiteral("memory_mb")).toInteger(-1) == memoryMb && amounts.value(QStringLiteral("disk_mb")).toInteger(-1) == diskMb)
        return {};
    return QStringLiteral("expected %1/%2/%3, got %4").arg(cpus).arg(memoryMb).arg(diskMb).arg(QString::fromUtf8(toJson(amounts)));
}

#define VERIFY_AMOUNTS(object, cpus, memory, disk)                              \
    do {                                                                        \
        const QString amounts_ = amountsMismatch((object), (cpus), (memory), (disk)); \
        QVERIFY2(amounts_.isEmpty(), qPrintable(amounts_));                     \
    } while (false)

QStringList idsOf(const QJsonArray &workspaces)
{
    QStringList ids;
    for (const QJsonValue &w : workspaces)
        ids << w.toObject().value(QStringLiteral("id")).toString();
    return ids;
}

}  // namespace

class TestMicroVmApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- POST /workspace -------------------------------------------------------------

    void createAnswers201WithTheWorkspaceAndTheDocumentsDefaults()
    {
        ApiFixture f;
        const HttpResponse r = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        QCOMPARE(r.status, 201);
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        QCOMPARE(r.object().value(QStringLiteral("success")), QJsonValue(true));
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("node-20"));  // name defaults to the image
        QCOMPARE(w.value(QStringLiteral("image")).toString(), QStringLiteral("node-20"));
        QCOMPARE(w.value(QStringLiteral("mode")).toString(), QStringLiteral("temporary"));
        QCOMPARE(w.value(QStringLiteral("namespace")).toString(), QStringLiteral("default"));
        const QJsonObject resources = w.value(QStringLiteral("resources")).toObject();
        QCOMPARE(resources.value(QStringLiteral("cpus")).toInt(), 1);
        QCOMPARE(resources.value(QStringLiteral("memory_mb")).toInteger(), 512);
        QCOMPARE(resources.value(QStringLiteral("disk_size_mb")).toInteger(), 512);
        QCOMPARE(w.value(QStringLiteral("access")).toObject().value(QStringLiteral("ssh_enabled")), QJsonValue(false));
        // Without wait_for_init the VM boots on; it is on its way or already up.
        const QString status = w.value(QStringLiteral("info")).toObject().value(QStringLiteral("status")).toString();
        QVERIFY2(QStringList({QStringLiteral("creating"), QStringLiteral("starting"), QStringLiteral("running")}).contains(status),
                 qPrintable(status));
        // …and it gets there.
        const QString id = idOf(r);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(f, f.user, id), QStringLiteral("running"), 15000);
        QCOMPARE(f.engine.engine->workspace(id)->ownerId, f.user.identity.id);
    }

    void createAcceptsTheDocumentsFullExample()
    {
        // The whole example of the micro-VM API (mode permanent *with* ttl "1h": the table says ttl is
        // "only for temporary mode", the example shows it is still an accepted request).
        ApiFixture f;
        const HttpResponse r = createRaw(f, f.user, kFullExample);
        QVERIFY2(r.status == 201, r.body.constData());
        QCOMPARE(r.object().value(QStringLiteral("success")), QJsonValue(true));
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("my-app"));
        QCOMPARE(w.value(QStringLiteral("image")).toString(), QStringLiteral("node-20"));
        QCOMPARE(w.value(QStringLiteral("namespace")).toString(), QStringLiteral("production"));
        QCOMPARE(w.value(QStringLiteral("mode")).toString(), QStringLiteral("permanent"));
        const QJsonObject info = w.value(QStringLiteral("info")).toObject();
        QCOMPARE(info.value(QStringLiteral("status")).toString(), QStringLiteral("running"));  // wait_for_init
        QCOMPARE(info.value(QStringLiteral("is_running")), QJsonValue(true));
        QCOMPARE(info.value(QStringLiteral("user_requested_stop")), QJsonValue(false));
        QVERIFY(w.value(QStringLiteral("start_time")).isString());
        const QJsonObject resources = w.value(QStringLiteral("resources")).toObject();
        QCOMPARE(resources.value(QStringLiteral("cpus")).toInt(), 2);
        QCOMPARE(resources.value(QStringLiteral("memory_mb")).toInteger(), 2048);
        QCOMPARE(resources.value(QStringLiteral("disk_size_mb")).toInteger(), 1024);
    }

    void createWithWaitForInitAnswersOnceTheVmRuns()
    {
        // The full example less ttl/ttl_action (see createAcceptsTheDocumentsFullExample).
        ApiFixture f;
        QJsonObject body = parseObject(kFullExample);
        QJsonObject config = body.value(QStringLiteral("config")).toObject();
        config.remove(QStringLiteral("ttl"));
        config.remove(QStringLiteral("ttl_action"));
        body.insert(QStringLiteral("config"), config);
        const HttpResponse r = createWs(f, f.user, body);
        QVERIFY2(r.status == 201, r.body.constData());
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);
        QCOMPARE(w.value(QStringLiteral("info")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(w.value(QStringLiteral("info")).toObject().value(QStringLiteral("is_running")), QJsonValue(true));
        QCOMPARE(w.value(QStringLiteral("mode")).toString(), QStringLiteral("permanent"));
        QCOMPARE(w.value(QStringLiteral("namespace")).toString(), QStringLiteral("production"));
        QCOMPARE(w.value(QStringLiteral("resources")).toObject().value(QStringLiteral("memory_mb")).toInteger(), 2048);
        QCOMPARE(f.engine.engine->workspace(idOf(r))->status, WorkspaceStatus::Running);
    }

    void createRefusesAMissingOrEmptyImage()
    {
        ApiFixture f;
        const QList<QByteArray> bodies{R"({"name":"x"})", R"({"image":""})", R"({"image":"   "})", R"({"image":42})",
                                       R"({"image":null})", R"({"image":["node-20"]})", R"({"image":{"id":"node-20"}})"};
        for (const QByteArray &body : bodies) {
            const HttpResponse r = createRaw(f, f.user, body);
            const QString mismatch = errorMismatch(r, 400, QStringLiteral("INVALID_IMAGE"), QStringLiteral("image"));
            QVERIFY2(mismatch.isEmpty(), qPrintable(QString::fromUtf8(body) + QStringLiteral(": ") + mismatch));
        }
        QCOMPARE(f.client().get(QStringLiteral("/workspace"), f.clientPair(f.user)).object().value(QStringLiteral("total")).toInt(), 0);
    }

    void createRefusesABadNamespace()
    {
        ApiFixture f;
        const QList<QByteArray> bodies{R"({"image":"node-20","namespace":"prod uction"})",
                                       R"({"image":"node-20","namespace":"prod_1"})",
                                       R"({"image":"node-20","namespace":"prod/1"})",
                                       R"({"image":"node-20","namespace":"é"})",
                                       R"({"image":"node-20","namespace":""})",
                                       R"({"image":"node-20","namespace":42})"};
        for (const QByteArray &body : bodies) {
            const HttpResponse r = createRaw(f, f.user, body);
            const QString mismatch = errorMismatch(r, 400, QStringLiteral("INVALID_NAMESPACE"), QStringLiteral("namespace"));
            QVERIFY2(mismatch.isEmpty(), qPrintable(QString::fromUtf8(body) + QStringLiteral(": ") + mismatch));
        }
        // Alphanumeric and hyphens are fine.
        const HttpResponse ok = createRaw(f, f.user, R"({"image":"node-20","namespace":"Team-42"})");
        QCOMPARE(ok.status, 201);
        QCOMPARE(workspaceOf(ok).value(QStringLiteral("namespace")).toString(), QStringLiteral("Team-42"));
    }

    void createRefusesANameOver255Characters()
    {
        ApiFixture f;
        const HttpResponse tooLong = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                                          {QStringLiteral("name"), QString(256, u'n')}});
        VERIFY_ERROR(tooLong, 400, "INVALID_NAME_LENGTH", QStringLiteral("name"));
        const HttpResponse notString = createRaw(f, f.user, R"({"image":"node-20","name":42})");
        VERIFY_ERROR(notString, 400, "INVALID_NAME_LENGTH", QStringLiteral("name"));
        const HttpResponse longest = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                                          {QStringLiteral("name"), QString(255, u'n')}});
        QCOMPARE(longest.status, 201);
        QCOMPARE(workspaceOf(longest).value(QStringLiteral("name")).toString(), QString(255, u'n'));
    }

    void createRefusesABadConfig()
    {
        ApiFixture f;
        struct Case {
            const char *config;  // the value of "config"
            const char *field;
            const char *mode = "temporary";
        };
        const QList<Case> cases{
            {R"("cpus=2")", "config"},
            {R"([1,2])", "config"},
            {R"(true)", "config"},
            {R"({"gpu":1})", "config.gpu"},
            {R"({"cpus":0})", "config.cpus"},
            {R"({"cpus":64})", "config.cpus"},
            {R"({"cpus":33})", "config.cpus"},
            {R"({"cpus":1.5})", "config.cpus"},
            {R"({"cpus":"2"})", "config.cpus"},
            {R"({"memory_mb":100})", "config.memory_mb"},
            {R"({"memory_mb":65537})", "config.memory_mb"},
            {R"({"writable_size_mb":10})", "config.writable_size_mb"},
            {R"({"writable_size_mb":204801})", "config.writable_size_mb"},
            {R"({"ttl_action":"pause"})", "config.ttl_action"},
            {R"({"ttl_action":1})", "config.ttl_action"},
            {R"({"ttl":"soon"})", "config.ttl"},
            {R"({"restart_policy":"sometimes"})", "config.restart_policy"},
            {R"({"max_restarts":-1})", "config.max_restarts"},
            {R"({"remove_on_exit":"no"})", "config.remove_on_exit"},
            {R"({"ssh_access":1})", "config.ssh_access"},
            {R"({"wait_for_init":"yes"})", "config.wait_for_init"},
            {R"({"network_config":true})", "config.network_config"},
            {R"({"network_config":{"allow_internet":"yes"}})", "config.network_config.allow_internet"},
            {R"({"network_config":{"open":true}})", "config.network_config.open"},
            {R"({"env":{"A":"1"}})", "config.env"},
            {R"({"env":["A=1"]})", "config.env"},
            {R"({"env":[{"key":"A"}]})", "config.env"},
            {R"({"env":[{"key":"A","value":1}]})", "config.env"},
            {R"({"env":[{"key":"A","value":"1","secret":true}]})", "config.env"},
            {R"({"env":[{"key":"1A","value":"1"}]})", "config.env"},
            {R"({"cmd":"node server.js"})", "config.cmd"},
            {R"({"cmd":["node",1]})", "config.cmd"},
            {R"({"workloads":{}})", "config.workloads"},
            {R"({"proxy_assignment_id":"42"})", "config.proxy_assignment_id"},
        };
        for (const Case &c : cases) {
            const QByteArray body = QByteArray("{\"image\":\"node-20\",\"mode\":\"") + c.mode + "\",\"config\":" + c.config + "}";
            const HttpResponse r = createRaw(f, f.user, body);
            const QString mismatch = errorMismatch(r, 400, QStringLiteral("INVALID_CONFIG"), QString::fromLatin1(c.field));
            QVERIFY2(mismatch.isEmpty(), qPrintable(QString::fromUtf8(body) + QStringLiteral(": ") + mismatch));
        }
        // Nothing was created by any of them.
        QCOMPARE(f.client().get(QStringLiteral("/workspace"), f.clientPair(f.user)).object().value(QStringLiteral("total")).toInt(), 0);
        // The ranges' ends are accepted; ttl on a temporary workspace too.
        const HttpResponse edges = createRaw(f, f.user, R"({"image":"node-20","config":{"cpus":1,"memory_mb":128,"writable_size_mb":64,"ttl":"30m","ttl_action":"remove"}})");
        QVERIFY2(edges.status == 201, edges.body.constData());
    }

    void createRefusesResourcesAboveThePlanLimits()
    {
        ApiFixture f;
        const QJsonObject quota = quotaOf(f, f.user);
        const qint64 maxCpus = limitMax(quota, "cpus");
        const qint64 maxMemory = limitMax(quota, "memory_mb");
        QVERIFY2(maxCpus >= 1 && maxMemory >= 128, qPrintable(QString::fromUtf8(toJson(quota))));
        if (maxCpus >= 32 || maxMemory >= 65536)
            QSKIP("the simulator host is as large as the micro-VM API's ranges: no plan limit to exceed");

        const HttpResponse cpus = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                                       {QStringLiteral("config"), QJsonObject{{QStringLiteral("cpus"), double(maxCpus + 1)}}}});
        VERIFY_ERROR(cpus, 403, "RESOURCE_NOT_ALLOWED", QStringLiteral("config.cpus"));
        const HttpResponse memory = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                                         {QStringLiteral("config"), QJsonObject{{QStringLiteral("memory_mb"), double(maxMemory + 1)}}}});
        VERIFY_ERROR(memory, 403, "RESOURCE_NOT_ALLOWED", QStringLiteral("config.memory_mb"));
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("currentSandboxes")).toInt(), 0);

        // Exactly the limit is allowed.
        const HttpResponse atLimit = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                                          {QStringLiteral("config"), QJsonObject{{QStringLiteral("cpus"), double(maxCpus)}}}});
        QVERIFY2(atLimit.status == 201, atLimit.body.constData());
    }

    void createStopsAtTheSandboxLimit()
    {
        Api::ApiOptions options;
        options.quota.maxWorkspacesPerClient = 2;
        ApiFixture f({}, options);
        const QJsonObject body{{QStringLiteral("image"), QStringLiteral("node-20")}};
        QCOMPARE(createWs(f, f.user, body).status, 201);
        QCOMPARE(createWs(f, f.user, body).status, 201);
        VERIFY_ERROR(createWs(f, f.user, body), 402, "SANDBOX_LIMIT_REACHED");
        QCOMPARE(f.client().get(QStringLiteral("/workspace"), f.clientPair(f.user)).object().value(QStringLiteral("total")).toInt(), 2);

        const QJsonObject quota = quotaOf(f, f.user);
        QCOMPARE(quota.value(QStringLiteral("maxSandboxes")).toInt(), 2);
        QCOMPARE(quota.value(QStringLiteral("currentSandboxes")).toInt(), 2);
        QCOMPARE(quota.value(QStringLiteral("canCreate")), QJsonValue(false));
        QVERIFY(quota.value(QStringLiteral("reason")).isString());
        QVERIFY(!quota.value(QStringLiteral("reason")).toString().isEmpty());

        // The limit is per client.
        QCOMPARE(createWs(f, f.other, body).status, 201);
    }

    void badInputIsRefusedBeforeTheQuotaIsLookedAt()
    {
        Api::ApiOptions options;
        options.quota.poolMemoryMb = 512;
        ApiFixture f({}, options);
        const QJsonObject fits{{QStringLiteral("image"), QStringLiteral("node-20")},
                               {QStringLiteral("config"), QJsonObject{{QStringLiteral("memory_mb"), 512}}}};
        QCOMPARE(createWs(f, f.user, fits).status, 201);
        VERIFY_ERROR(createWs(f, f.user, fits), 402, "POOL_LIMIT_REACHED");  // the pool is full…
        // …and yet bad input is named as such.
        VERIFY_ERROR(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("namespace"), QStringLiteral("no spaces")}}),
                     400, "INVALID_NAMESPACE");
        VERIFY_ERROR(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("name"), QString(900 * 1024, u'x')}}),
                     400, "INVALID_NAME_LENGTH");
        VERIFY_ERROR(createWs(f, f.user, {{QStringLiteral("image"), QString()}}), 400, "INVALID_IMAGE");
    }

    void deleteRightAfterCreateDeletes()
    {
        ApiFixture f;
        // The document's own flow: create (the VM is still being provisioned), then delete. A slow
        // hypervisor keeps it provisioning until well after the delete has arrived.
        SlowHost slow(*f.engine.hosts->host(QStringLiteral("test:///default")));
        const HttpResponse created = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        QCOMPARE(created.status, 201);
        const QString id = idOf(created);
        QCOMPARE(f.engine.engine->workspace(id)->status, WorkspaceStatus::Pending);
        QTimer::singleShot(500, [&slow] { slow.release(); });
        const HttpResponse deleted = f.client().del(QStringLiteral("/workspace/") + id, f.clientPair(f.user));
        QVERIFY2(deleted.status == 200, deleted.body.constData());
        QCOMPARE(deleted.object().value(QStringLiteral("success")), QJsonValue(true));
        QVERIFY(!f.engine.engine->workspace(id));
        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.user)), 404, "WORKSPACE_NOT_FOUND");
    }

    void createStopsWhenThePoolIsFull()
    {
        Api::ApiOptions options;
        options.quota.poolMemoryMb = 1024;
        ApiFixture f({}, options);
        const QJsonObject body{{QStringLiteral("image"), QStringLiteral("node-20")},
                               {QStringLiteral("config"), QJsonObject{{QStringLiteral("memory_mb"), 512}}}};
        QCOMPARE(createWs(f, f.user, body).status, 201);
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("canCreate")), QJsonValue(true));
        QCOMPARE(createWs(f, f.user, body).status, 201);
        VERIFY_ERROR(createWs(f, f.user, body), 402, "POOL_LIMIT_REACHED");

        const QJsonObject quota = quotaOf(f, f.user);
        QCOMPARE(quota.value(QStringLiteral("pool")).toObject().value(QStringLiteral("memory_mb")).toInteger(), 1024);
        QCOMPARE(quota.value(QStringLiteral("pool_usage")).toObject().value(QStringLiteral("memory_mb")).toInteger(), 1024);
        QCOMPARE(quota.value(QStringLiteral("currentSandboxes")).toInt(), 2);
        QCOMPARE(quota.value(QStringLiteral("canCreate")), QJsonValue(false));
        QVERIFY(!quota.value(QStringLiteral("reason")).toString().isEmpty());
        // A smaller one does not fit either; another client's pool is its own.
        VERIFY_ERROR(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")},
                                          {QStringLiteral("config"), QJsonObject{{QStringLiteral("memory_mb"), 128}}}}),
                     402, "POOL_LIMIT_REACHED");
        QCOMPARE(createWs(f, f.other, body).status, 201);
    }

    void createNeedsTheClientPair()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QByteArray body = R"({"image":"node-20"})";
        VERIFY_ERROR(http.post(QStringLiteral("/workspace"), body), 401, "MISSING_USER_ID");
        VERIFY_ERROR(http.post(QStringLiteral("/workspace"), body, {{"X-Client-ID", f.user.token.id.toUtf8()}}), 401, "MISSING_USER_ID");
        VERIFY_ERROR(http.post(QStringLiteral("/workspace"), body, {{"X-Client-Secret", f.user.secret.toUtf8()}}), 401,
                     "MISSING_USER_ID");
        VERIFY_ERROR(http.post(QStringLiteral("/workspace"), body,
                               {{"X-Client-ID", f.user.token.id.toUtf8()}, {"X-Client-Secret", f.user.secret.toUtf8() + "x"}}),
                     401, "MISSING_USER_ID");
        VERIFY_ERROR(http.get(QStringLiteral("/workspace/quota")), 401, "MISSING_USER_ID");
        QCOMPARE(f.engine.engine->workspaceCount(), 5);  // the defaults only
    }

    void createIsVmUnavailableWithoutAConnectedHost()
    {
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///nonexistent/atrium.xml")});
        QVERIFY(!f.engine.hosts->defaultHost() || !f.engine.hosts->defaultHost()->isConnected());
        const HttpResponse r = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        VERIFY_ERROR(r, 503, "VM_UNAVAILABLE");
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("currentSandboxes")).toInt(), 0);
    }

    void createIsVmUnavailableWithoutAConnectedHostWhenPoolsAreConfigured()
    {
        Api::ApiOptions options;
        options.quota.poolCpus = 8;
        options.quota.poolMemoryMb = 8192;
        ApiFixture f({}, options, QString(kNoTunnelInterface), {QStringLiteral("test:///nonexistent/atrium.xml")});
        const HttpResponse r = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        VERIFY_ERROR(r, 503, "VM_UNAVAILABLE");
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("currentSandboxes")).toInt(), 0);
    }

    // --- GET /workspace --------------------------------------------------------------

    void listShowsOnlyTheCallersOwnWorkspaces()
    {
        ApiFixture f;
        const HttpResponse a = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("mode"), QStringLiteral("permanent")}});
        const HttpResponse b = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("python-3")}});
        const HttpResponse c = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("go-1")}, {QStringLiteral("mode"), QStringLiteral("temporary")}});
        const HttpResponse theirs = createWs(f, f.other, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        QCOMPARE(a.status, 201);
        QCOMPARE(b.status, 201);
        QCOMPARE(c.status, 201);
        QCOMPARE(theirs.status, 201);
        const QSet<QString> mine{idOf(a), idOf(b), idOf(c)};

        const HttpResponse r = f.client().get(QStringLiteral("/workspace"), f.clientPair(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject list = r.object();
        QCOMPARE(list.value(QStringLiteral("success")), QJsonValue(true));
        QCOMPARE(list.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(list.value(QStringLiteral("page")).toInt(), 1);
        QCOMPARE(list.value(QStringLiteral("limit")).toInt(), 20);
        const QJsonArray workspaces = list.value(QStringLiteral("workspaces")).toArray();
        QCOMPARE(workspaces.size(), 3);
        const QStringList ids = idsOf(workspaces);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()), mine);  // neither the five defaults nor another client's
        for (const QJsonValue &w : workspaces)
            VERIFY_SHAPE(w.toObject());

        // The other client sees only theirs; a client with none sees an empty page.
        const QJsonObject otherList = f.client().get(QStringLiteral("/workspace"), f.clientPair(f.other)).object();
        QCOMPARE(otherList.value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(idsOf(otherList.value(QStringLiteral("workspaces")).toArray()), QStringList{idOf(theirs)});
        const QJsonObject adminList = f.client().get(QStringLiteral("/workspace"), f.clientPair(f.admin)).object();
        QCOMPARE(adminList.value(QStringLiteral("total")).toInt(), 0);
        QCOMPARE(adminList.value(QStringLiteral("workspaces")).toArray().size(), 0);
    }

    void listPaginatesAndFiltersByMode()
    {
        ApiFixture f;
        QCOMPARE(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("mode"), QStringLiteral("permanent")}}).status, 201);
        QCOMPARE(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("python-3")}}).status, 201);
        QCOMPARE(createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("go-1")}}).status, 201);
        const HttpClient http = f.client();
        const Headers auth = f.clientPair(f.user);

        const QJsonObject page1 = http.get(QStringLiteral("/workspace?page=1&limit=2"), auth).object();
        QCOMPARE(page1.value(QStringLiteral("workspaces")).toArray().size(), 2);
        QCOMPARE(page1.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(page1.value(QStringLiteral("page")).toInt(), 1);
        QCOMPARE(page1.value(QStringLiteral("limit")).toInt(), 2);
        const QJsonObject page2 = http.get(QStringLiteral("/workspace?page=2&limit=2"), auth).object();
        QCOMPARE(page2.value(QStringLiteral("workspaces")).toArray().size(), 1);
        QCOMPARE(page2.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(page2.value(QStringLiteral("page")).toInt(), 2);
        QStringList all = idsOf(page1.value(QStringLiteral("workspaces")).toArray()) + idsOf(page2.value(QStringLiteral("workspaces")).toArray());
        all.removeDuplicates();
        QCOMPARE(all.size(), 3);
        const QJsonObject page3 = http.get(QStringLiteral("/workspace?page=3&limit=2"), auth).object();
        QCOMPARE(page3.value(QStringLiteral("workspaces")).toArray().size(), 0);
        QCOMPARE(page3.value(QStringLiteral("total")).toInt(), 3);

        // limit: at most 100, and the reply says which limit applied.
        const HttpResponse big = http.get(QStringLiteral("/workspace?limit=500"), auth);
        QCOMPARE(big.status, 200);
        QCOMPARE(big.object().value(QStringLiteral("limit")).toInt(), 100);
        QCOMPARE(big.object().value(QStringLiteral("workspaces")).toArray().size(), 3);

        VERIFY_ERROR(http.get(QStringLiteral("/workspace?page=0"), auth), 400, "INVALID_INPUT", QStringLiteral("page"));
        VERIFY_ERROR(http.get(QStringLiteral("/workspace?page=-1"), auth), 400, "INVALID_INPUT", QStringLiteral("page"));
        VERIFY_ERROR(http.get(QStringLiteral("/workspace?page=abc"), auth), 400, "INVALID_INPUT", QStringLiteral("page"));
        VERIFY_ERROR(http.get(QStringLiteral("/workspace?limit=0"), auth), 400, "INVALID_INPUT", QStringLiteral("limit"));

        const QJsonObject permanent = http.get(QStringLiteral("/workspace?mode=permanent"), auth).object();
        QCOMPARE(permanent.value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(permanent.value(QStringLiteral("workspaces")).toArray().at(0).toObject().value(QStringLiteral("mode")).toString(),
                 QStringLiteral("permanent"));
        const QJsonObject temporary = http.get(QStringLiteral("/workspace?page=1&limit=20&mode=temporary"), auth).object();
        QCOMPARE(temporary.value(QStringLiteral("total")).toInt(), 2);
        for (const QJsonValue &w : temporary.value(QStringLiteral("workspaces")).toArray())
            QCOMPARE(w.toObject().value(QStringLiteral("mode")).toString(), QStringLiteral("temporary"));
        VERIFY_ERROR(http.get(QStringLiteral("/workspace?mode=forever"), auth), 400, "INVALID_INPUT", QStringLiteral("mode"));
    }

    // --- GET /workspace/{id} -----------------------------------------------------------

    void getReturnsTheCallersWorkspaceOnly()
    {
        ApiFixture f;
        const HttpResponse created = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}, {QStringLiteral("name"), QStringLiteral("mine")}});
        QCOMPARE(created.status, 201);
        const QString id = idOf(created);

        const HttpResponse r = f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("success")), QJsonValue(true));
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);
        QCOMPARE(w.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("mine"));

        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.other)), 404, "WORKSPACE_NOT_FOUND");
        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/") + id + QStringLiteral("/details"), f.clientPair(f.other)), 404,
                     "WORKSPACE_NOT_FOUND");
        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/ws-none"), f.clientPair(f.user)), 404, "WORKSPACE_NOT_FOUND");
        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/ws-1panel"), f.clientPair(f.user)), 404, "WORKSPACE_NOT_FOUND");
        // An admin is a client like any other here.
        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.admin)), 404, "WORKSPACE_NOT_FOUND");
    }

    // --- GET /workspace/{id}/details ----------------------------------------------------

    void detailsWhileRunning()
    {
        ApiFixture f;
        const QString id = createRunning(
            f, f.user,
            {{QStringLiteral("cpus"), 2}, {QStringLiteral("memory_mb"), 1024}, {QStringLiteral("writable_size_mb"), 2048},
             {QStringLiteral("restart_policy"), QStringLiteral("on-failure")}, {QStringLiteral("max_restarts"), 3},
             {QStringLiteral("env"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("NODE_ENV")}, {QStringLiteral("value"), QStringLiteral("production")}}}},
             {QStringLiteral("cmd"), QJsonArray{QStringLiteral("node"), QStringLiteral("server.js")}},
             {QStringLiteral("network_config"), QJsonObject{{QStringLiteral("allow_internet"), false}, {QStringLiteral("public_ingress"), true}}}});
        QVERIFY(!id.isEmpty());

        const HttpResponse r = f.client().get(QStringLiteral("/workspace/") + id + QStringLiteral("/details"), f.clientPair(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("success")), QJsonValue(true));
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);  // the standard fields, plus:
        QCOMPARE(w.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(w.value(QStringLiteral("info")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QVERIFY(w.contains(QStringLiteral("token")));
        QCOMPARE(w.value(QStringLiteral("token")), QJsonValue(QString()));

        const QJsonObject stats = w.value(QStringLiteral("stats")).toObject();
        for (const char *key : {"cpuUsage", "memoryUsage", "memoryUsedMB", "memoryTotalMB", "networkIn", "networkOut"}) {
            QVERIFY2(stats.contains(QLatin1StringView(key)), key);
            QVERIFY2(stats.value(QLatin1StringView(key)).isNull(), key);  // the simulator measures nothing: null, not invented
        }
        const QString reason = stats.value(QStringLiteral("unavailable")).toObject().value(QStringLiteral("all")).toString();
        QVERIFY2(reason.contains(QStringLiteral("simulator")), qPrintable(reason));

        const QJsonObject ssh = w.value(QStringLiteral("ssh")).toObject();
        QCOMPARE(ssh.value(QStringLiteral("ssh_enabled")), QJsonValue(false));
        QCOMPARE(ssh.value(QStringLiteral("ssh_id")), QJsonValue(QString()));
        QCOMPARE(ssh.value(QStringLiteral("connection")).toObject().value(QStringLiteral("command")), QJsonValue(QString()));
        const QJsonObject api = w.value(QStringLiteral("api_access")).toObject();
        QVERIFY(api.value(QStringLiteral("terminal")).isBool());
        QVERIFY(api.value(QStringLiteral("preview")).isBool());

        const QJsonObject lifecycle = w.value(QStringLiteral("lifecycle")).toObject();
        QCOMPARE(lifecycle.value(QStringLiteral("mode")).toString(), QStringLiteral("temporary"));
        QCOMPARE(lifecycle.value(QStringLiteral("restart_policy")).toString(), QStringLiteral("on-failure"));
        QVERIFY(lifecycle.value(QStringLiteral("uptime")).isDouble());
        QVERIFY(lifecycle.value(QStringLiteral("uptime")).toDouble() >= 0);

        const QJsonObject config = w.value(QStringLiteral("config")).toObject();
        QCOMPARE(config.value(QStringLiteral("cpus")).toInt(), 2);
        QCOMPARE(config.value(QStringLiteral("memory_mb")).toInteger(), 1024);
        QCOMPARE(config.value(QStringLiteral("writable_size_mb")).toInteger(), 2048);
        QCOMPARE(config.value(QStringLiteral("restart_policy")).toString(), QStringLiteral("on-failure"));
        QCOMPARE(config.value(QStringLiteral("max_restarts")).toInt(), 3);
        QCOMPARE(config.value(QStringLiteral("env")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("NODE_ENV")}, {QStringLiteral("value"), QStringLiteral("production")}}}));
        QCOMPARE(config.value(QStringLiteral("cmd")).toArray(), (QJsonArray{QStringLiteral("node"), QStringLiteral("server.js")}));
        QCOMPARE(config.value(QStringLiteral("network_config")).toObject().value(QStringLiteral("public_ingress")), QJsonValue(true));
        QCOMPARE(config.value(QStringLiteral("network_config")).toObject().value(QStringLiteral("allow_internet")), QJsonValue(false));
        QCOMPARE(config.value(QStringLiteral("wait_for_init")), QJsonValue(true));
    }

    void detailsOfAStoppedWorkspace()
    {
        ApiFixture f;
        const QString id = createRunning(f, f.user);
        QVERIFY(!id.isEmpty());
        QVERIFY(stop(f, f.user, id));

        const HttpResponse r = f.client().get(QStringLiteral("/workspace/") + id + QStringLiteral("/details"), f.clientPair(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject w = workspaceOf(r);
        VERIFY_SHAPE(w);
        const QJsonObject info = w.value(QStringLiteral("info")).toObject();
        QCOMPARE(info.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        QCOMPARE(info.value(QStringLiteral("is_running")), QJsonValue(false));
        QCOMPARE(w.value(QStringLiteral("uptime")).toDouble(), 0.0);
        const QJsonObject stats = w.value(QStringLiteral("stats")).toObject();
        // Stopped, it uses nothing: measured zeros, not nulls.
        QCOMPARE(stats.value(QStringLiteral("cpuUsage")), QJsonValue(0));
        QCOMPARE(stats.value(QStringLiteral("memoryUsedMB")), QJsonValue(0));
        QVERIFY(stats.value(QStringLiteral("networkIn")).isString());
        QCOMPARE(w.value(QStringLiteral("start_time")), QJsonValue(QString()));
        const QString reason = stats.value(QStringLiteral("unavailable")).toObject().value(QStringLiteral("all")).toString();
        QVERIFY2(reason.contains(QStringLiteral("not running")), qPrintable(reason));
        QCOMPARE(w.value(QStringLiteral("lifecycle")).toObject().value(QStringLiteral("uptime")).toDouble(), 0.0);
        QCOMPARE(w.value(QStringLiteral("config")).toObject().value(QStringLiteral("cpus")).toInt(), 1);
        QCOMPARE(w.value(QStringLiteral("config")).toObject().value(QStringLiteral("memory_mb")).toInteger(), 512);
        QCOMPARE(w.value(QStringLiteral("config")).toObject().value(QStringLiteral("writable_size_mb")).toInteger(), 512);
    }

    // --- PUT /workspace/{id} -----------------------------------------------------------

    void updateRenamesAndMergesConfig()
    {
        ApiFixture f;
        const QString id = createRunning(
            f, f.user,
            {{QStringLiteral("restart_policy"), QStringLiteral("always")},
             {QStringLiteral("env"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("PORT")}, {QStringLiteral("value"), QStringLiteral("3000")}}}}});
        QVERIFY(!id.isEmpty());
        const HttpClient http = f.client();
        const Headers auth = f.clientPair(f.user);

        const HttpResponse renamed = http.put(QStringLiteral("/workspace/") + id, R"({"name":"renamed-workspace"})", auth);
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.object().value(QStringLiteral("success")), QJsonValue(true));
        VERIFY_SHAPE(workspaceOf(renamed));
        QCOMPARE(workspaceOf(renamed).value(QStringLiteral("name")).toString(), QStringLiteral("renamed-workspace"));
        QCOMPARE(workspaceOf(http.get(QStringLiteral("/workspace/") + id, auth)).value(QStringLiteral("name")).toString(),
                 QStringLiteral("renamed-workspace"));

        // A partial config: the fields not sent keep their values (also while running: no resources involved).
        const HttpResponse merged = http.put(QStringLiteral("/workspace/") + id, R"({"config":{"keep_logs":false,"max_restarts":7}})", auth);
        QVERIFY2(merged.status == 200, merged.body.constData());
        const QJsonObject config = workspaceOf(http.get(QStringLiteral("/workspace/") + id + QStringLiteral("/details"), auth))
                                       .value(QStringLiteral("config")).toObject();
        QCOMPARE(config.value(QStringLiteral("keep_logs")), QJsonValue(false));
        QCOMPARE(config.value(QStringLiteral("max_restarts")).toInt(), 7);
        QCOMPARE(config.value(QStringLiteral("restart_policy")).toString(), QStringLiteral("always"));
        QCOMPARE(config.value(QStringLiteral("env")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("PORT")}, {QStringLiteral("value"), QStringLiteral("3000")}}}));
        QCOMPARE(config.value(QStringLiteral("cpus")).toInt(), 1);
        QCOMPARE(config.value(QStringLiteral("memory_mb")).toInteger(), 512);
        QCOMPARE(workspaceOf(http.get(QStringLiteral("/workspace/") + id, auth)).value(QStringLiteral("name")).toString(),
                 QStringLiteral("renamed-workspace"));
    }

    void updateRefusesUnknownAndBadFields()
    {
        ApiFixture f;
        const HttpResponse created = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        QCOMPARE(created.status, 201);
        const QString id = idOf(created);
        const HttpClient http = f.client();
        const Headers auth = f.clientPair(f.user);
        const QString path = QStringLiteral("/workspace/") + id;

        for (const char *field : {"image", "mode", "namespace", "id", "bogus"}) {
            const QByteArray body = QByteArray("{\"name\":\"x\",\"") + field + "\":\"y\"}";
            const HttpResponse r = http.put(path, body, auth);
            QVERIFY2(r.status == 400, r.body.constData());
            QCOMPARE(r.object().value(QStringLiteral("success")), QJsonValue(false));
            QCOMPARE(r.object().value(QStringLiteral("field")).toString(), QString::fromLatin1(field));
            QVERIFY2(r.object().value(QStringLiteral("error")).toString().contains(QString::fromLatin1(field)), r.body.constData());
        }
        VERIFY_ERROR(http.put(path, R"({"config":{"bogus":1}})", auth), 400, "INVALID_CONFIG", QStringLiteral("config.bogus"));
        VERIFY_ERROR(http.put(path, R"({"config":"x"})", auth), 400, "INVALID_CONFIG", QStringLiteral("config"));
        VERIFY_ERROR(http.put(path, R"({"config":{"cpus":0}})", auth), 400, "INVALID_CONFIG", QStringLiteral("config.cpus"));
        VERIFY_ERROR(http.put(path, toJson({{QStringLiteral("name"), QString(256, u'n')}}), auth), 400, "INVALID_NAME_LENGTH",
                     QStringLiteral("name"));
        VERIFY_ERROR(http.put(path, R"({"name":7})", auth), 400, "INVALID_NAME_LENGTH", QStringLiteral("name"));
        // None of it changed anything.
        QCOMPARE(workspaceOf(http.get(path, auth)).value(QStringLiteral("name")).toString(), QStringLiteral("node-20"));
        // Another client's workspace does not exist for this caller.
        VERIFY_ERROR(http.put(path, R"({"name":"mine now"})", f.clientPair(f.other)), 404, "WORKSPACE_NOT_FOUND");
    }

    void updateChangesResourcesOnlyWhileStopped()
    {
        ApiFixture f;
        const QString id = createRunning(f, f.user);
        QVERIFY(!id.isEmpty());
        const HttpClient http = f.client();
        const Headers auth = f.clientPair(f.user);
        const QString path = QStringLiteral("/workspace/") + id;

        VERIFY_ERROR(http.put(path, R"({"config":{"cpus":2}})", auth), 409, "INVALID_STATE");
        VERIFY_ERROR(http.put(path, R"({"config":{"memory_mb":1024}})", auth), 409, "INVALID_STATE");
        // The same size again changes nothing: accepted while it runs.
        QCOMPARE(http.put(path, R"({"config":{"cpus":1}})", auth).status, 200);
        QCOMPARE(workspaceOf(http.get(path, auth)).value(QStringLiteral("resources")).toObject().value(QStringLiteral("cpus")).toInt(), 1);

        QVERIFY(stop(f, f.user, id));
        const HttpResponse resized = http.put(path, R"({"config":{"cpus":2,"memory_mb":1024,"writable_size_mb":2048}})", auth);
        QVERIFY2(resized.status == 200, resized.body.constData());
        const QJsonObject resources = workspaceOf(resized).value(QStringLiteral("resources")).toObject();
        QCOMPARE(resources.value(QStringLiteral("cpus")).toInt(), 2);
        QCOMPARE(resources.value(QStringLiteral("memory_mb")).toInteger(), 1024);
        QCOMPARE(resources.value(QStringLiteral("disk_size_mb")).toInteger(), 2048);
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("pool_usage")).toObject().value(QStringLiteral("cpus")).toInt(), 2);
    }

    void updateRefusesResourcesAboveThePlanLimits()
    {
        ApiFixture f;
        const qint64 maxCpus = limitMax(quotaOf(f, f.user), "cpus");
        const qint64 maxMemory = limitMax(quotaOf(f, f.user), "memory_mb");
        if (maxCpus >= 32 || maxMemory >= 65536)
            QSKIP("the simulator host is as large as the micro-VM API's ranges: no plan limit to exceed");
        const QString id = createRunning(f, f.user);
        QVERIFY(!id.isEmpty());
        QVERIFY(stop(f, f.user, id));
        const HttpClient http = f.client();
        const Headers auth = f.clientPair(f.user);
        const QString path = QStringLiteral("/workspace/") + id;

        VERIFY_ERROR(http.put(path, toJson({{QStringLiteral("config"), QJsonObject{{QStringLiteral("cpus"), double(maxCpus + 1)}}}}), auth),
                     403, "RESOURCE_NOT_ALLOWED", QStringLiteral("config.cpus"));
        VERIFY_ERROR(http.put(path, toJson({{QStringLiteral("config"), QJsonObject{{QStringLiteral("memory_mb"), double(maxMemory + 1)}}}}), auth),
                     403, "RESOURCE_NOT_ALLOWED", QStringLiteral("config.memory_mb"));
        QCOMPARE(workspaceOf(http.get(path, auth)).value(QStringLiteral("resources")).toObject().value(QStringLiteral("cpus")).toInt(), 1);
        // The workspace's own current size does not count against it.
        const HttpResponse atLimit = http.put(path, toJson({{QStringLiteral("config"), QJsonObject{{QStringLiteral("cpus"), double(maxCpus)}}}}), auth);
        QVERIFY2(atLimit.status == 200, atLimit.body.constData());
    }

    // --- DELETE /workspace/{id} --------------------------------------------------------

    void deleteDestroysTheVmAndForgetsTheWorkspace()
    {
        ApiFixture f;
        const QString id = createRunning(f, f.user);
        QVERIFY(!id.isEmpty());
        const Workspace before = *f.engine.engine->workspace(id);
        QVERIFY(!before.domainName.isEmpty());
        LibvirtHost *host = f.engine.hosts->host(f.engine.engine->effectiveHostUri(before));
        QVERIFY(host);
        auto domainNames = [host]() {
            QStringList names;
            const auto domains = await(host->domains());
            if (domains && domains->has_value()) {
                for (const DomainInfo &d : **domains)
                    names << d.name;
            }
            return names;
        };
        QVERIFY(domainNames().contains(before.domainName));

        // Another client cannot delete it.
        VERIFY_ERROR(f.client().del(QStringLiteral("/workspace/") + id, f.clientPair(f.other)), 404, "WORKSPACE_NOT_FOUND");
        QVERIFY(f.engine.engine->workspace(id).has_value());

        const HttpResponse r = f.client().del(QStringLiteral("/workspace/") + id, f.clientPair(f.user));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.object(), (QJsonObject{{QStringLiteral("success"), true}, {QStringLiteral("message"), QStringLiteral("Workspace deleted")}}));
        QVERIFY(!f.engine.engine->workspace(id).has_value());
        QVERIFY(!domainNames().contains(before.domainName));  // the running VM went with it

        VERIFY_ERROR(f.client().get(QStringLiteral("/workspace/") + id, f.clientPair(f.user)), 404, "WORKSPACE_NOT_FOUND");
        VERIFY_ERROR(f.client().del(QStringLiteral("/workspace/") + id, f.clientPair(f.user)), 404, "WORKSPACE_NOT_FOUND");
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("currentSandboxes")).toInt(), 0);
        // Default (shared) workspaces are not the caller's to delete either.
        VERIFY_ERROR(f.client().del(QStringLiteral("/workspace/ws-1panel"), f.clientPair(f.admin)), 404, "WORKSPACE_NOT_FOUND");
        QVERIFY(f.engine.engine->workspace(QStringLiteral("ws-1panel")).has_value());
    }

    // --- GET /workspace/quota ----------------------------------------------------------

    void quotaReportsEveryDocumentedKeyAndFollowsCreates()
    {
        ApiFixture f;
        const HttpResponse r = f.client().get(QStringLiteral("/workspace/quota"), f.clientPair(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject quota = r.object();
        QCOMPARE(quota.value(QStringLiteral("success")), QJsonValue(true));
        QVERIFY(quota.value(QStringLiteral("plan")).isString());
        QVERIFY(quota.value(QStringLiteral("planLabel")).isString());
        const QJsonObject limits = quota.value(QStringLiteral("limits")).toObject();
        const QList<std::tuple<const char *, qint64, qint64>> ranges{{"cpus", 1, 1}, {"memory_mb", 128, 512}, {"writable_size_mb", 64, 512}};
        for (const auto &[name, min, fallback] : ranges) {
            const QJsonObject range = limits.value(QLatin1StringView(name)).toObject();
            QCOMPARE(range.value(QStringLiteral("min")).toInteger(), min);
            QCOMPARE(range.value(QStringLiteral("default")).toInteger(), fallback);
            QVERIFY2(range.value(QStringLiteral("max")).toInteger() >= fallback, name);
        }
        QVERIFY(limits.value(QStringLiteral("cpus")).toObject().value(QStringLiteral("max")).toInteger() <= 32);
        QVERIFY(limits.value(QStringLiteral("memory_mb")).toObject().value(QStringLiteral("max")).toInteger() <= 65536);
        QVERIFY(limits.value(QStringLiteral("writable_size_mb")).toObject().value(QStringLiteral("max")).toInteger() <= 204800);
        for (const char *pool : {"pool", "pool_usage", "running_pool", "running_pool_usage"}) {
            const QJsonObject amounts = quota.value(QLatin1StringView(pool)).toObject();
            for (const char *key : {"cpus", "memory_mb", "disk_mb"})
                QVERIFY2(amounts.value(QLatin1StringView(key)).isDouble(), qPrintable(QStringLiteral("%1.%2").arg(QLatin1StringView(pool), QLatin1StringView(key))));
        }
        VERIFY_AMOUNTS(quota.value(QStringLiteral("pool_usage")).toObject(), 0, 0, 0);
        VERIFY_AMOUNTS(quota.value(QStringLiteral("running_pool_usage")).toObject(), 0, 0, 0);
        QCOMPARE(quota.value(QStringLiteral("maxSandboxes")).toInt(), 10);
        QCOMPARE(quota.value(QStringLiteral("currentSandboxes")).toInt(), 0);
        QCOMPARE(quota.value(QStringLiteral("canCreate")), QJsonValue(true));
        QVERIFY(quota.contains(QStringLiteral("reason")));
        QVERIFY(quota.value(QStringLiteral("reason")).isNull());

        // One running workspace of 2 CPUs, 1024 MB, 2048 MB disk.
        const QString id = createRunning(f, f.user, {{QStringLiteral("cpus"), 2}, {QStringLiteral("memory_mb"), 1024}, {QStringLiteral("writable_size_mb"), 2048}});
        QVERIFY(!id.isEmpty());
        const QJsonObject after = quotaOf(f, f.user);
        QCOMPARE(after.value(QStringLiteral("currentSandboxes")).toInt(), 1);
        VERIFY_AMOUNTS(after.value(QStringLiteral("pool_usage")).toObject(), 2, 1024, 2048);
        VERIFY_AMOUNTS(after.value(QStringLiteral("running_pool_usage")).toObject(), 2, 1024, 2048);
        QCOMPARE(after.value(QStringLiteral("canCreate")), QJsonValue(true));

        // Stopped: still owned, no longer running.
        QVERIFY(stop(f, f.user, id));
        const QJsonObject stopped = quotaOf(f, f.user);
        VERIFY_AMOUNTS(stopped.value(QStringLiteral("pool_usage")).toObject(), 2, 1024, 2048);
        VERIFY_AMOUNTS(stopped.value(QStringLiteral("running_pool_usage")).toObject(), 0, 0, 0);
        // Another client's quota is untouched.
        QCOMPARE(quotaOf(f, f.other).value(QStringLiteral("currentSandboxes")).toInt(), 0);

        // Deleted: back to nothing.
        QCOMPARE(f.client().del(QStringLiteral("/workspace/") + id, f.clientPair(f.user)).status, 200);
        QCOMPARE(quotaOf(f, f.user).value(QStringLiteral("currentSandboxes")).toInt(), 0);
    }

    // --- scopes ------------------------------------------------------------------------

    void aReadOnlyTokenReadsButCannotWrite()
    {
        ApiFixture f;
        const HttpResponse created = createWs(f, f.user, {{QStringLiteral("image"), QStringLiteral("node-20")}});
        QCOMPARE(created.status, 201);
        const QString path = QStringLiteral("/workspace/") + idOf(created);
        const HttpClient http = f.client();
        const Headers reader = f.clientPair(f.reader);

        const HttpResponse list = http.get(QStringLiteral("/workspace"), reader);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.object().value(QStringLiteral("total")).toInt(), 0);
        QCOMPARE(http.get(QStringLiteral("/workspace/quota"), reader).status, 200);
        VERIFY_ERROR(http.get(path, reader), 404, "WORKSPACE_NOT_FOUND");  // reading is allowed; it is not theirs

        VERIFY_ERROR(http.post(QStringLiteral("/workspace"), R"({"image":"node-20"})", reader), 403, "SCOPE_REQUIRED");
        VERIFY_ERROR(http.put(path, R"({"name":"x"})", reader), 403, "SCOPE_REQUIRED");
        VERIFY_ERROR(http.del(path, reader), 403, "SCOPE_REQUIRED");
        QVERIFY(http.post(QStringLiteral("/workspace"), R"({"image":"node-20"})", reader).object().value(QStringLiteral("error"))
                    .toString().contains(QStringLiteral("workspaces:write")));

        QCOMPARE(quotaOf(f, f.reader).value(QStringLiteral("currentSandboxes")).toInt(), 0);
        QCOMPARE(workspaceOf(http.get(path, f.clientPair(f.user))).value(QStringLiteral("name")).toString(), QStringLiteral("node-20"));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestMicroVmApi)
#include "tst_microvmapi.moc"
