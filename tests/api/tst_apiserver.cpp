// HTTP behaviour shared by every surface: routing, limits, credentials, ordering.

#include "apifixture.h"
#include "libvirttestmain.h"

#include <QTcpSocket>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QByteArray request(const QByteArray &method, const QByteArray &path, quint16 port, const QByteArray &extraHeaders = {},
                   const QByteArray &body = {})
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n" + extraHeaders;
    if (!body.isEmpty())
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

Api::ApiOptions quickTimeouts()
{
    Api::ApiOptions options;
    options.limits.headerTimeout = std::chrono::milliseconds(600);
    options.limits.bodyTimeout = std::chrono::milliseconds(600);
    options.limits.idleTimeout = std::chrono::milliseconds(800);
    return options;
}

}  // namespace

class TestApiServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unknownPathsAre404InTheirSurfacesShape()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse bearer = http.get(QStringLiteral("/api/nope"));
        QCOMPARE(bearer.status, 404);
        QVERIFY(bearer.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("/api/nope")));
        const HttpResponse v1 = http.get(QStringLiteral("/api/v1/nope"));
        QCOMPARE(v1.status, 404);
        QCOMPARE(v1.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("NOT_FOUND"));
        const HttpResponse envelope = http.get(QStringLiteral("/workspace/a/b/c"));
        QCOMPARE(envelope.status, 404);
        QCOMPARE(envelope.object().value(QStringLiteral("success")).toBool(true), false);
        QCOMPARE(http.get(QStringLiteral("/")).status, 404);
    }

    void wrongMethodIs405WithAllow()
    {
        ApiFixture f;
        const HttpResponse r = f.client().send("PATCH", QStringLiteral("/api/workspaces"), "{}", f.bearer(f.admin));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.headers.value("allow"), QByteArray("GET, POST, HEAD, OPTIONS"));
        QVERIFY(r.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("PATCH")));
        const HttpResponse del = f.client().del(QStringLiteral("/api/health"));
        QCOMPARE(del.status, 405);
        QCOMPARE(del.headers.value("allow"), QByteArray("GET, HEAD, OPTIONS"));
        const HttpResponse v1 = f.client().send("PATCH", QStringLiteral("/api/v1/workspaces/ws-x"), "{}");
        QCOMPARE(v1.status, 405);
        QCOMPARE(v1.headers.value("allow"), QByteArray("GET, PUT, DELETE, HEAD, OPTIONS"));
    }

    void theMostSpecificPathOwnsIt()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        // /api/workspaces/reset is POST only; it is not the workspace "reset".
        const HttpResponse reset = http.get(QStringLiteral("/api/workspaces/reset"), f.bearer(f.admin));
        QCOMPARE(reset.status, 405);
        QCOMPARE(reset.headers.value("allow"), QByteArray("POST, OPTIONS"));
        const HttpResponse active = http.del(QStringLiteral("/api/sessions/active"), f.bearer(f.admin));
        QCOMPARE(active.status, 405);
        QCOMPARE(http.get(QStringLiteral("/api/sessions/active"), f.bearer(f.admin)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/workspace/quota"), f.clientPair(f.admin)).status, 200);
    }

    void anEncodedSlashIsNeverASeparator()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse joined = http.get(QStringLiteral("/api%2fsessions"), f.bearer(f.admin));
        QCOMPARE(joined.status, 400);
        QVERIFY(joined.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("encoded '/'")));
        QCOMPARE(http.get(QStringLiteral("/api/v1%2Fworkspaces"), f.apiKey(f.admin)).status, 400);
        const HttpResponse update = http.put(QStringLiteral("/api/workspaces/ws-1panel%2f"), R"({"name":"Renamed"})", f.bearer(f.admin));
        QCOMPARE(update.status, 400);
        QCOMPARE(f.engine.engine->workspace(QStringLiteral("ws-1panel"))->name, QStringLiteral("1Panel Admin"));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces/ws-1panel%00"), f.bearer(f.admin)).status, 400);
        // Any other encoding names the same id: decoded once, after routing.
        const HttpResponse encoded = http.get(QStringLiteral("/api/workspaces/ws%2D1panel"), f.bearer(f.admin));
        QCOMPARE(encoded.status, 200);
        QCOMPARE(encoded.object().value(QStringLiteral("id")).toString(), QStringLiteral("ws-1panel"));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces/ws%252D1panel"), f.bearer(f.admin)).status, 404);
    }

    void bodiesMustSayTheyAreJson()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QByteArray body = R"({"name":"Typed","type":"web","description":"d"})";
        for (const QByteArray &type : {QByteArray("text/plain"), QByteArray("text/html"), QByteArray("application/x-www-form-urlencoded")}) {
            Headers headers = f.bearer(f.admin);
            headers.append({"Content-Type", type});
            const HttpResponse refused = http.post(QStringLiteral("/api/workspaces"), body, headers);
            QCOMPARE(refused.status, 415);
            QVERIFY(refused.object().value(QStringLiteral("detail")).toString().contains(QString::fromLatin1(type)));
        }
        const QList<HttpResponse> untyped = http.raw("POST /api/workspaces HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(f.port)
                                                         + "\r\nAuthorization: Bearer " + f.admin.secret.toUtf8()
                                                         + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body, 1);
        QCOMPARE(untyped.value(0).status, 415);
        QCOMPARE(http.post(QStringLiteral("/api/v1/workspaces"), R"({"name":"n","description":"d","environmentType":"custom"})",
                           [&] { Headers h = f.apiKey(f.admin); h.append(std::pair<QByteArray, QByteArray>("Content-Type", "text/plain")); return h; }())
                     .object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("UNSUPPORTED_MEDIA_TYPE"));
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
        Headers charset = f.bearer(f.admin);
        charset.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json; charset=utf-8"));
        QCOMPARE(http.post(QStringLiteral("/api/workspaces"), body, charset).status, 200);
    }

    void optionsHeadAndTrailingSlash()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse options = http.send("OPTIONS", QStringLiteral("/api/workspaces/ws-1panel/launch"));
        QCOMPARE(options.status, 204);
        QCOMPARE(options.headers.value("allow"), QByteArray("POST, OPTIONS"));
        const HttpResponse head = http.send("HEAD", QStringLiteral("/api/health"));
        QCOMPARE(head.status, 200);
        QVERIFY(head.headers.value("content-length").toInt() > 10);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(http.get(QStringLiteral("/api/health/")).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/workspaces/"), f.bearer(f.user)).status, 200);
    }

    void theHostHeaderMustNameThisServer()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse rebinding = http.get(QStringLiteral("/api/health"), {{"Host", "evil.example"}});
        QCOMPARE(rebinding.status, 421);
        QVERIFY(rebinding.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("evil.example")));
        QCOMPARE(http.get(QStringLiteral("/api/health"), {{"Host", "evil.example:" + QByteArray::number(f.port)}}).status, 421);
        QCOMPARE(http.get(QStringLiteral("/api/health"), {{"Host", "localhost:" + QByteArray::number(f.port)}}).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/health"), {{"Host", "127.0.0.1:1"}}).status, 421);
        // Host is uri-host[:port] and nothing more: user info, a path or a second port are refused.
        const QByteArray port = QByteArray::number(f.port);
        const QList<QByteArray> forgeries = {QByteArray("evil.example:" + port + "@127.0.0.1"), QByteArray("evil.example@127.0.0.1:" + port),
                                             QByteArray("127.0.0.1:" + port + "/x"), QByteArray("127.0.0.1:" + port + ":" + port),
                                             QByteArray("127.0.0.1 evil")};
        for (const QByteArray &forged : forgeries)
            QVERIFY2(http.get(QStringLiteral("/api/health"), {{"Host", forged}}).status == 421, forged.constData());
        QCOMPARE(http.get(QStringLiteral("/api/health"), {{"Host", "LOCALHOST:" + port}}).status, 200);
        const QList<HttpResponse> noHost = http.raw("GET /api/health HTTP/1.0\r\n\r\n", 1);
        QCOMPARE(noHost.value(0).status, 400);
    }

    void browsersCrossSiteRequestsAreRefused()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        Headers foreign = f.bearer(f.admin);
        foreign.append(std::pair<QByteArray, QByteArray>("Origin", "http://evil.example"));
        const HttpResponse refused = http.post(QStringLiteral("/api/workspaces/reset"), {}, foreign);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.object().value(QStringLiteral("code")).toString(), QStringLiteral("CROSS_SITE_REFUSED"));
        Headers fetch = f.bearer(f.admin);
        fetch.append(std::pair<QByteArray, QByteArray>("Sec-Fetch-Site", "cross-site"));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), fetch).status, 403);
        Headers same = f.bearer(f.admin);
        same.append(std::pair<QByteArray, QByteArray>("Origin", "http://127.0.0.1:" + QByteArray::number(f.port)));
        same.append(std::pair<QByteArray, QByteArray>("Sec-Fetch-Site", "same-origin"));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), same).status, 200);
        AuditQuery resets;
        resets.action = QStringLiteral("reset_workspaces");
        QCOMPARE(*f.engine.engine->auditCount(resets), 0);  // the reset never ran
    }

    void credentialsPerSurface()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const HttpResponse none = http.get(QStringLiteral("/api/workspaces"));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.headers.value("www-authenticate"), QByteArray("Bearer"));
        QVERIFY(none.object().value(QStringLiteral("detail")).toString().startsWith(QStringLiteral("Not authenticated")));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), {{"Authorization", "Bearer atr_wrong"}}).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), {{"Authorization", "Basic YTpi"}}).status, 401);
        // One token, every surface.
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), f.apiKey(f.user)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/v1/workspaces"), f.apiKey(f.user)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/v1/workspaces"), f.bearer(f.user)).status, 200);
        const HttpResponse v1None = http.get(QStringLiteral("/api/v1/workspaces"));
        QCOMPARE(v1None.status, 401);
        QCOMPARE(v1None.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("MISSING_USER_ID"));
        QCOMPARE(http.get(QStringLiteral("/workspace"), f.clientPair(f.user)).status, 200);
        const HttpResponse pairMissing = http.get(QStringLiteral("/workspace"), f.bearer(f.user));
        QCOMPARE(pairMissing.status, 401);
        QCOMPARE(pairMissing.object().value(QStringLiteral("code")).toString(), QStringLiteral("MISSING_USER_ID"));
        Headers mismatched{{"X-Client-ID", f.other.token.id.toUtf8()}, {"X-Client-Secret", f.user.secret.toUtf8()}};
        QCOMPARE(http.get(QStringLiteral("/workspace"), mismatched).status, 401);

        // Revoked and expired tokens stop at once.
        QVERIFY(f.engine.tokens->revoke(f.other.token.id));
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), f.bearer(f.other)).status, 401);
        QCOMPARE(http.get(QStringLiteral("/api/health")).status, 200);  // no credential needed
    }

    void scopesApplyOnEverySurface()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), f.bearer(f.reader)).status, 200);
        const HttpResponse launch = http.post(QStringLiteral("/api/workspaces/ws-1panel/launch"), {}, f.bearer(f.reader));
        QCOMPARE(launch.status, 403);
        QCOMPARE(launch.object().value(QStringLiteral("code")).toString(), QStringLiteral("SCOPE_REQUIRED"));
        QVERIFY(launch.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("workspaces:write")));
        const HttpResponse v1 = http.post(QStringLiteral("/api/v1/workspaces"), R"({"name":"x","description":"y","environmentType":"custom"})",
                                          f.apiKey(f.reader));
        QCOMPARE(v1.status, 403);
        QCOMPARE(http.post(QStringLiteral("/workspace"), R"({"image":"x"})", f.clientPair(f.reader)).status, 403);
    }

    void failedAuthenticationIsThrottledButNeverAValidCredential()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(http.get(QStringLiteral("/api/workspaces"), {{"Authorization", "Bearer atr_guess" + QByteArray::number(i)}}).status, 401);
        const HttpResponse blocked = http.get(QStringLiteral("/api/workspaces"), {{"Authorization", "Bearer atr_guess11"}});
        QCOMPARE(blocked.status, 429);
        QVERIFY(blocked.headers.value("retry-after").toInt() > 0);
        QVERIFY(blocked.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("Too many")));
        QCOMPARE(http.get(QStringLiteral("/api/health")).status, 200);  // public endpoints stay open
        // Every local script shares 127.0.0.1: someone else's typos never lock a valid credential out.
        QCOMPARE(http.get(QStringLiteral("/api/workspaces"), f.bearer(f.admin)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/api/v1/workspaces"), f.apiKey(f.reader)).status, 200);
        QCOMPARE(http.get(QStringLiteral("/workspace"), f.clientPair(f.reader)).status, 200);
    }

    void badBodiesNameTheirProblem()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const Headers admin = f.bearer(f.admin);
        const HttpResponse truncated = http.post(QStringLiteral("/api/workspaces"), R"({"name": "x", )", admin);
        QCOMPARE(truncated.status, 400);
        QVERIFY(truncated.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("not valid JSON")));
        const HttpResponse array = http.post(QStringLiteral("/api/workspaces"), "[1,2]", admin);
        QCOMPARE(array.status, 400);
        QVERIFY(array.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("JSON object")));
        const HttpResponse type = http.post(QStringLiteral("/api/workspaces"), R"({"name":"x","type":"web","description":"d","requires_netbird":"yes"})", admin);
        QCOMPARE(type.status, 400);
        QCOMPARE(type.object().value(QStringLiteral("field")).toString(), QStringLiteral("requires_netbird"));
        const HttpResponse empty = http.post(QStringLiteral("/api/workspaces"), {}, admin);
        QCOMPARE(empty.status, 400);
        QVERIFY(empty.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("empty")));
        const HttpResponse binary = http.post(QStringLiteral("/api/workspaces"), QByteArray("\xff\xfe\x00garbage", 10), admin);
        QCOMPARE(binary.status, 400);
        QVERIFY(binary.isJson());
    }

    void oversizedBodiesAreRefusedBeforeUpload()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        // Headers only, announcing 5 MB: the answer comes without a byte of body sent.
        const QByteArray headers = "POST /api/workspaces HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(f.port)
            + "\r\nAuthorization: Bearer " + f.admin.secret.toUtf8() + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n";
        const QList<HttpResponse> refused = http.raw(headers, 1, std::chrono::seconds(5));
        QCOMPARE(refused.value(0).status, 413);
        QVERIFY(refused.value(0).closed);
        QCOMPARE(refused.value(0).object().value(QStringLiteral("code")).toString(), QStringLiteral("PAYLOAD_TOO_LARGE"));
        // Just under the limit is read (and then judged on its content).
        const QByteArray big = "{\"name\":\"" + QByteArray(1000000, 'x') + "\",\"type\":\"web\",\"description\":\"d\"}";
        const HttpResponse judged = http.post(QStringLiteral("/api/workspaces"), big, f.bearer(f.admin));
        QCOMPARE(judged.status, 400);
        QCOMPARE(judged.object().value(QStringLiteral("code")).toString(), QStringLiteral("INVALID_NAME_LENGTH"));
        // Conflicting framing is refused.
        const QList<HttpResponse> both = http.raw(request("POST", "/api/workspaces", f.port,
                                                          "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), 1);
        QCOMPARE(both.value(0).status, 400);
    }

    void malformedFramingIsRefusedAndClosed()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QByteArray auth = "Authorization: Bearer " + f.admin.secret.toUtf8() + "\r\nContent-Type: application/json\r\n";
        const QByteArray body = R"({"name":"Smuggled","type":"web","description":"d"})";
        const QList<std::pair<QByteArray, int>> framings = {
            {"Content-Length: +" + QByteArray::number(body.size()) + "\r\n", 400},
            {"Content-Length: 0x" + QByteArray::number(body.size(), 16) + "\r\n", 400},
            {"Content-Length: " + QByteArray::number(body.size()) + "\r\nContent-Length: 3\r\n", 400},
            {"Content-Length : " + QByteArray::number(body.size()) + "\r\n", 400},
            {"Content-Length: " + QByteArray::number(body.size()) + "\r\n folded\r\n", 400},
            {"Transfer-Encoding: gzip\r\n", 501},
            {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 501},
        };
        for (const auto &[framing, status] : framings) {
            const QList<HttpResponse> refused = http.raw(request("POST", "/api/workspaces", f.port, auth + framing) + body, 1);
            QVERIFY2(refused.value(0).status == status, framing.constData());
            QVERIFY(refused.value(0).closed);
        }
        const QList<HttpResponse> badChunk = http.raw(request("POST", "/api/workspaces", f.port, auth + "Transfer-Encoding: chunked\r\n")
                                                          + "+" + QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n", 1);
        QCOMPARE(badChunk.value(0).status, 400);
        QCOMPARE(http.raw("GET /api/health\r\nHost: 127.0.0.1:" + QByteArray::number(f.port) + "\r\n\r\n", 1).value(0).status, 400);
        QCOMPARE(f.engine.engine->workspaceCount(), 5);  // nothing stored
    }

    void chunkedBodiesAreCountedToo()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QByteArray auth = "Authorization: Bearer " + f.admin.secret.toUtf8() + "\r\n";
        const QByteArray body = R"({"name":"Chunked","type":"web","description":"d","requires_netbird":false})";
        QByteArray chunked = request("POST", "/api/workspaces", f.port, auth + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
        chunked += QByteArray::number(20, 16) + "\r\n" + body.left(20) + "\r\n" + QByteArray::number(body.size() - 20, 16) + "\r\n"
            + body.mid(20) + "\r\n0\r\n\r\n";
        const QList<HttpResponse> created = http.raw(chunked, 1);
        QCOMPARE(created.value(0).status, 200);
        QCOMPARE(created.value(0).object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Chunked"));

        QByteArray flood = request("POST", "/api/workspaces", f.port, auth + "Transfer-Encoding: chunked\r\n");
        for (int i = 0; i < 3; ++i)
            flood += QByteArray::number(600000, 16) + "\r\n" + QByteArray(600000, 'a') + "\r\n";
        const QList<HttpResponse> refused = http.raw(flood, 1);
        QCOMPARE(refused.value(0).status, 413);
    }

    void expectContinueIsAnswered()
    {
        ApiFixture f;
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
        const QByteArray body = R"({"name":"Continued","type":"web","description":"d"})";
        socket.write(request("POST", "/api/workspaces", f.port,
                             "Authorization: Bearer " + f.admin.secret.toUtf8() + "\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " + QByteArray::number(body.size()) + "\r\n"));
        QByteArray seen;
        QVERIFY(QTest::qWaitFor([&] { seen += socket.readAll(); return seen.contains("100 Continue"); }, 3000));
        socket.write(body);
        QVERIFY(QTest::qWaitFor([&] { seen += socket.readAll(); return seen.contains("Continued"); }, 5000));
        QVERIFY(seen.contains("HTTP/1.1 200"));

        // Too big for Expect: the refusal comes instead of 100 Continue.
        const QList<HttpResponse> refused = f.client().raw(
            request("POST", "/api/workspaces", f.port, "Expect: 100-continue\r\nContent-Length: 9000000\r\n"), 1);
        QCOMPARE(refused.value(0).status, 413);
    }

    void hugeHeadersAre431()
    {
        ApiFixture f;
        const QByteArray flood = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Flood: " + QByteArray(20000, 'a') + "\r\n\r\n";
        const QList<HttpResponse> refused = f.client().raw(flood, 1);
        QCOMPARE(refused.value(0).status, 431);
        QVERIFY(refused.value(0).isJson());
    }

    void slowAndIdleConnectionsAreClosed()
    {
        ApiFixture f({}, quickTimeouts());
        // Slowloris: half a request line, then nothing.
        const QList<HttpResponse> slow = f.client().raw("GET /api/health HTTP/1.1\r\nHost: 127", 1, std::chrono::seconds(5));
        QCOMPARE(slow.value(0).status, 408);
        QVERIFY(slow.value(0).closed);
        // A body that never finishes.
        const QList<HttpResponse> stalled = f.client().raw(
            request("POST", "/api/workspaces", f.port, "Content-Length: 100\r\n") + "{\"na", 1, std::chrono::seconds(5));
        QCOMPARE(stalled.value(0).status, 408);

        // A connection that never sends a byte is closed at the same deadline.
        QTcpSocket silent;
        silent.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(QTest::qWaitFor([&] { return silent.state() == QAbstractSocket::ConnectedState; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return silent.state() == QAbstractSocket::UnconnectedState; }, 5000));

        // Keep-alive with nothing to do is closed; a connection waiting for Atrium is not.
        QTcpSocket idle;
        idle.connectToHost(QStringLiteral("127.0.0.1"), f.port);
        QVERIFY(QTest::qWaitFor([&] { return idle.state() == QAbstractSocket::ConnectedState; }, 5000));
        idle.write(request("GET", "/api/health", f.port));
        QVERIFY(QTest::qWaitFor([&] { return idle.bytesAvailable() > 0; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return idle.state() == QAbstractSocket::UnconnectedState; }, 5000));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        // A slow stop (3 s of graceful shutdown) between two fast requests.
        EngineOptions options;
        options.stopDeadline = std::chrono::milliseconds(300);
        ApiFixture f(options);
        auto vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm());
        QVERIFY(await(f.engine.engine->launchWorkspace(f.engine.admin, vm->id))->has_value());
        const QByteArray auth = "Authorization: Bearer " + f.admin.secret.toUtf8() + "\r\n";
        const QByteArray three = request("GET", "/api/health", f.port)
            + request("POST", "/api/workspaces/" + vm->id.toUtf8() + "/stop", f.port, auth + "Content-Length: 0\r\n")
            + request("GET", "/api/workspaces/" + vm->id.toUtf8(), f.port, auth);
        const QList<HttpResponse> replies = f.client().raw(three, 3);
        QCOMPARE(replies.size(), 3);
        QVERIFY(replies.at(0).object().contains(QStringLiteral("uptime_seconds")));
        QVERIFY2(replies.at(1).object().value(QStringLiteral("message")).toString() == QStringLiteral("Workspace stopped successfully"),
                 replies.at(1).body.constData());
        QCOMPARE(replies.at(2).object().value(QStringLiteral("id")).toString(), vm->id);
        // Processed on arrival (mid-stop), answered after the stop's reply.
        const QString state = replies.at(2).object().value(QStringLiteral("state")).toString();
        QVERIFY2(state == u"stopping" || state == u"available", qPrintable(state));
    }

    void aClientThatLeavesMidRequestHarmsNothing()
    {
        ApiFixture f;
        auto vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm());
        {
            QTcpSocket gone;
            gone.connectToHost(QStringLiteral("127.0.0.1"), f.port);
            QVERIFY(QTest::qWaitFor([&] { return gone.state() == QAbstractSocket::ConnectedState; }, 5000));
            gone.write(request("POST", "/api/workspaces/" + vm->id.toUtf8() + "/launch", f.port,
                               "Authorization: Bearer " + f.admin.secret.toUtf8() + "\r\nContent-Length: 0\r\n"));
            gone.flush();
            QTest::qWait(1);
            gone.abort();
        }
        QTRY_COMPARE(f.engine.engine->workspace(vm->id)->status, WorkspaceStatus::Running);  // the work was done
        QCOMPARE(f.client().get(QStringLiteral("/api/health")).status, 200);           // and the server lives
    }

    void everyAnswerIsJson()
    {
        ApiFixture f;
        const HttpClient http = f.client();
        const QList<HttpResponse> answers{
            http.get(QStringLiteral("/api/nope")), http.send("PUT", QStringLiteral("/api/health"), "{}"),
            http.get(QStringLiteral("/api/workspaces")), http.get(QStringLiteral("/api/workspaces/ws-none"), f.bearer(f.user)),
            http.post(QStringLiteral("/api/workspaces"), "{", f.bearer(f.admin)), http.get(QStringLiteral("/api/health")),
            http.get(QStringLiteral("/api/openapi.json")), http.get(QStringLiteral("/workspace/ws-none"), f.clientPair(f.user)),
        };
        for (const HttpResponse &r : answers) {
            QVERIFY2(r.status > 0, "no answer");
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            QVERIFY2(r.isJson(), r.body.constData());
            QCOMPARE(r.headers.value("x-content-type-options"), QByteArray("nosniff"));
        }
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestApiServer)
#include "tst_apiserver.moc"
