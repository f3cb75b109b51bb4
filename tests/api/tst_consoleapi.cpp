// The browser console over HTTP on libvirt's simulator: tickets, the page, noVNC's modules
// and the WebSocket's refusals. (The console itself, on a real guest in a real browser, is
// tests/integration/tst_browserconsole.)

#include "apifixture.h"
#include "libvirttestmain.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

/// A stand-in for Debian's /usr/share/novnc: the page only needs core/rfb.js to exist here.
struct FakeNovnc {
    QTemporaryDir dir;
    FakeNovnc()
    {
        QDir(dir.path()).mkpath(QStringLiteral("core/util"));
        QFile rfb(dir.filePath(QStringLiteral("core/rfb.js")));
        rfb.open(QIODevice::WriteOnly);
        rfb.write("export default class RFB {}\n");
        QFile secret(dir.filePath(QStringLiteral("secret.txt")));
        secret.open(QIODevice::WriteOnly);
        secret.write("not for the web");
    }
    Api::ApiOptions options() const
    {
        Api::ApiOptions o;
        o.novncDirectory = dir.path();
        return o;
    }
};

struct Launched {
    QString workspace;
    QString session;
    QString viewerUrl;
};

Launched launchVm(const ApiFixture &f, const IssuedToken &who)
{
    Launched l;
    l.workspace = must(f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Console VM")))).id;
    const QJsonObject r = f.client().post(QStringLiteral("/api/workspaces/") + l.workspace + QStringLiteral("/launch"), {}, f.bearer(who)).object();
    l.session = r.value(QStringLiteral("session_id")).toString();
    l.viewerUrl = r.value(QStringLiteral("viewer_url")).toString();
    return l;
}

QString ticketOf(const QString &viewerUrl)
{
    return QUrlQuery(QUrl(viewerUrl).query()).queryItemValue(QStringLiteral("ticket"));
}

Headers browser(const QByteArray &cookie = {})
{
    Headers h{{"Accept", "text/html,application/xhtml+xml"}};
    if (!cookie.isEmpty())
        h.append({"Cookie", cookie});
    return h;
}

/// "atrium_viewer=…" from a page's Set-Cookie.
QByteArray pageCookie(const HttpResponse &page)
{
    return page.headers.value("set-cookie").split(';').first();
}

/// The audit lines about browser consoles, newest first.
QJsonArray consoleAudit(const ApiFixture &f, const QString &action)
{
    return f.client().get(QStringLiteral("/api/audit?action=") + action, f.bearer(f.admin)).object().value(QStringLiteral("entries")).toArray();
}

/// A WebSocket handshake as a browser sends it, answered by plain HTTP when refused.
HttpResponse handshake(const ApiFixture &f, const QString &path, const Headers &extra)
{
    Headers h{{"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"},
              {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    h.append(extra);
    return f.client().send("GET", path, {}, h);
}

}  // namespace

class TestConsoleApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aLaunchGivesAViewerUrlWithATicket()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        QCOMPARE(QUrl(l.viewerUrl).path(), QStringLiteral("/viewer/") + l.session);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(ticketOf(l.viewerUrl)).hasMatch());

        // A page for a browser: noVNC from this server, a strict policy, the page's key as a cookie.
        const HttpResponse page = f.client().get(l.viewerUrl, browser());
        QCOMPARE(page.status, 200);
        QVERIFY(page.headers.value("content-type").startsWith("text/html"));
        QVERIFY(page.body.contains(QByteArray("import RFB from '/viewer/" + l.session.toUtf8() + "/novnc/core/rfb.js'")));
        QVERIFY(page.body.contains("<title>Console VM — Atrium</title>"));
        QVERIFY(!page.body.contains(ticketOf(l.viewerUrl).toUtf8()));  // the ticket is not echoed anywhere
        QCOMPARE(page.headers.value("referrer-policy"), QByteArray("no-referrer"));
        QCOMPARE(page.headers.value("x-frame-options"), QByteArray("DENY"));
        QVERIFY(page.headers.value("content-security-policy").contains("frame-ancestors 'none'"));
        QCOMPARE(page.headers.value("cache-control"), QByteArray("no-store"));
        const QByteArray cookie = page.headers.value("set-cookie");
        QVERIFY2(cookie.startsWith("atrium_viewer="), cookie.constData());
        QVERIFY(cookie.contains(QByteArray("; Path=/viewer/" + l.session.toUtf8())));
        QVERIFY(cookie.contains("HttpOnly"));
        QVERIFY(cookie.contains("SameSite=Strict"));
        QCOMPARE(consoleAudit(f, QStringLiteral("open_browser_console_page")).size(), 1);

        // The page's modules, with its key; nothing else from that directory, and not without it.
        const HttpResponse module = f.client().get(QStringLiteral("/viewer/%1/novnc/core/rfb.js").arg(l.session), browser(pageCookie(page)));
        QCOMPARE(module.status, 200);
        QCOMPARE(module.body, QByteArray("export default class RFB {}\n"));
        QVERIFY(module.headers.value("content-type").startsWith("text/javascript"));
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1/novnc/core/rfb.js").arg(l.session), browser()).status, 401);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1/novnc/secret.txt").arg(l.session), browser(pageCookie(page))).status, 404);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1/novnc/core/../secret.txt").arg(l.session), browser(pageCookie(page))).status, 404);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1/novnc/core/missing.js").arg(l.session), browser(pageCookie(page))).status, 404);
        // A reload (the page took the ticket out of its address) goes on with the key.
        QCOMPARE(f.client().get(QStringLiteral("/viewer/") + l.session, browser(pageCookie(page))).status, 200);
    }

    void aTicketOpensOnePageOnly()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        QCOMPARE(f.client().get(l.viewerUrl, browser()).status, 200);
        const HttpResponse again = f.client().get(l.viewerUrl, browser());
        QCOMPARE(again.status, 401);
        QVERIFY2(again.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("already used")), again.body.constData());
        const QJsonArray refused = consoleAudit(f, QStringLiteral("refuse_browser_console"));
        QCOMPARE(refused.size(), 1);
        const QJsonObject entry = refused.at(0).toObject();
        QCOMPARE(entry.value(QStringLiteral("success")), QJsonValue(false));
        QCOMPARE(entry.value(QStringLiteral("target")).toString(), QStringLiteral("session:") + l.session);
        QCOMPARE(entry.value(QStringLiteral("actor_email")).toString(), QStringLiteral("uma@example.test"));
        QVERIFY(entry.value(QStringLiteral("detail")).toString().contains(QStringLiteral("127.0.0.1")));
        // Nothing of the ticket is written down.
        const QString audit = QString::fromUtf8(f.client().get(QStringLiteral("/api/audit?limit=500"), f.bearer(f.admin)).body);
        QVERIFY(!audit.contains(ticketOf(l.viewerUrl)));
    }

    void anUnusedTicketExpiresAfter60Seconds()
    {
        FakeNovnc novnc;
        QDateTime now = QDateTime::currentDateTimeUtc();
        EngineOptions options;
        options.clock = [&now] { return now; };
        ApiFixture f(options, novnc.options());
        const Launched l = launchVm(f, f.user);
        now = now.addSecs(61);
        const HttpResponse late = f.client().get(l.viewerUrl, browser());
        QCOMPARE(late.status, 401);
        QVERIFY2(late.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("expired")), late.body.constData());
        QCOMPARE(consoleAudit(f, QStringLiteral("refuse_browser_console")).size(), 1);
        // A fresh one works.
        const HttpResponse fresh = f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(l.session), {}, f.bearer(f.user));
        QCOMPARE(fresh.status, 200);
        QCOMPARE(fresh.object().value(QStringLiteral("expires_at")).toString().left(19),
                 now.addSecs(60).toString(Qt::ISODate).left(19));
        QCOMPARE(f.client().get(fresh.object().value(QStringLiteral("viewer_url")).toString(), browser()).status, 200);
    }

    void anotherUsersTicketOrSessionIsRefused()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        // Otto holds Uma's link: with his own token, the ticket is not his.
        Headers otto = browser();
        otto.append(f.bearer(f.other).first());
        const HttpResponse theirs = f.client().get(l.viewerUrl, otto);
        QCOMPARE(theirs.status, 403);
        QVERIFY(theirs.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("another user")));
        QCOMPARE(consoleAudit(f, QStringLiteral("refuse_browser_console")).at(0).toObject().value(QStringLiteral("actor_email")).toString(),
                 QStringLiteral("otto@example.test"));
        // He cannot get a ticket for it, nor open it with his token.
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(l.session), {}, f.bearer(f.other)).status, 404);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/") + l.session, f.bearer(f.other)).status, 404);
        // An admin may watch: the ticket is theirs, and says so in the audit.
        const HttpResponse adminTicket = f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(l.session), {}, f.bearer(f.admin));
        QCOMPARE(adminTicket.status, 200);
        QCOMPARE(f.client().get(adminTicket.object().value(QStringLiteral("viewer_url")).toString(), browser()).status, 200);
        QCOMPARE(consoleAudit(f, QStringLiteral("open_browser_console_page")).at(0).toObject().value(QStringLiteral("actor_email")).toString(),
                 QStringLiteral("ada@example.test"));
        // A ticket for one session does not open another.
        const Launched mine = launchVm(f, f.user);
        const QString ticket = ticketOf(mine.viewerUrl);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1?ticket=%2").arg(l.session, ticket), browser()).status, 403);
    }

    void aTicketDiesWithItsSession()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        const HttpResponse page = f.client().get(l.viewerUrl, browser());
        const QString unused = f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(l.session), {}, f.bearer(f.user))
                                   .object().value(QStringLiteral("viewer_url")).toString();
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/%1/disconnect").arg(l.session), {}, f.bearer(f.user)).status, 200);
        QCOMPARE(f.client().get(unused, browser()).status, 401);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/") + l.session, browser(pageCookie(page))).status, 401);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1/novnc/core/rfb.js").arg(l.session), browser(pageCookie(page))).status, 401);
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/%1/ticket").arg(l.session), {}, f.bearer(f.user)).status, 409);
        QCOMPARE(consoleAudit(f, QStringLiteral("refuse_browser_console")).size(), 3);
    }

    void aPageLoadWithoutAnyCredentialIsRefused()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        const HttpResponse bare = f.client().get(QStringLiteral("/viewer/") + l.session, browser());
        QCOMPARE(bare.status, 401);
        QVERIFY(bare.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("viewer_url")));
        QCOMPARE(f.client().get(QStringLiteral("/viewer/%1?ticket=guess").arg(l.session), browser()).status, 401);
        QCOMPARE(f.client().get(QStringLiteral("/viewer/") + l.session, browser("atrium_viewer=guess")).status, 401);
        QCOMPARE(consoleAudit(f, QStringLiteral("refuse_browser_console")).size(), 3);
    }

    void guessingIsThrottledLikeAnyCredential()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(f.client().get(QStringLiteral("/viewer/%1?ticket=guess%2").arg(l.session).arg(i), browser()).status, 401);
        const HttpResponse throttled = f.client().get(QStringLiteral("/viewer/%1?ticket=guess").arg(l.session), browser());
        QCOMPARE(throttled.status, 429);
        QVERIFY(throttled.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("try again")));
        QCOMPARE(consoleAudit(f, QStringLiteral("refuse_browser_console")).size(), 10);  // the log does not fill up
        // A script with its token is not held back by someone's guesses.
        QCOMPARE(f.client().get(QStringLiteral("/viewer/") + l.session, f.bearer(f.user)).status, 200);
    }

    void scriptsWithATokenGetJsonAndALinkToHandOn()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        const HttpResponse r = f.client().get(QStringLiteral("/viewer/") + l.session, f.bearer(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("kind")).toString(), QStringLiteral("vnc"));
        const QString link = r.object().value(QStringLiteral("viewer_url")).toString();
        QCOMPARE(f.client().get(link, browser()).status, 200);
        // Asking for HTML with a token is the page itself.
        Headers html = browser();
        html.append(f.bearer(f.user).first());
        QVERIFY(f.client().get(QStringLiteral("/viewer/") + l.session, html).body.startsWith("<!DOCTYPE html>"));
    }

    void endpointsAndIsolatedBrowsersAreNotVncPages()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const QString panel = must(f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint())).id;
        const QJsonObject launched = f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(panel), {}, f.bearer(f.user)).object();
        const HttpResponse redirect = f.client().get(launched.value(QStringLiteral("viewer_url")).toString(), browser());
        QCOMPARE(redirect.status, 307);
        QCOMPARE(QString::fromUtf8(redirect.headers.value("location")), f.engine.engine->workspace(panel)->url);

        WorkspacePatch isolated;
        isolated.name = QStringLiteral("Isolated");
        isolated.type = WorkspaceType::Browser;
        isolated.url = QStringLiteral("http://127.0.0.1:9/");
        isolated.requiresNetbird = false;
        const QString browserWs = must(f.engine.engine->createWorkspace(f.engine.admin, isolated)).id;
        const QJsonObject second = f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(browserWs), {}, f.bearer(f.user)).object();
        const HttpResponse notice = f.client().get(second.value(QStringLiteral("viewer_url")).toString(), browser());
        QCOMPARE(notice.status, 200);
        QVERIFY(notice.body.contains("desktop window"));
        QVERIFY(!notice.body.contains("rfb.js"));
    }

    void theWebSocketRefusesWhatItMust()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        const QString path = QStringLiteral("/viewer/%1/websocket").arg(l.session);
        const QByteArray self = "http://127.0.0.1:" + QByteArray::number(f.port);

        // Another site's page, even with this browser's cookie: 403, audited.
        const HttpResponse page = f.client().get(l.viewerUrl, browser());
        const HttpResponse foreign = handshake(f, path, {{"Origin", "http://evil.example"}, {"Cookie", pageCookie(page)}});
        QCOMPARE(foreign.status, 403);
        QVERIFY(foreign.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("evil.example")));
        QVERIFY(consoleAudit(f, QStringLiteral("refuse_browser_console")).at(0).toObject().value(QStringLiteral("detail"))
                    .toString().contains(QStringLiteral("origin http://evil.example")));
        // No credential; a spent ticket; a guessed key.
        QCOMPARE(handshake(f, path, {{"Origin", self}}).status, 401);
        QCOMPARE(handshake(f, path + QStringLiteral("?ticket=") + ticketOf(l.viewerUrl), {{"Origin", self}}).status, 401);
        QCOMPARE(handshake(f, path, {{"Origin", self}, {"Cookie", "atrium_viewer=guess"}}).status, 401);
        // Another Host (DNS rebinding) and another version are refused before any credential.
        QCOMPARE(handshake(f, path, {{"Host", "evil.example"}, {"Cookie", pageCookie(page)}}).status, 421);
        Headers v8{{"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "8"},
                   {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Cookie", pageCookie(page)}};
        const HttpResponse oldVersion = f.client().send("GET", path, {}, v8);
        QCOMPARE(oldVersion.status, 426);
        QCOMPARE(oldVersion.headers.value("sec-websocket-version"), QByteArray("13"));
        QCOMPARE(handshake(f, QStringLiteral("/viewer/x/elsewhere"), {}).status, 404);

        // Admitted — and the simulator has no screen to give: the refusal says so, and the
        // page's key is free again for the next try.
        const HttpResponse simulated = handshake(f, path, {{"Origin", self}, {"Cookie", pageCookie(page)}});
        QCOMPARE(simulated.status, 409);
        QVERIFY2(simulated.object().value(QStringLiteral("detail")).toString().contains(QStringLiteral("simulator")), simulated.body.constData());
        QCOMPARE(handshake(f, path, {{"Origin", self}, {"Cookie", pageCookie(page)}}).status, simulated.status);
        QVERIFY(f.api->server().connectionCount() < 10);
    }

    void qtsOwnWebSocketClientIsAnsweredTheSame()
    {
        // An independent implementation of the protocol (QtWebSockets) meets the refusal as a
        // failed handshake, not a hang.
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        const Launched l = launchVm(f, f.user);
        QWebSocket socket;
        bool failed = false;
        QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), [&failed] { failed = true; });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/viewer/%2/websocket").arg(f.port).arg(l.session)));
        QTRY_VERIFY_WITH_TIMEOUT(failed, 10000);
        QVERIFY(socket.state() != QAbstractSocket::ConnectedState);
    }

    void detailsTokenIsATicketForTheCallersSession()
    {
        FakeNovnc novnc;
        ApiFixture f({}, novnc.options());
        // Document 003 shows the caller's own workspaces.
        Launched l;
        WorkspacePatch own = smallVm(QStringLiteral("Uma's VM"));
        own.ownerId = f.user.identity.id;
        l.workspace = must(f.engine.engine->createWorkspace(f.actorOf(f.user), own)).id;
        l.session = f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(l.workspace), {}, f.bearer(f.user))
                        .object().value(QStringLiteral("session_id")).toString();
        const QJsonObject details = f.client().get(QStringLiteral("/workspace/%1/details").arg(l.workspace), f.clientPair(f.user))
                                        .object().value(QStringLiteral("workspace")).toObject();
        const QString token = details.value(QStringLiteral("token")).toString();
        QCOMPARE(token.size(), 43);
        QCOMPARE(details.value(QStringLiteral("viewer_url")).toString(), QStringLiteral("/viewer/%1?ticket=%2").arg(l.session, token));
        QCOMPARE(f.client().get(details.value(QStringLiteral("viewer_url")).toString(), browser()).status, 200);
        // With no session there: "".
        QCOMPARE(f.client().post(QStringLiteral("/api/sessions/%1/disconnect").arg(l.session), {}, f.bearer(f.user)).status, 200);
        const QJsonObject after = f.client().get(QStringLiteral("/workspace/%1/details").arg(l.workspace), f.clientPair(f.user))
                                      .object().value(QStringLiteral("workspace")).toObject();
        QCOMPARE(after.value(QStringLiteral("token")).toString(), QString());
        QCOMPARE(after.value(QStringLiteral("viewer_url")).toString(), QString());
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestConsoleApi)
#include "tst_consoleapi.moc"
