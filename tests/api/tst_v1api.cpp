// The v1 API: /api/v1/workspaces… (X-API-Key, scopes, camelCase) over HTTP.

#include "apifixture.h"
#include "libvirttestmain.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

QString base()
{
    return QStringLiteral("/api/v1/workspaces");
}

QString pathOf(const QString &id, const QString &action = {})
{
    return base() + u'/' + id + (action.isEmpty() ? QString() : u'/' + action);
}

/// A small VM through the v1 body: it runs on the simulator in no time.
QByteArray smallVmBody(const QString &name, const QString &description = QStringLiteral("a small v1 workspace"),
                       const QString &extra = {})
{
    return QStringLiteral(R"({"name":"%1","description":"%2","environmentType":"vscode",)"
                          R"("resources":{"cpu":"1","memory":"256Mi","storage":"64Mi"}%3})")
        .arg(name, description, extra)
        .toUtf8();
}

/// "STATUS CODE FIELD" of a v1 error, checking its shape on the way: a
/// non-empty message and nothing beside "error". A shape problem shows in the text.
QString errorOf(const HttpResponse &r)
{
    const QJsonObject body = r.object();
    const QJsonObject error = body.value(QStringLiteral("error")).toObject();
    QString text = QStringLiteral("%1 %2 %3")
                       .arg(r.status)
                       .arg(error.value(QStringLiteral("code")).toString(), error.value(QStringLiteral("field")).toString())
                       .trimmed();
    if (!r.isJson() || body.size() != 1 || !body.value(QStringLiteral("error")).isObject())
        text += QStringLiteral(" [not the v1 error shape: %1]").arg(QString::fromUtf8(r.body));
    else if (error.value(QStringLiteral("message")).toString().isEmpty())
        text += QStringLiteral(" [no message]");
    return text;
}

QString messageOf(const HttpResponse &r)
{
    return r.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

bool isIsoUtc(const QJsonValue &value)
{
    const QString text = value.toString();
    return value.isString() && text.endsWith(u'Z') && QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}

QStringList namesOf(const QJsonArray &workspaces)
{
    QStringList names;
    for (const QJsonValue &w : workspaces)
        names << w.toObject().value(QStringLiteral("name")).toString();
    return names;
}

QStringList idsOf(const QJsonArray &workspaces)
{
    QStringList ids;
    for (const QJsonValue &w : workspaces)
        ids << w.toObject().value(QStringLiteral("id")).toString();
    return ids;
}

/// Creates through POST /api/v1/workspaces; empty when that failed.
QString create(const ApiFixture &f, const IssuedToken &token, const QByteArray &body)
{
    const HttpResponse r = f.client().post(base(), body, f.apiKey(token));
    if (r.status != 201)
        qWarning("create failed: %d %s", r.status, r.body.constData());
    return r.object().value(QStringLiteral("workspaceId")).toString();
}

QString phaseOf(const ApiFixture &f, const IssuedToken &token, const QString &id)
{
    return f.client().get(pathOf(id, QStringLiteral("status")), f.apiKey(token)).object().value(QStringLiteral("phase")).toString();
}

/// Polls GET …/status until it reports @p phase; returns the last phase seen.
QString waitForPhase(const ApiFixture &f, const IssuedToken &token, const QString &id, const QString &phase,
                     std::chrono::milliseconds timeout = 15s)
{
    QDeadlineTimer deadline(timeout);
    QString seen = phaseOf(f, token, id);
    while (seen != phase && !deadline.hasExpired()) {
        QTest::qWait(20);
        seen = phaseOf(f, token, id);
    }
    return seen;
}

/// Two requests on one connection: the second is handled before the first's
/// hypervisor work can finish, so it sees the workspace still Pending.
QList<HttpResponse> pipelined(const ApiFixture &f, const IssuedToken &token, const QString &first, const QString &second)
{
    QByteArray bytes;
    for (const QString &path : {first, second}) {
        bytes += "POST " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(f.port)
            + "\r\nX-API-Key: " + token.secret.toUtf8() + "\r\nContent-Length: 0\r\n\r\n";
    }
    return f.client().raw(bytes, 2);
}

/// Stops and removes the VMs a test started, even when it failed half-way, so
/// the simulator (shared by every fixture of the process) keeps no domains.
struct VmCleanup {
    explicit VmCleanup(ApiFixture &fixture)
        : f(fixture)
    {
    }
    ~VmCleanup()
    {
        Engine &engine = *f.engine.engine;
        for (const QString &id : std::as_const(ids)) {
            QDeadlineTimer settled(10s);
            auto busy = [&] {
                const auto w = engine.workspace(id);
                return w && (w->status == WorkspaceStatus::Pending || w->status == WorkspaceStatus::Stopping);
            };
            while (busy() && !settled.hasExpired())
                QTest::qWait(10);
            if (const auto w = engine.workspace(id); w && w->isActive())
                await(engine.stopWorkspace(f.engine.admin, id));
            if (engine.workspace(id))
                await(engine.deleteWorkspace(f.engine.admin, id));
        }
    }
    Q_DISABLE_COPY_MOVE(VmCleanup)

    ApiFixture &f;
    QStringList ids;
};

const QStringList kSummaryFields{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("description"),
                                 QStringLiteral("status"), QStringLiteral("environmentType"), QStringLiteral("image"),
                                 QStringLiteral("organizationId"), QStringLiteral("ownerId"), QStringLiteral("url"),
                                 QStringLiteral("projectId"), QStringLiteral("createdAt"), QStringLiteral("updatedAt")};

const QStringList kV1Statuses{QStringLiteral("pending"), QStringLiteral("running"), QStringLiteral("stopped"),
                              QStringLiteral("failed"), QStringLiteral("terminated")};

}  // namespace

class TestV1Api : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- GET /api/v1/workspaces ------------------------------------------------

    void listReturnsAPageOfSummaries()
    {
        ApiFixture f;
        const QString own = create(f, f.user, smallVmBody(QStringLiteral("Listed VM")));
        QVERIFY(!own.isEmpty());

        const HttpResponse r = f.client().get(base(), f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject page = r.object();
        QCOMPARE(page.value(QStringLiteral("count")), QJsonValue(6));  // the five shared defaults and the caller's own
        QCOMPARE(page.value(QStringLiteral("limit")), QJsonValue(20));
        QCOMPARE(page.value(QStringLiteral("offset")), QJsonValue(0));
        const QJsonArray list = page.value(QStringLiteral("workspaces")).toArray();
        QCOMPARE(list.size(), 6);
        for (const QJsonValue &v : list) {
            const QJsonObject w = v.toObject();
            for (const QString &field : kSummaryFields)
                QVERIFY2(w.contains(field), qPrintable(field));
            QVERIFY2(kV1Statuses.contains(w.value(QStringLiteral("status")).toString()), qPrintable(w.value(QStringLiteral("status")).toString()));
            // Typed as strings by the document: a string on every workspace, whichever surface made it.
            for (const QString &field : kSummaryFields)
                QVERIFY2(w.value(field).isString(), qPrintable(field));
            QVERIFY2(QStringList({QStringLiteral("jupyter"), QStringLiteral("vscode"), QStringLiteral("rstudio"), QStringLiteral("custom")})
                         .contains(w.value(QStringLiteral("environmentType")).toString()),
                     qPrintable(w.value(QStringLiteral("environmentType")).toString()));
            QVERIFY(isIsoUtc(w.value(QStringLiteral("createdAt"))));
            QVERIFY(isIsoUtc(w.value(QStringLiteral("updatedAt"))));
        }
        const QJsonObject mine = list.at(0).toObject();  // newest first
        QCOMPARE(mine.value(QStringLiteral("id")).toString(), own);
        QCOMPARE(mine.value(QStringLiteral("name")).toString(), QStringLiteral("Listed VM"));
        QCOMPARE(mine.value(QStringLiteral("description")).toString(), QStringLiteral("a small v1 workspace"));
        QCOMPARE(mine.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        QCOMPARE(mine.value(QStringLiteral("environmentType")).toString(), QStringLiteral("vscode"));
        QCOMPARE(mine.value(QStringLiteral("ownerId")).toString(), f.user.identity.id);
        QCOMPARE(mine.value(QStringLiteral("projectId")).toString(), QString());

        // Someone else's workspace is not listed; an admin sees everything.
        const QJsonObject others = f.client().get(base(), f.apiKey(f.other)).object();
        QCOMPARE(others.value(QStringLiteral("count")), QJsonValue(5));
        QVERIFY(!idsOf(others.value(QStringLiteral("workspaces")).toArray()).contains(own));
        QCOMPARE(f.client().get(base(), f.apiKey(f.admin)).object().value(QStringLiteral("count")), QJsonValue(6));
        // Bearer works on this surface as well.
        QCOMPARE(f.client().get(base(), f.bearer(f.user)).status, 200);
    }

    void listSearchesNameAndDescriptionCaseInsensitively()
    {
        ApiFixture f;
        const QString byName = create(f, f.user, smallVmBody(QStringLiteral("Quokka Lab"), QStringLiteral("plain")));
        const QString byDescription = create(f, f.user, smallVmBody(QStringLiteral("Plain"), QStringLiteral("where the QUOKKAS train")));
        const QString neither = create(f, f.user, smallVmBody(QStringLiteral("Wombat"), QStringLiteral("burrows")));
        QVERIFY(!byName.isEmpty() && !byDescription.isEmpty() && !neither.isEmpty());

        for (const QString &query : {QStringLiteral("quokka"), QStringLiteral("QUOKKA"), QStringLiteral("qUoKkA")}) {
            const HttpResponse r = f.client().get(base() + QStringLiteral("?search=") + query, f.apiKey(f.user));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.object().value(QStringLiteral("count")), QJsonValue(2));
            QStringList ids = idsOf(r.object().value(QStringLiteral("workspaces")).toArray());
            ids.sort();
            QStringList expected{byName, byDescription};
            expected.sort();
            QCOMPARE(ids, expected);
        }
        // Percent-encoded, with a space.
        const HttpResponse spaced = f.client().get(base() + QStringLiteral("?search=quokka%20lab"), f.apiKey(f.user));
        QCOMPARE(idsOf(spaced.object().value(QStringLiteral("workspaces")).toArray()), QStringList{byName});
        const HttpResponse none = f.client().get(base() + QStringLiteral("?search=platypus"), f.apiKey(f.user));
        QCOMPARE(none.status, 200);
        QCOMPARE(none.object().value(QStringLiteral("count")), QJsonValue(0));
        QCOMPARE(none.object().value(QStringLiteral("workspaces")).toArray().size(), 0);
        // Another user finds none of them.
        QCOMPARE(f.client().get(base() + QStringLiteral("?search=quokka"), f.apiKey(f.other)).object().value(QStringLiteral("count")),
                 QJsonValue(0));
    }

    void listFiltersByStatus()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString running = create(f, f.user, smallVmBody(QStringLiteral("Runner")));
        const QString idle = create(f, f.user, smallVmBody(QStringLiteral("Idler")));
        QVERIFY(!running.isEmpty() && !idle.isEmpty());
        cleanup.ids << running;
        QCOMPARE(f.client().post(pathOf(running, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, running, QStringLiteral("Running")), QStringLiteral("Running"));

        const HttpResponse r = f.client().get(base() + QStringLiteral("?status=running"), f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("count")), QJsonValue(1));
        const QJsonArray runningList = r.object().value(QStringLiteral("workspaces")).toArray();
        QCOMPARE(idsOf(runningList), QStringList{running});
        QCOMPARE(runningList.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));

        const QJsonObject stopped = f.client().get(base() + QStringLiteral("?status=stopped"), f.apiKey(f.user)).object();
        QCOMPARE(stopped.value(QStringLiteral("count")), QJsonValue(6));  // the five defaults and the idle one
        QVERIFY(idsOf(stopped.value(QStringLiteral("workspaces")).toArray()).contains(idle));
        QVERIFY(!idsOf(stopped.value(QStringLiteral("workspaces")).toArray()).contains(running));
        for (const QJsonValue &w : stopped.value(QStringLiteral("workspaces")).toArray())
            QCOMPARE(w.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));

        for (const QString &status : {QStringLiteral("pending"), QStringLiteral("failed"), QStringLiteral("terminated")}) {
            const HttpResponse empty = f.client().get(base() + QStringLiteral("?status=") + status, f.apiKey(f.user));
            QCOMPARE(empty.status, 200);
            QCOMPARE(empty.object().value(QStringLiteral("count")), QJsonValue(0));
        }

        for (const QString &bad : {QStringLiteral("sleeping"), QStringLiteral("RUNNING"), QStringLiteral("available")}) {
            const HttpResponse invalid = f.client().get(base() + QStringLiteral("?status=") + bad, f.apiKey(f.user));
            QCOMPARE(errorOf(invalid), QStringLiteral("400 INVALID_INPUT status"));
            QVERIFY(messageOf(invalid).contains(QStringLiteral("terminated")));
        }
    }

    void listFiltersByProjectId()
    {
        ApiFixture f;
        const QString a1 = create(f, f.user, smallVmBody(QStringLiteral("A one"), QStringLiteral("d"), QStringLiteral(R"(,"projectId":"proj_abc123")")));
        const QString a2 = create(f, f.user, smallVmBody(QStringLiteral("A two"), QStringLiteral("d"), QStringLiteral(R"(,"projectId":"proj_abc123")")));
        const QString b = create(f, f.user, smallVmBody(QStringLiteral("B"), QStringLiteral("d"), QStringLiteral(R"(,"projectId":"proj_other")")));
        QVERIFY(!a1.isEmpty() && !a2.isEmpty() && !b.isEmpty());

        const HttpResponse r = f.client().get(base() + QStringLiteral("?projectId=proj_abc123"), f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("count")), QJsonValue(2));
        const QJsonArray list = r.object().value(QStringLiteral("workspaces")).toArray();
        QStringList ids = idsOf(list);
        ids.sort();
        QStringList expected{a1, a2};
        expected.sort();
        QCOMPARE(ids, expected);
        for (const QJsonValue &w : list)
            QCOMPARE(w.toObject().value(QStringLiteral("projectId")).toString(), QStringLiteral("proj_abc123"));
        QCOMPARE(idsOf(f.client().get(base() + QStringLiteral("?projectId=proj_other"), f.apiKey(f.user)).object()
                           .value(QStringLiteral("workspaces")).toArray()),
                 QStringList{b});
        QCOMPARE(f.client().get(base() + QStringLiteral("?projectId=proj_none"), f.apiKey(f.user)).object().value(QStringLiteral("count")),
                 QJsonValue(0));
        // Filters combine.
        QCOMPARE(idsOf(f.client().get(base() + QStringLiteral("?projectId=proj_abc123&search=two"), f.apiKey(f.user)).object()
                           .value(QStringLiteral("workspaces")).toArray()),
                 QStringList{a2});
    }

    void listPagesWithLimitAndOffset()
    {
        ApiFixture f;
        for (int i = 0; i < 20; ++i)
            QVERIFY(!create(f, f.user, smallVmBody(QStringLiteral("Paged %1").arg(i, 2, 10, QLatin1Char('0')))).isEmpty());

        // Default limit 20 out of 25.
        const QJsonObject first = f.client().get(base(), f.apiKey(f.user)).object();
        QCOMPARE(first.value(QStringLiteral("count")), QJsonValue(25));
        QCOMPARE(first.value(QStringLiteral("limit")), QJsonValue(20));
        QCOMPARE(first.value(QStringLiteral("offset")), QJsonValue(0));
        QCOMPARE(first.value(QStringLiteral("workspaces")).toArray().size(), 20);

        // Pages of 10 cover everything exactly once.
        QStringList seen;
        for (int offset = 0; offset < 30; offset += 10) {
            const HttpResponse r = f.client().get(base() + QStringLiteral("?limit=10&offset=%1").arg(offset), f.apiKey(f.user));
            QCOMPARE(r.status, 200);
            const QJsonObject page = r.object();
            QCOMPARE(page.value(QStringLiteral("count")), QJsonValue(25));
            QCOMPARE(page.value(QStringLiteral("limit")), QJsonValue(10));
            QCOMPARE(page.value(QStringLiteral("offset")), QJsonValue(offset));
            const QJsonArray list = page.value(QStringLiteral("workspaces")).toArray();
            QCOMPARE(list.size(), offset == 20 ? 5 : 10);
            seen << idsOf(list);
        }
        QCOMPARE(seen.size(), 25);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 25);
        // The first page of ten is the start of the default page.
        QCOMPARE(seen.mid(0, 20), idsOf(first.value(QStringLiteral("workspaces")).toArray()));

        // Past the end: an empty page that still counts everything.
        const QJsonObject beyond = f.client().get(base() + QStringLiteral("?offset=100"), f.apiKey(f.user)).object();
        QCOMPARE(beyond.value(QStringLiteral("count")), QJsonValue(25));
        QCOMPARE(beyond.value(QStringLiteral("workspaces")).toArray().size(), 0);
        // The bounds themselves.
        QCOMPARE(f.client().get(base() + QStringLiteral("?limit=1"), f.apiKey(f.user)).object().value(QStringLiteral("workspaces")).toArray().size(), 1);
        QCOMPARE(f.client().get(base() + QStringLiteral("?limit=100"), f.apiKey(f.user)).object().value(QStringLiteral("workspaces")).toArray().size(), 25);

        for (const QString &limit : {QStringLiteral("0"), QStringLiteral("101"), QStringLiteral("-1"), QStringLiteral("ten"), QString()})
            QCOMPARE(errorOf(f.client().get(base() + QStringLiteral("?limit=") + limit, f.apiKey(f.user))), QStringLiteral("400 INVALID_INPUT limit"));
        for (const QString &offset : {QStringLiteral("-1"), QStringLiteral("x")})
            QCOMPARE(errorOf(f.client().get(base() + QStringLiteral("?offset=") + offset, f.apiKey(f.user))), QStringLiteral("400 INVALID_INPUT offset"));
    }

    void listSorts()
    {
        ApiFixture f;
        // Created in this order, a few milliseconds apart.
        QStringList created;
        for (const QString &name : {QStringLiteral("Zed Charlie"), QStringLiteral("Zed Alpha"), QStringLiteral("Zed Bravo")}) {
            created << create(f, f.user, smallVmBody(name));
            QVERIFY(!created.last().isEmpty());
            QTest::qWait(5);
        }
        auto names = [&f](const QString &query) {
            const HttpResponse r = f.client().get(base() + QStringLiteral("?search=zed") + query, f.apiKey(f.user));
            return r.status == 200 ? namesOf(r.object().value(QStringLiteral("workspaces")).toArray()) : QStringList{QString::number(r.status)};
        };
        const QStringList newestFirst{QStringLiteral("Zed Bravo"), QStringLiteral("Zed Alpha"), QStringLiteral("Zed Charlie")};
        QCOMPARE(names(QString()), newestFirst);  // default createdAt:desc
        QCOMPARE(names(QStringLiteral("&sort=createdAt:desc")), newestFirst);
        QCOMPARE(names(QStringLiteral("&sort=createdAt:asc")),
                 (QStringList{QStringLiteral("Zed Charlie"), QStringLiteral("Zed Alpha"), QStringLiteral("Zed Bravo")}));
        QCOMPARE(names(QStringLiteral("&sort=name:asc")),
                 (QStringList{QStringLiteral("Zed Alpha"), QStringLiteral("Zed Bravo"), QStringLiteral("Zed Charlie")}));
        QCOMPARE(names(QStringLiteral("&sort=name:desc")),
                 (QStringList{QStringLiteral("Zed Charlie"), QStringLiteral("Zed Bravo"), QStringLiteral("Zed Alpha")}));
        QCOMPARE(names(QStringLiteral("&sort=name")),
                 (QStringList{QStringLiteral("Zed Alpha"), QStringLiteral("Zed Bravo"), QStringLiteral("Zed Charlie")}));
        // A newer change sorts last by updatedAt:asc.
        QCOMPARE(f.client().put(pathOf(created.at(0)), R"({"description":"touched"})", f.apiKey(f.user)).status, 200);
        QCOMPARE(names(QStringLiteral("&sort=updatedAt:asc")).last(), QStringLiteral("Zed Charlie"));
        QCOMPARE(names(QStringLiteral("&sort=status:asc")).size(), 3);

        // The default order over everything is newest first too.
        const QJsonArray all = f.client().get(base(), f.apiKey(f.user)).object().value(QStringLiteral("workspaces")).toArray();
        QCOMPARE(idsOf(all).mid(0, 3), (QStringList{created.at(2), created.at(1), created.at(0)}));
        for (qsizetype i = 1; i < all.size(); ++i) {
            QVERIFY(all.at(i - 1).toObject().value(QStringLiteral("createdAt")).toString()
                    >= all.at(i).toObject().value(QStringLiteral("createdAt")).toString());
        }

        for (const QString &bad : {QStringLiteral("size:asc"), QStringLiteral("name:up"), QStringLiteral("name:asc:x"),
                                   QStringLiteral(":desc"), QStringLiteral("createdat:desc")}) {
            const HttpResponse r = f.client().get(base() + QStringLiteral("?sort=") + bad, f.apiKey(f.user));
            QVERIFY2(errorOf(r) == QStringLiteral("400 INVALID_INPUT sort"), qPrintable(bad + u' ' + errorOf(r)));
        }
    }

    // --- POST /api/v1/workspaces -----------------------------------------------

    void createAnswers201WithLocation()
    {
        ApiFixture f;
        const HttpResponse r = f.client().post(base(), R"({"name":"Training Environment","description":"for model training","environmentType":"jupyter"})",
                                               f.apiKey(f.user));
        QCOMPARE(r.status, 201);
        const QJsonObject body = r.object();
        QCOMPARE(body.keys(), QStringList{QStringLiteral("workspaceId")});
        const QString id = body.value(QStringLiteral("workspaceId")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(r.headers.value("location"), (base() + u'/' + id).toUtf8());
        QVERIFY(f.engine.engine->workspace(id));
        QCOMPARE(f.engine.engine->workspaceCount(), 6);

        // The Location answers, with the defaults Atrium documents (2 vCPU, 4Gi, 50Gi).
        const HttpResponse got = f.client().get(QString::fromUtf8(r.headers.value("location")), f.apiKey(f.user));
        QCOMPARE(got.status, 200);
        const QJsonObject w = got.object();
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("Training Environment"));
        QCOMPARE(w.value(QStringLiteral("description")).toString(), QStringLiteral("for model training"));
        QCOMPARE(w.value(QStringLiteral("environmentType")).toString(), QStringLiteral("jupyter"));
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        const QJsonObject resources = w.value(QStringLiteral("resources")).toObject();
        QCOMPARE(resources.value(QStringLiteral("cpu")).toString(), QStringLiteral("2"));
        QCOMPARE(resources.value(QStringLiteral("memory")).toString(), QStringLiteral("4Gi"));
        QCOMPARE(resources.value(QStringLiteral("storage")).toString(), QStringLiteral("50Gi"));

        // Every environment type is accepted.
        for (const QString &type : {QStringLiteral("vscode"), QStringLiteral("rstudio"), QStringLiteral("custom")}) {
            const QByteArray typed = QStringLiteral(R"({"name":"n","description":"d","environmentType":"%1"})").arg(type).toUtf8();
            const HttpResponse ok = f.client().post(base(), typed, f.apiKey(f.user));
            QVERIFY2(ok.status == 201, ok.body.constData());
            QCOMPARE(f.client().get(pathOf(ok.object().value(QStringLiteral("workspaceId")).toString()), f.apiKey(f.user))
                         .object().value(QStringLiteral("environmentType")).toString(),
                     type);
        }
    }

    void createRefusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");  // "STATUS CODE FIELD"
        QTest::newRow("no name") << QByteArray(R"({"description":"d","environmentType":"custom"})") << "400 INVALID_INPUT name";
        QTest::newRow("no description") << QByteArray(R"({"name":"n","environmentType":"custom"})") << "400 INVALID_INPUT description";
        QTest::newRow("no environmentType") << QByteArray(R"({"name":"n","description":"d"})") << "400 INVALID_INPUT environmentType";
        QTest::newRow("null name") << QByteArray(R"({"name":null,"description":"d","environmentType":"custom"})") << "400 INVALID_INPUT name";
        QTest::newRow("name not a string") << QByteArray(R"({"name":5,"description":"d","environmentType":"custom"})") << "400 INVALID_INPUT name";
        QTest::newRow("empty name") << QByteArray(R"({"name":"","description":"d","environmentType":"custom"})") << "400 INVALID_NAME_LENGTH name";
        QTest::newRow("unknown environmentType") << QByteArray(R"({"name":"n","description":"d","environmentType":"emacs"})")
                                                 << "400 INVALID_INPUT environmentType";
        QTest::newRow("environmentType not a string") << QByteArray(R"({"name":"n","description":"d","environmentType":["jupyter"]})")
                                                      << "400 INVALID_INPUT environmentType";
        QTest::newRow("unknown field") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","owner":"me"})")
                                       << "400 INVALID_INPUT owner";
        QTest::newRow("status is not settable") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","status":"running"})")
                                                << "400 INVALID_INPUT status";
        QTest::newRow("projectId not a string") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","projectId":7})")
                                                << "400 INVALID_INPUT projectId";
        QTest::newRow("resources not an object") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":"big"})")
                                                 << "400 INVALID_INPUT resources";
        QTest::newRow("unknown resources field")
            << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"cpu":"1","disk":"10Gi"}})")
            << "400 INVALID_INPUT resources.disk";
        QTest::newRow("cpu words") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"cpu":"many"}})")
                                   << "400 INVALID_INPUT resources.cpu";
        QTest::newRow("cpu fraction") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"cpu":1.5}})")
                                      << "400 INVALID_INPUT resources.cpu";
        // Out of range: the field is named as the request spelled it.
        QTest::newRow("cpu as a number") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"cpu":4}})")
                                         << "400 INVALID_INPUT resources.cpu";
        QTest::newRow("gpu as a number") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"gpu":0}})")
                                         << "400 INVALID_INPUT resources.gpu";
        QTest::newRow("cpu zero") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"cpu":"0"}})")
                                  << "400 INVALID_INPUT resources.cpu";
        QTest::newRow("memory too small") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"memory":"1Mi"}})")
                                          << "400 INVALID_INPUT resources.memory";
        QTest::newRow("memory without unit") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"memory":"16"}})")
                                             << "400 INVALID_INPUT resources.memory";
        QTest::newRow("memory as number") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"memory":16}})")
                                          << "400 INVALID_INPUT resources.memory";
        QTest::newRow("storage garbage") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"storage":"lots"}})")
                                         << "400 INVALID_INPUT resources.storage";
        QTest::newRow("gpu") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"gpu":"1"}})")
                             << "403 RESOURCE_NOT_ALLOWED resources.gpu";
        QTest::newRow("gpuType") << QByteArray(R"({"name":"n","description":"d","environmentType":"custom","resources":{"gpuType":"nvidia-a10g"}})")
                                 << "403 RESOURCE_NOT_ALLOWED resources.gpu";
        // The document's own example asks for a GPU.
        QTest::newRow("document example")
            << QByteArray(R"({"name":"Training Environment","description":"GPU-enabled workspace for model training","environmentType":"jupyter",)"
                          R"("image":"strongly/jupyter-gpu:latest","resources":{"cpu":"4","memory":"16Gi","gpu":"1","gpuType":"nvidia-a10g",)"
                          R"("storage":"50Gi"},"projectId":"proj_abc123"})")
            << "403 RESOURCE_NOT_ALLOWED resources.gpu";
        QTest::newRow("not JSON") << QByteArray(R"({"name": "n", )") << "400 INVALID_INPUT";
        QTest::newRow("an array") << QByteArray("[1,2]") << "400 INVALID_INPUT";
    }
    void createRefusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        ApiFixture f;
        const HttpResponse r = f.client().post(base(), body, f.apiKey(f.user));
        QCOMPARE(errorOf(r), expected);
        QVERIFY(!r.headers.contains("location"));
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
    }

    void createEmptyBodyIs400()
    {
        ApiFixture f;
        const HttpResponse r = f.client().post(base(), {}, f.apiKey(f.user));
        QCOMPARE(errorOf(r), QStringLiteral("400 INVALID_INPUT"));
        QVERIFY(messageOf(r).contains(QStringLiteral("empty")));
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
    }

    void createReadsResourceQuantities()
    {
        ApiFixture f;
        auto resourcesOf = [&f](const QByteArray &resources) {
            const QByteArray body = R"({"name":"n","description":"d","environmentType":"jupyter","resources":)" + resources + '}';
            const QString id = create(f, f.user, body);
            return f.client().get(pathOf(id), f.apiKey(f.user)).object().value(QStringLiteral("resources")).toObject();
        };
        const QJsonObject strings = resourcesOf(R"({"cpu":"4","memory":"16Gi","storage":"50Gi"})");
        QCOMPARE(strings.value(QStringLiteral("cpu")).toString(), QStringLiteral("4"));
        QCOMPARE(strings.value(QStringLiteral("memory")).toString(), QStringLiteral("16Gi"));
        QCOMPARE(strings.value(QStringLiteral("storage")).toString(), QStringLiteral("50Gi"));
        QCOMPARE(strings.value(QStringLiteral("gpu")).toString(), QStringLiteral("0"));
        QCOMPARE(strings.value(QStringLiteral("gpuType")), QJsonValue(QString()));


        // gpu "0" and an empty gpuType ask for nothing: accepted.
        const QJsonObject noGpu = resourcesOf(R"({"cpu":"8","memory":"2Gi","gpu":"0","gpuType":""})");
        QCOMPARE(noGpu.value(QStringLiteral("cpu")).toString(), QStringLiteral("8"));
        QCOMPARE(noGpu.value(QStringLiteral("memory")).toString(), QStringLiteral("2Gi"));
        QCOMPARE(noGpu.value(QStringLiteral("gpu")).toString(), QStringLiteral("0"));
        // Only what is given changes; the rest keeps the defaults.
        const QJsonObject partial = resourcesOf(R"({"memory":"8Gi"})");
        QCOMPARE(partial.value(QStringLiteral("cpu")).toString(), QStringLiteral("2"));
        QCOMPARE(partial.value(QStringLiteral("memory")).toString(), QStringLiteral("8Gi"));
        QCOMPARE(partial.value(QStringLiteral("storage")).toString(), QStringLiteral("50Gi"));

        // The document's example without its GPU is accepted as is.
        const QByteArray example =
            R"({"name":"Training Environment","description":"GPU-enabled workspace for model training","environmentType":"jupyter",)"
            R"("image":"strongly/jupyter-gpu:latest","resources":{"cpu":"4","memory":"16Gi","storage":"50Gi"},"projectId":"proj_abc123"})";
        const QString id = create(f, f.user, example);
        QVERIFY(!id.isEmpty());
        const QJsonObject w = f.client().get(pathOf(id), f.apiKey(f.user)).object();
        QCOMPARE(w.value(QStringLiteral("image")).toString(), QStringLiteral("strongly/jupyter-gpu:latest"));
        QCOMPARE(w.value(QStringLiteral("projectId")).toString(), QStringLiteral("proj_abc123"));
    }

    void createdWorkspaceBelongsToTheCaller()
    {
        ApiFixture f;
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Uma's")));
        QVERIFY(!id.isEmpty());
        QCOMPARE(f.engine.engine->workspace(id)->ownerId, f.user.identity.id);

        const QJsonObject w = f.client().get(pathOf(id), f.apiKey(f.user)).object();
        QCOMPARE(w.value(QStringLiteral("ownerId")).toString(), f.user.identity.id);
        QCOMPARE(w.value(QStringLiteral("owner")).toObject(),
                 (QJsonObject{{QStringLiteral("id"), f.user.identity.id},
                              {QStringLiteral("name"), QStringLiteral("Uma User")},
                              {QStringLiteral("email"), QStringLiteral("uma@example.test")}}));

        // Nobody else sees it (not even that it exists); an admin does.
        for (const IssuedToken *stranger : {&f.other, &f.reader}) {
            QCOMPARE(errorOf(f.client().get(pathOf(id), f.apiKey(*stranger))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
            QCOMPARE(errorOf(f.client().get(pathOf(id, QStringLiteral("status")), f.apiKey(*stranger))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        }
        QCOMPARE(errorOf(f.client().put(pathOf(id), R"({"name":"mine now"})", f.apiKey(f.other))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(errorOf(f.client().del(pathOf(id), f.apiKey(f.other))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(errorOf(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.other))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(f.client().get(pathOf(id), f.apiKey(f.admin)).status, 200);
        QCOMPARE(f.engine.engine->workspace(id)->name, QStringLiteral("Uma's"));
    }

    // --- GET /api/v1/workspaces/:id --------------------------------------------

    void getReturnsTheFullObject()
    {
        ApiFixture f;
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Full"), QStringLiteral("every field"),
                                                         QStringLiteral(R"(,"image":"atrium/vscode:1","projectId":"proj_full")")));
        QVERIFY(!id.isEmpty());
        const HttpResponse r = f.client().get(pathOf(id), f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        const QJsonObject w = r.object();
        for (const QString &field : kSummaryFields + QStringList{QStringLiteral("resources"), QStringLiteral("owner"), QStringLiteral("volumeIds")})
            QVERIFY2(w.contains(field), qPrintable(field));
        QCOMPARE(w.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("Full"));
        QCOMPARE(w.value(QStringLiteral("description")).toString(), QStringLiteral("every field"));
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        QCOMPARE(w.value(QStringLiteral("environmentType")).toString(), QStringLiteral("vscode"));
        QCOMPARE(w.value(QStringLiteral("image")).toString(), QStringLiteral("atrium/vscode:1"));
        QCOMPARE(w.value(QStringLiteral("projectId")).toString(), QStringLiteral("proj_full"));
        QCOMPARE(w.value(QStringLiteral("organizationId")), QJsonValue(QString()));
        QCOMPARE(w.value(QStringLiteral("url")), QJsonValue(QString()));
        QCOMPARE(w.value(QStringLiteral("ownerId")).toString(), f.user.identity.id);
        QCOMPARE(w.value(QStringLiteral("owner")).toObject(),
                 (QJsonObject{{QStringLiteral("id"), f.user.identity.id},
                              {QStringLiteral("name"), QStringLiteral("Uma User")},
                              {QStringLiteral("email"), QStringLiteral("uma@example.test")}}));
        QCOMPARE(w.value(QStringLiteral("resources")).toObject(),
                 (QJsonObject{{QStringLiteral("cpu"), QStringLiteral("1")},
                              {QStringLiteral("memory"), QStringLiteral("256Mi")},
                              {QStringLiteral("gpu"), QStringLiteral("0")},
                              {QStringLiteral("gpuType"), QString()},
                              {QStringLiteral("storage"), QStringLiteral("64Mi")}}));
        QVERIFY(w.value(QStringLiteral("volumeIds")).isArray());
        QCOMPARE(w.value(QStringLiteral("volumeIds")).toArray().size(), 0);
        QVERIFY(isIsoUtc(w.value(QStringLiteral("createdAt"))));
        QVERIFY(isIsoUtc(w.value(QStringLiteral("updatedAt"))));
        QCOMPARE(QDateTime::fromString(w.value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs),
                 f.engine.engine->workspace(id)->createdAt);

        // What the list says agrees with the full object.
        const QJsonArray list = f.client().get(base() + QStringLiteral("?search=every%20field"), f.apiKey(f.user)).object()
                                    .value(QStringLiteral("workspaces")).toArray();
        QCOMPARE(list.size(), 1);
        for (const QString &field : kSummaryFields)
            QCOMPARE(list.at(0).toObject().value(field), w.value(field));

        // A shared workspace (created by an admin for everyone) has no owner.
        const auto shared = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Shared VM")));
        QVERIFY(shared);
        const QJsonObject s = f.client().get(pathOf(shared->id), f.apiKey(f.user)).object();
        // A shared workspace answers empty strings where a typed client expects strings.
        QCOMPARE(s.value(QStringLiteral("owner")).toObject(),
                 (QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("name"), QString()}, {QStringLiteral("email"), QString()}}));
        QCOMPARE(s.value(QStringLiteral("ownerId")), QJsonValue(QString()));
        QCOMPARE(s.value(QStringLiteral("environmentType")), QJsonValue(QStringLiteral("custom")));
        QCOMPARE(s.value(QStringLiteral("image")), QJsonValue(QString()));
    }

    void getUnknownIdIs404InTheV1Shape()
    {
        ApiFixture f;
        const HttpResponse r = f.client().get(pathOf(QStringLiteral("ws-nope")), f.apiKey(f.user));
        QCOMPARE(errorOf(r), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(messageOf(r), QStringLiteral("Workspace not found"));
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        for (const QString &action : {QStringLiteral("status"), QStringLiteral("metrics"), QStringLiteral("logs")})
            QCOMPARE(errorOf(f.client().get(pathOf(QStringLiteral("ws-nope"), action), f.apiKey(f.user))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(errorOf(f.client().put(pathOf(QStringLiteral("ws-nope")), R"({"name":"x"})", f.apiKey(f.user))),
                 QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(errorOf(f.client().del(pathOf(QStringLiteral("ws-nope")), f.apiKey(f.user))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        for (const QString &action : {QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("restart"), QStringLiteral("sync")}) {
            QCOMPARE(errorOf(f.client().post(pathOf(QStringLiteral("ws-nope"), action), {}, f.apiKey(f.user))),
                     QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        }
        // A path under the surface that is no endpoint is 404 in the same shape.
        QCOMPARE(errorOf(f.client().get(pathOf(QStringLiteral("ws-nope"), QStringLiteral("nothing")), f.apiKey(f.user))),
                 QStringLiteral("404 NOT_FOUND"));
    }

    // --- PUT /api/v1/workspaces/:id --------------------------------------------

    void updateChangesNameDescriptionAndImage()
    {
        ApiFixture f;
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Before")));
        QVERIFY(!id.isEmpty());
        const QString createdAt = f.client().get(pathOf(id), f.apiKey(f.user)).object().value(QStringLiteral("createdAt")).toString();
        QTest::qWait(5);

        const HttpResponse r = f.client().put(pathOf(id), R"({"name":"Updated Training Environment","description":"Updated description","image":"atrium/jupyter:2"})",
                                              f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject w = r.object();  // the full object
        QCOMPARE(w.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(w.value(QStringLiteral("name")).toString(), QStringLiteral("Updated Training Environment"));
        QCOMPARE(w.value(QStringLiteral("description")).toString(), QStringLiteral("Updated description"));
        QCOMPARE(w.value(QStringLiteral("image")).toString(), QStringLiteral("atrium/jupyter:2"));
        QCOMPARE(w.value(QStringLiteral("environmentType")).toString(), QStringLiteral("vscode"));
        QCOMPARE(w.value(QStringLiteral("owner")).toObject().value(QStringLiteral("email")).toString(), QStringLiteral("uma@example.test"));
        QCOMPARE(w.value(QStringLiteral("resources")).toObject().value(QStringLiteral("memory")).toString(), QStringLiteral("256Mi"));
        QVERIFY(w.value(QStringLiteral("volumeIds")).isArray());
        QCOMPARE(w.value(QStringLiteral("createdAt")).toString(), createdAt);
        QVERIFY(w.value(QStringLiteral("updatedAt")).toString() > createdAt);
        // …and it stuck.
        QCOMPARE(f.client().get(pathOf(id), f.apiKey(f.user)).object(), w);

        // Only what is sent changes.
        const QJsonObject renamed = f.client().put(pathOf(id), R"({"name":"Only the name"})", f.apiKey(f.user)).object();
        QCOMPARE(renamed.value(QStringLiteral("name")).toString(), QStringLiteral("Only the name"));
        QCOMPARE(renamed.value(QStringLiteral("description")).toString(), QStringLiteral("Updated description"));
        QCOMPARE(renamed.value(QStringLiteral("image")).toString(), QStringLiteral("atrium/jupyter:2"));
        // An empty object changes nothing and answers the workspace.
        const HttpResponse nothing = f.client().put(pathOf(id), "{}", f.apiKey(f.user));
        QCOMPARE(nothing.status, 200);
        QCOMPARE(nothing.object(), renamed);
    }

    void updateResourcesOnlyWhileStopped()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Resizable")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;

        // Stopped: fine.
        const HttpResponse resized = f.client().put(pathOf(id), R"({"resources":{"cpu":"2","memory":"512Mi","storage":"128Mi"}})", f.apiKey(f.user));
        QCOMPARE(resized.status, 200);
        QCOMPARE(resized.object().value(QStringLiteral("resources")).toObject().value(QStringLiteral("cpu")).toString(), QStringLiteral("2"));
        QCOMPARE(resized.object().value(QStringLiteral("resources")).toObject().value(QStringLiteral("memory")).toString(), QStringLiteral("512Mi"));
        QCOMPARE(resized.object().value(QStringLiteral("resources")).toObject().value(QStringLiteral("storage")).toString(), QStringLiteral("128Mi"));
        QCOMPARE(f.engine.engine->workspace(id)->resources.memoryMb, 512);
        QCOMPARE(f.client().put(pathOf(id), R"({"resources":{"cpu":"1"}})", f.apiKey(f.user)).object()
                     .value(QStringLiteral("resources")).toObject().value(QStringLiteral("cpu")).toString(),
                 QStringLiteral("1"));

        // Running: 409, and nothing changes.
        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        const HttpResponse refused = f.client().put(pathOf(id), R"({"resources":{"memory":"1Gi"}})", f.apiKey(f.user));
        QCOMPARE(errorOf(refused), QStringLiteral("409 INVALID_STATE"));
        QVERIFY(messageOf(refused).contains(QStringLiteral("stopped")));
        QCOMPARE(f.engine.engine->workspace(id)->resources.memoryMb, 512);
        // Also when other fields come along: the whole request is refused.
        QCOMPARE(errorOf(f.client().put(pathOf(id), R"({"name":"Also renamed","resources":{"cpu":"2"}})", f.apiKey(f.user))),
                 QStringLiteral("409 INVALID_STATE"));
        QCOMPARE(f.engine.engine->workspace(id)->name, QStringLiteral("Resizable"));
        // Everything else may change while it runs.
        const HttpResponse renamed = f.client().put(pathOf(id), R"({"name":"Renamed while running"})", f.apiKey(f.user));
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.object().value(QStringLiteral("status")).toString(), QStringLiteral("running"));

        // Stopped again: resources change again.
        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Stopped")), QStringLiteral("Stopped"));
        QCOMPARE(f.client().put(pathOf(id), R"({"resources":{"memory":"1Gi"}})", f.apiKey(f.user)).status, 200);
        QCOMPARE(f.engine.engine->workspace(id)->resources.memoryMb, 1024);
    }

    void updateRefusals()
    {
        ApiFixture f;
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Kept")));
        QVERIFY(!id.isEmpty());
        const Headers key = f.apiKey(f.user);
        const HttpClient http = f.client();
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"environmentType":"rstudio"})", key)), QStringLiteral("400 INVALID_INPUT environmentType"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"status":"running"})", key)), QStringLiteral("400 INVALID_INPUT status"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"id":"ws-other"})", key)), QStringLiteral("400 INVALID_INPUT id"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"projectId":"proj_x"})", key)), QStringLiteral("400 INVALID_INPUT projectId"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"resources":{"cores":"2"}})", key)), QStringLiteral("400 INVALID_INPUT resources.cores"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"resources":{"memory":"lots"}})", key)), QStringLiteral("400 INVALID_INPUT resources.memory"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"name":42})", key)), QStringLiteral("400 INVALID_INPUT name"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"name":""})", key)), QStringLiteral("400 INVALID_NAME_LENGTH name"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"resources":{"gpu":"2"}})", key)), QStringLiteral("403 RESOURCE_NOT_ALLOWED resources.gpu"));
        QCOMPARE(errorOf(http.put(pathOf(id), R"({"name":)", key)), QStringLiteral("400 INVALID_INPUT"));
        QCOMPARE(errorOf(http.put(pathOf(id), {}, key)), QStringLiteral("400 INVALID_INPUT"));
        QCOMPARE(errorOf(http.put(pathOf(QStringLiteral("ws-nope")), R"({"name":"x"})", key)), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        // A shared workspace is the admins' to change.
        const auto shared = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Shared VM")));
        QVERIFY(shared);
        QCOMPARE(errorOf(http.put(pathOf(shared->id), R"({"name":"x"})", key)), QStringLiteral("403 ADMIN_REQUIRED"));
        QCOMPARE(http.put(pathOf(shared->id), R"({"name":"Admin renamed"})", f.apiKey(f.admin)).status, 200);
        // Nothing of the refused requests stuck.
        const Workspace kept = *f.engine.engine->workspace(id);
        QCOMPARE(kept.name, QStringLiteral("Kept"));
        QCOMPARE(kept.environmentType, QStringLiteral("vscode"));
        QCOMPARE(kept.resources.memoryMb, 256);
    }

    // --- DELETE /api/v1/workspaces/:id -----------------------------------------

    void deleteNeedsAStoppedWorkspace()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Doomed")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));

        const HttpResponse running = f.client().del(pathOf(id), f.apiKey(f.user));
        QCOMPARE(errorOf(running), QStringLiteral("409 INVALID_STATE"));
        QVERIFY(messageOf(running).contains(QStringLiteral("stopped")));
        QVERIFY(f.engine.engine->workspace(id));
        QCOMPARE(f.client().get(pathOf(id), f.apiKey(f.user)).status, 200);

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Stopped")), QStringLiteral("Stopped"));
        const HttpResponse deleted = f.client().del(pathOf(id), f.apiKey(f.user));
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());
        QVERIFY(!f.engine.engine->workspace(id));
        QCOMPARE(errorOf(f.client().get(pathOf(id), f.apiKey(f.user))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        QCOMPARE(errorOf(f.client().del(pathOf(id), f.apiKey(f.user))), QStringLiteral("404 WORKSPACE_NOT_FOUND"));
        // Its domain went with it.
        const auto domain = await(f.engine.hosts->defaultHost()->domainInfo(QStringLiteral("atrium-") + id));
        QVERIFY(domain);
        QVERIFY(!*domain);

        // Never started: deleted at once. A shared one needs an admin.
        const QString fresh = create(f, f.user, smallVmBody(QStringLiteral("Fresh")));
        QCOMPARE(f.client().del(pathOf(fresh), f.apiKey(f.user)).status, 204);
        const auto shared = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Shared VM")));
        QVERIFY(shared);
        QCOMPARE(errorOf(f.client().del(pathOf(shared->id), f.apiKey(f.user))), QStringLiteral("403 ADMIN_REQUIRED"));
        QCOMPARE(f.client().del(pathOf(shared->id), f.apiKey(f.admin)).status, 204);
        QCOMPARE(f.engine.engine->workspaceCount(), 5);
    }

    // --- start / stop / restart ------------------------------------------------

    void startAnswersAtOnceAndTheVmRuns()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Starter")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;

        const HttpResponse r = f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject started = r.object();
        QCOMPARE(started.value(QStringLiteral("message")).toString(), QStringLiteral("Workspace starting"));
        QCOMPARE(started.value(QStringLiteral("workspaceId")).toString(), id);
        QCOMPARE(started.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));  // a VM boots after the answer
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        QCOMPARE(f.client().get(pathOf(id), f.apiKey(f.user)).object().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(f.engine.engine->activeSessions().size(), 0);  // start opens no session
        const auto domain = await(f.engine.hosts->defaultHost()->domainInfo(QStringLiteral("atrium-") + id));
        QVERIFY(domain && *domain);
        QCOMPARE((*domain)->state, DomainState::Running);

        const HttpResponse again = f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user));
        QCOMPARE(errorOf(again), QStringLiteral("409 INVALID_STATE"));
        QVERIFY(messageOf(again).contains(QStringLiteral("already running")));
    }

    void anActionWhileStartingIs409_data()
    {
        QTest::addColumn<QString>("action");
        QTest::newRow("start again") << QStringLiteral("start");
        QTest::newRow("stop") << QStringLiteral("stop");
    }

    void anActionWhileStartingIs409()
    {
        QFETCH(QString, action);
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Eager")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        // Both on one connection, so the second arrives while the first is starting the VM.
        const QList<HttpResponse> both = pipelined(f, f.user, pathOf(id, QStringLiteral("start")), pathOf(id, action));
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.at(0).status, 200);
        QCOMPARE(errorOf(both.at(1)), QStringLiteral("409 INVALID_STATE"));
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
    }

    void stopAnswersAtOnceAndTheVmStops()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Stopper")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;

        // Not running: nothing to stop.
        QCOMPARE(errorOf(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user))), QStringLiteral("409 INVALID_STATE"));

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        const HttpResponse r = f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject stopping = r.object();
        QCOMPARE(stopping.value(QStringLiteral("message")).toString(), QStringLiteral("Workspace stopping"));
        QCOMPARE(stopping.value(QStringLiteral("workspaceId")).toString(), id);
        // The document's answer: the state the stop leads to (GET /status shows the way there).
        QCOMPARE(stopping.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));

        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Stopped")), QStringLiteral("Stopped"));
        QCOMPARE(f.client().get(pathOf(id), f.apiKey(f.user)).object().value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        const auto domain = await(f.engine.hosts->defaultHost()->domainInfo(QStringLiteral("atrium-") + id));
        QVERIFY(domain && *domain);
        QVERIFY((*domain)->state != DomainState::Running);
        QCOMPARE(errorOf(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user))), QStringLiteral("409 INVALID_STATE"));
    }

    void restartGoesDownAndUpAgain()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Restarter")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));

        const HttpResponse r = f.client().post(pathOf(id, QStringLiteral("restart")), {}, f.apiKey(f.user));
        QCOMPARE(r.status, 200);
        const QJsonObject restarting = r.object();
        QCOMPARE(restarting.value(QStringLiteral("message")).toString(), QStringLiteral("Workspace restarting"));
        QCOMPARE(restarting.value(QStringLiteral("workspaceId")).toString(), id);
        QCOMPARE(restarting.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        // It went down and came back up.
        QTRY_VERIFY_WITH_TIMEOUT(f.client().get(pathOf(id, QStringLiteral("logs")) + QStringLiteral("?type=deploy"), f.apiKey(f.user))
                                     .object().value(QStringLiteral("logs")).toString().count(QStringLiteral("started by")) == 2,
                                 15000);
        const QString deploy = f.client().get(pathOf(id, QStringLiteral("logs")) + QStringLiteral("?type=deploy"), f.apiKey(f.user))
                                   .object().value(QStringLiteral("logs")).toString();
        QVERIFY2(deploy.indexOf(QStringLiteral("stopped: ")) > deploy.indexOf(QStringLiteral("started by")), qPrintable(deploy));
        QVERIFY2(deploy.lastIndexOf(QStringLiteral("started by")) > deploy.indexOf(QStringLiteral("stopped: ")), qPrintable(deploy));
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));

        // A stopped workspace is simply started.
        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Stopped")), QStringLiteral("Stopped"));
        const HttpResponse fromStopped = f.client().post(pathOf(id, QStringLiteral("restart")), {}, f.apiKey(f.user));
        QVERIFY2(fromStopped.status == 200, fromStopped.body.constData());
        QCOMPARE(fromStopped.object().value(QStringLiteral("message")).toString(), QStringLiteral("Workspace restarting"));
        QCOMPARE(fromStopped.object().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
    }

    void restartWhileStartingIs409()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Impatient")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        const QList<HttpResponse> both = pipelined(f, f.user, pathOf(id, QStringLiteral("start")), pathOf(id, QStringLiteral("restart")));
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.at(0).status, 200);
        QCOMPARE(errorOf(both.at(1)), QStringLiteral("409 INVALID_STATE"));
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
    }

    // --- status / metrics / logs / sync ----------------------------------------

    void statusReportsPhaseAndConditions()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Watched")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        auto conditions = [](const QJsonObject &status) {
            QHash<QString, QString> byType;
            for (const QJsonValue &c : status.value(QStringLiteral("conditions")).toArray())
                byType.insert(c.toObject().value(QStringLiteral("type")).toString(), c.toObject().value(QStringLiteral("status")).toString());
            return byType;
        };

        const HttpResponse before = f.client().get(pathOf(id, QStringLiteral("status")), f.apiKey(f.user));
        QCOMPARE(before.status, 200);
        const QJsonObject stopped = before.object();
        QCOMPARE(stopped.value(QStringLiteral("phase")).toString(), QStringLiteral("Stopped"));
        QCOMPARE(stopped.value(QStringLiteral("ready")), QJsonValue(false));
        QVERIFY(!stopped.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(stopped.value(QStringLiteral("conditions")).toArray().size(), 3);
        for (const QJsonValue &c : stopped.value(QStringLiteral("conditions")).toArray())
            QVERIFY(isIsoUtc(c.toObject().value(QStringLiteral("lastTransitionTime"))));
        QHash<QString, QString> c = conditions(stopped);
        QCOMPARE(c.value(QStringLiteral("HostConnected")), QStringLiteral("True"));
        QCOMPARE(c.value(QStringLiteral("Provisioned")), QStringLiteral("False"));  // defined on first start
        QCOMPARE(c.value(QStringLiteral("Ready")), QStringLiteral("False"));
        const QJsonObject host = stopped.value(QStringLiteral("conditions")).toArray().at(0).toObject();
        QCOMPARE(host.value(QStringLiteral("type")).toString(), QStringLiteral("HostConnected"));
        QVERIFY2(host.value(QStringLiteral("message")).toString().contains(QStringLiteral("simulator")), qPrintable(host.value(QStringLiteral("message")).toString()));
        QCOMPARE(stopped.value(QStringLiteral("conditions")).toArray().last().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("Ready"));

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        const QJsonObject running = f.client().get(pathOf(id, QStringLiteral("status")), f.apiKey(f.user)).object();
        QCOMPARE(running.value(QStringLiteral("ready")), QJsonValue(true));
        QCOMPARE(running.value(QStringLiteral("message")).toString(), QStringLiteral("Workspace is running and ready"));
        c = conditions(running);
        QCOMPARE(c.value(QStringLiteral("HostConnected")), QStringLiteral("True"));
        QCOMPARE(c.value(QStringLiteral("Provisioned")), QStringLiteral("True"));
        QCOMPARE(c.value(QStringLiteral("Ready")), QStringLiteral("True"));
        QVERIFY(QJsonDocument(running).toJson().contains(QByteArray("atrium-" + id.toUtf8())));  // Provisioned names the domain

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("stop")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Stopped")), QStringLiteral("Stopped"));
        const QJsonObject after = f.client().get(pathOf(id, QStringLiteral("status")), f.apiKey(f.user)).object();
        QCOMPARE(after.value(QStringLiteral("ready")), QJsonValue(false));
        c = conditions(after);
        QCOMPARE(c.value(QStringLiteral("Provisioned")), QStringLiteral("True"));  // the domain stays defined
        QCOMPARE(c.value(QStringLiteral("Ready")), QStringLiteral("False"));
    }

    void metricsOnTheSimulatorAreExplainedNotInvented()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Measured")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        auto checkAllEmpty = [](const QJsonObject &m) {
            for (const char *field : {"cpuUsage", "memoryUsage", "gpuUsage", "diskUsage"}) {
                if (m.value(QLatin1StringView(field)) != QJsonValue(QString()))
                    return QStringLiteral("%1 is not \"\"").arg(QLatin1StringView(field));
            }
            return QString();
        };

        const HttpResponse idle = f.client().get(pathOf(id, QStringLiteral("metrics")), f.apiKey(f.user));
        QCOMPARE(idle.status, 200);
        QCOMPARE(checkAllEmpty(idle.object()), QString());
        QJsonObject why = idle.object().value(QStringLiteral("unavailable")).toObject();
        for (const char *field : {"cpuUsage", "memoryUsage", "diskUsage"})
            QVERIFY2(why.value(QLatin1StringView(field)).toString().contains(QStringLiteral("not running")), field);
        QVERIFY(why.value(QStringLiteral("gpuUsage")).toString().contains(QStringLiteral("GPU")));

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        QTest::qWait(100);  // whatever the sampler does meanwhile, the simulator measures nothing
        const HttpResponse running = f.client().get(pathOf(id, QStringLiteral("metrics")), f.apiKey(f.user));
        QCOMPARE(running.status, 200);
        QCOMPARE(checkAllEmpty(running.object()), QString());
        why = running.object().value(QStringLiteral("unavailable")).toObject();
        for (const char *field : {"cpuUsage", "memoryUsage", "diskUsage"})
            QVERIFY2(why.value(QLatin1StringView(field)).toString().contains(QStringLiteral("simulator")), qPrintable(why.value(QLatin1StringView(field)).toString()));
        QVERIFY(why.value(QStringLiteral("gpuUsage")).toString().contains(QStringLiteral("GPU")));

        // A remote endpoint is not Atrium's to measure.
        const auto remote = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint());
        QVERIFY(remote);
        const HttpResponse endpoint = f.client().get(pathOf(remote->id, QStringLiteral("metrics")), f.apiKey(f.user));
        QCOMPARE(endpoint.status, 200);
        QCOMPARE(checkAllEmpty(endpoint.object()), QString());
        QVERIFY(!endpoint.object().value(QStringLiteral("unavailable")).toObject().value(QStringLiteral("cpuUsage")).toString().isEmpty());
    }

    void logsByType()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Logged")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;
        auto logs = [&f, &id](const QString &query) {
            return f.client().get(pathOf(id, QStringLiteral("logs")) + query, f.apiKey(f.user));
        };

        // Nothing provisioned yet; the lifecycle already knows who created it.
        QCOMPARE(logs(QStringLiteral("?type=build")).object().value(QStringLiteral("logs")).toString(), QString());
        QVERIFY(logs(QStringLiteral("?type=deploy")).object().value(QStringLiteral("logs")).toString().contains(QStringLiteral("created by uma@example.test")));

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));

        const HttpResponse build = logs(QStringLiteral("?type=build"));
        QCOMPARE(build.status, 200);
        QCOMPARE(build.object().value(QStringLiteral("workspaceId")).toString(), id);
        QCOMPARE(build.object().value(QStringLiteral("logType")).toString(), QStringLiteral("build"));
        const QString buildLog = build.object().value(QStringLiteral("logs")).toString();
        QVERIFY2(buildLog.contains(QStringLiteral("defined domain atrium-") + id), qPrintable(buildLog));
        QVERIFY2(buildLog.contains(QStringLiteral("started domain atrium-") + id), qPrintable(buildLog));
        QVERIFY(buildLog.endsWith(u'\n'));
        for (const QString &line : buildLog.split(u'\n', Qt::SkipEmptyParts))
            QVERIFY2(isIsoUtc(line.section(u' ', 0, 0)), qPrintable(line));  // "<time> <message>"

        const HttpResponse deploy = logs(QStringLiteral("?type=deploy"));
        QCOMPARE(deploy.object().value(QStringLiteral("logType")).toString(), QStringLiteral("deploy"));
        const QString deployLog = deploy.object().value(QStringLiteral("logs")).toString();
        QVERIFY2(deployLog.contains(QStringLiteral("launch requested by uma@example.test")), qPrintable(deployLog));
        QVERIFY2(deployLog.contains(QStringLiteral("started by uma@example.test")), qPrintable(deployLog));
        QVERIFY2(deployLog.indexOf(QStringLiteral("created by")) < deployLog.indexOf(QStringLiteral("started by")), qPrintable(deployLog));
        QVERIFY(!deployLog.contains(QStringLiteral("defined domain")));

        // pod: what libvirt reported about the domain (its events arrive on their own).
        QTRY_VERIFY_WITH_TIMEOUT(logs(QStringLiteral("?type=pod")).object().value(QStringLiteral("logs")).toString()
                                     .contains(QStringLiteral("domain atrium-") + id + QStringLiteral(" started")),
                                 10000);
        const HttpResponse pod = logs(QStringLiteral("?type=pod"));
        QCOMPARE(pod.object().value(QStringLiteral("logType")).toString(), QStringLiteral("pod"));
        QVERIFY(!pod.object().value(QStringLiteral("logs")).toString().contains(QStringLiteral("created by")));
        // pod is the default.
        const HttpResponse byDefault = logs(QString());
        QCOMPARE(byDefault.status, 200);
        QCOMPARE(byDefault.object().value(QStringLiteral("logType")).toString(), QStringLiteral("pod"));
        QCOMPARE(byDefault.object().value(QStringLiteral("logs")), pod.object().value(QStringLiteral("logs")));

        for (const QString &bad : {QStringLiteral("?type=runtime"), QStringLiteral("?type=POD"), QStringLiteral("?type=")}) {
            const HttpResponse invalid = logs(bad);
            QVERIFY2(errorOf(invalid) == QStringLiteral("400 INVALID_INPUT type"), qPrintable(bad + u' ' + errorOf(invalid)));
        }
    }

    void syncFlushesARunningVm()
    {
        ApiFixture f;
        VmCleanup cleanup(f);
        const QString id = create(f, f.user, smallVmBody(QStringLiteral("Synced")));
        QVERIFY(!id.isEmpty());
        cleanup.ids << id;

        // Stopped: everything is on its disk already.
        const HttpResponse stopped = f.client().post(pathOf(id, QStringLiteral("sync")), {}, f.apiKey(f.user));
        QCOMPARE(stopped.status, 200);
        QCOMPARE(stopped.object().value(QStringLiteral("message")).toString(), QStringLiteral("Workspace sync initiated"));
        QCOMPARE(stopped.object().value(QStringLiteral("workspaceId")).toString(), id);
        QCOMPARE(stopped.object().value(QStringLiteral("filesystems")), QJsonValue(0));

        QCOMPARE(f.client().post(pathOf(id, QStringLiteral("start")), {}, f.apiKey(f.user)).status, 200);
        QCOMPARE(waitForPhase(f, f.user, id, QStringLiteral("Running")), QStringLiteral("Running"));
        const HttpResponse running = f.client().post(pathOf(id, QStringLiteral("sync")), {}, f.apiKey(f.user));
        QVERIFY2(running.status == 200, running.body.constData());
        QCOMPARE(running.object().value(QStringLiteral("message")).toString(), QStringLiteral("Workspace sync initiated"));
        QCOMPARE(running.object().value(QStringLiteral("workspaceId")).toString(), id);
        QVERIFY(running.object().value(QStringLiteral("filesystems")).isDouble());
        QVERIFY(running.object().value(QStringLiteral("filesystems")).toInt(-1) >= 0);
        QCOMPARE(Testing::must(f.engine.engine->audit({})).first().action, QStringLiteral("sync_workspace"));

        // A remote endpoint has no disk of Atrium's.
        const auto remote = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint());
        QVERIFY(remote);
        const HttpResponse endpoint = f.client().post(pathOf(remote->id, QStringLiteral("sync")), {}, f.apiKey(f.user));
        QCOMPARE(errorOf(endpoint), QStringLiteral("409 INVALID_STATE"));
        QVERIFY(messageOf(endpoint).contains(QStringLiteral("remote endpoint")));
    }

    // --- credentials and scopes ------------------------------------------------

    void readerCanReadButNotWrite()
    {
        ApiFixture f;
        const auto shared = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Shared VM")));
        QVERIFY(shared);
        const QString id = shared->id;
        const Headers reader = f.apiKey(f.reader);
        const HttpClient http = f.client();

        QCOMPARE(http.get(base(), reader).status, 200);
        QCOMPARE(http.get(base(), reader).object().value(QStringLiteral("count")), QJsonValue(6));
        QCOMPARE(http.get(pathOf(id), reader).status, 200);
        QCOMPARE(http.get(pathOf(id, QStringLiteral("status")), reader).status, 200);
        QCOMPARE(http.get(pathOf(id, QStringLiteral("metrics")), reader).status, 200);
        QCOMPARE(http.get(pathOf(id, QStringLiteral("logs")), reader).status, 200);

        const QList<std::pair<QString, HttpResponse>> writes{
            {QStringLiteral("POST /"), http.post(base(), smallVmBody(QStringLiteral("Not allowed")), reader)},
            {QStringLiteral("PUT"), http.put(pathOf(id), R"({"name":"Not allowed"})", reader)},
            {QStringLiteral("DELETE"), http.del(pathOf(id), reader)},
            {QStringLiteral("start"), http.post(pathOf(id, QStringLiteral("start")), {}, reader)},
            {QStringLiteral("stop"), http.post(pathOf(id, QStringLiteral("stop")), {}, reader)},
            {QStringLiteral("restart"), http.post(pathOf(id, QStringLiteral("restart")), {}, reader)},
            {QStringLiteral("sync"), http.post(pathOf(id, QStringLiteral("sync")), {}, reader)},
        };
        for (const auto &[what, r] : writes) {
            QVERIFY2(errorOf(r) == QStringLiteral("403 SCOPE_REQUIRED"), qPrintable(what + u' ' + errorOf(r)));
            QVERIFY(messageOf(r).contains(QStringLiteral("workspaces:write")));
        }
        // The scope is checked before anything else: even for a workspace that does not exist.
        QCOMPARE(errorOf(http.del(pathOf(QStringLiteral("ws-nope")), reader)), QStringLiteral("403 SCOPE_REQUIRED"));
        QCOMPARE(f.engine.engine->workspaceCount(), 6);
        QCOMPARE(f.engine.engine->workspace(id)->name, QStringLiteral("Shared VM"));
        QCOMPARE(f.engine.engine->workspace(id)->status, WorkspaceStatus::Available);
    }

    void noCredentialIs401()
    {
        ApiFixture f;
        const auto shared = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Shared VM")));
        QVERIFY(shared);
        const HttpClient http = f.client();
        const QList<std::pair<QString, HttpResponse>> anonymous{
            {QStringLiteral("list"), http.get(base())},
            {QStringLiteral("create"), http.post(base(), smallVmBody(QStringLiteral("Anonymous")))},
            {QStringLiteral("get"), http.get(pathOf(shared->id))},
            {QStringLiteral("put"), http.put(pathOf(shared->id), R"({"name":"x"})")},
            {QStringLiteral("delete"), http.del(pathOf(shared->id))},
            {QStringLiteral("start"), http.post(pathOf(shared->id, QStringLiteral("start")))},
            {QStringLiteral("status"), http.get(pathOf(shared->id, QStringLiteral("status")))},
            {QStringLiteral("sync"), http.post(pathOf(shared->id, QStringLiteral("sync")))},
        };
        for (const auto &[what, r] : anonymous) {
            QVERIFY2(errorOf(r) == QStringLiteral("401 MISSING_USER_ID"), qPrintable(what + u' ' + errorOf(r)));
            QCOMPARE(r.headers.value("www-authenticate"), QByteArray("ApiKey"));
            QVERIFY(messageOf(r).contains(QStringLiteral("X-API-Key")));
        }
        // A wrong key is no better.
        const HttpResponse wrong = http.get(base(), {{"X-API-Key", "atr_not-a-key"}});
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.object().value(QStringLiteral("error")).isObject());
        QCOMPARE(f.engine.engine->workspaceCount(), 6);
        QCOMPARE(f.engine.engine->workspace(shared->id)->name, QStringLiteral("Shared VM"));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestV1Api)
#include "tst_v1api.moc"
