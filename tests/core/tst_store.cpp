#include "model/defaultcatalog.h"
#include "store/migrations.h"
#include "store/store.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <csignal>

using namespace Atrium;

namespace {

Identity person(const QString &id, const QString &email, Role role = Role::User)
{
    Identity i;
    i.id = id;
    i.name = id;
    i.email = email;
    i.role = role;
    i.createdAt = QDateTime::currentDateTimeUtc();
    return i;
}

Session session(const QString &id, const QString &user, const QString &workspace, SessionStatus status,
                const QDateTime &started)
{
    Session s;
    s.id = id;
    s.userId = user;
    s.userEmail = user + QStringLiteral("@example.test");
    s.workspaceId = workspace;
    s.workspaceName = workspace;
    s.status = status;
    s.startedAt = started;
    s.ipAddress = QStringLiteral("127.0.0.1");
    s.client = QStringLiteral("test");
    if (status != SessionStatus::Active)
        s.endedAt = started.addSecs(60);
    return s;
}

/// Every field set to something other than its default.
Workspace richWorkspace()
{
    Workspace w;
    w.id = QStringLiteral("ws_rich");
    w.name = QStringLiteral("Rich «workspace» with 'quotes'");
    w.description = QStringLiteral("multi\nline");
    w.type = WorkspaceType::Dev;
    w.status = WorkspaceStatus::Paused;
    w.statusMessage = QStringLiteral("paused by test");
    w.icon = QStringLiteral("code");
    w.imageUrl = QStringLiteral("https://example.test/a.png");
    w.url = QStringLiteral("http://127.0.0.1:8080/");
    w.connectionType = ConnectionType::Browser;
    w.requiresNetbird = false;
    w.resources = {8, 16384, 204800, QStringLiteral("1"), QStringLiteral("nvidia-a10g")};
    w.environmentType = QStringLiteral("jupyter");
    w.image = QStringLiteral("strongly/jupyter-gpu:latest");
    w.projectId = QStringLiteral("proj_abc");
    w.organizationId = QStringLiteral("org_xyz");
    w.volumeIds = {QStringLiteral("vol_1"), QStringLiteral("vol_2")};
    w.namespaceName = QStringLiteral("production");
    w.mode = WorkspaceMode::Temporary;
    w.config.ttl = QStringLiteral("1h");
    w.config.ttlAction = TtlAction::Remove;
    w.config.removeOnExit = true;
    w.config.restartPolicy = RestartPolicy::OnFailure;
    w.config.maxRestarts = 5;
    w.config.keepLogs = false;
    w.config.staticNetwork = true;
    w.config.network = {false, true};
    w.config.sshAccess = true;
    w.config.env = {{QStringLiteral("NODE_ENV"), QStringLiteral("production")}, {QStringLiteral("PORT"), QStringLiteral("3000")}};
    w.config.cmd = QStringList{QStringLiteral("node"), QStringLiteral("server.js")};
    w.config.workloads = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("web")}}};
    w.config.waitForInit = true;
    w.config.proxyAssignmentId = 42;
    w.ownerId = QStringLiteral("u1");
    w.hostUri = QStringLiteral("qemu+ssh://root@hv1/system");
    w.domainName = QStringLiteral("atrium-ws_rich");
    w.healthChecks = true;
    w.userRequestedStop = true;
    w.restartCount = 3;
    w.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    w.updatedAt = w.createdAt.addSecs(10);
    w.startedAt = w.createdAt.addSecs(20);
    return w;
}

}  // namespace

class TestStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void migratesAnEmptyDatabase()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("sub/dir/atrium.db")));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QVERIFY((*store)->wasCreated());
        QCOMPARE((*store)->schemaVersion(), Store::latestSchemaVersion());
        QVERIFY(Store::latestSchemaVersion() >= 1);
        QCOMPARE((*store)->workspaces()->size(), 0);

        // Reopening does not migrate again, and reports an existing database.
        store->reset();
        auto again = Store::open(dir.filePath(QStringLiteral("sub/dir/atrium.db")));
        QVERIFY(again);
        QVERIFY(!(*again)->wasCreated());
        QCOMPARE((*again)->schemaVersion(), Store::latestSchemaVersion());
    }

    void pragmasAreSet()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atrium.db"));
        auto store = Store::open(path);
        QVERIFY(store);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atrium.db"));
        QVERIFY(Store::open(path));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        auto store = Store::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::StoreFailed);
        QVERIFY(store.error().message.contains(QStringLiteral("999")));
    }

    void workspaceRoundTripsEveryField()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        ChangeSet changes;
        changes.identities << person(QStringLiteral("u1"), QStringLiteral("u1@example.test"));
        changes.workspaces << richWorkspace();
        QVERIFY((*store)->apply(changes));
        const auto loaded = (*store)->workspaces();
        QVERIFY(loaded);
        QCOMPARE(loaded->size(), 1);
        QCOMPARE(loaded->first(), richWorkspace());
    }

    void defaultsRoundTripAndKeepOrder()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        ChangeSet changes;
        changes.workspaces = defaultWorkspaces(now);
        QVERIFY((*store)->apply(changes));
        const QList<Workspace> loaded = *(*store)->workspaces();
        QCOMPARE(loaded.size(), 5);
        const QStringList ids = {QStringLiteral("ws-sap-neogenesys"), QStringLiteral("ws-remote-desktop"),
                                 QStringLiteral("ws-1panel"), QStringLiteral("ws-linux-desktop"),
                                 QStringLiteral("ws-secure-browser")};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(loaded.at(i).id, ids.at(i));
            QCOMPARE(loaded.at(i), changes.workspaces.at(i));  // also read without parsing: default config, no volumes
        }

        // Updating in place keeps the order (and the rows that reference it).
        Workspace first = loaded.first();
        first.name = QStringLiteral("Renamed");
        ChangeSet update;
        update.workspaces << first;
        update.events << WorkspaceEvent{0, first.id, now, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("renamed")};
        QVERIFY((*store)->apply(update));
        ChangeSet again;
        again.workspaces << first;
        QVERIFY((*store)->apply(again));
        QCOMPARE((*store)->workspaces()->first().name, QStringLiteral("Renamed"));
        QCOMPARE((*store)->events(first.id, std::nullopt, 10)->size(), 1);
    }

    void aFailingChangeSetWritesNothing()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        Workspace w = richWorkspace();
        w.ownerId = QStringLiteral("nobody");  // violates the foreign key
        ChangeSet changes;
        AuditEntry entry;
        entry.at = QDateTime::currentDateTimeUtc();
        entry.action = QStringLiteral("create_workspace");
        changes.audit << entry;
        changes.workspaces << w;
        const auto result = (*store)->apply(changes);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::StoreFailed);
        QCOMPARE((*store)->workspaces()->size(), 0);
        QCOMPARE(*(*store)->auditCount({}), 0);
    }

    void deletingAWorkspaceCascadesToItsEvents()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        ChangeSet changes;
        changes.workspaces = defaultWorkspaces(QDateTime::currentDateTimeUtc());
        changes.events << WorkspaceEvent{0, QStringLiteral("ws-1panel"), QDateTime::currentDateTimeUtc(),
                                         WorkspaceEvent::Kind::Provision, QStringLiteral("x")};
        QVERIFY((*store)->apply(changes));
        ChangeSet removal;
        removal.deletedWorkspaces << QStringLiteral("ws-1panel");
        QVERIFY((*store)->apply(removal));
        QCOMPARE((*store)->workspaces()->size(), 4);
        QCOMPARE((*store)->events(QStringLiteral("ws-1panel"), std::nullopt, 10)->size(), 0);

        ChangeSet reset;
        reset.deleteAllWorkspaces = true;
        reset.workspaces = defaultWorkspaces(QDateTime::currentDateTimeUtc());
        QVERIFY((*store)->apply(reset));
        QCOMPARE((*store)->workspaces()->size(), 5);
    }

    void sessionQueries()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        ChangeSet changes;
        changes.identities << person(QStringLiteral("a"), QStringLiteral("a@x.test"))
                           << person(QStringLiteral("b"), QStringLiteral("b@x.test"));
        changes.sessions << session(QStringLiteral("s1"), QStringLiteral("a"), QStringLiteral("w1"), SessionStatus::Active, t0)
                         << session(QStringLiteral("s2"), QStringLiteral("a"), QStringLiteral("w2"), SessionStatus::Terminated, t0.addSecs(-100))
                         << session(QStringLiteral("s3"), QStringLiteral("b"), QStringLiteral("w1"), SessionStatus::Active, t0.addSecs(5));
        QVERIFY((*store)->apply(changes));

        SessionQuery mine;
        mine.userId = QStringLiteral("a");
        const QList<Session> a = *(*store)->sessions(mine);
        QCOMPARE(a.size(), 2);
        QCOMPARE(a.first().id, QStringLiteral("s1"));  // newest first
        mine.status = SessionStatus::Active;
        QCOMPARE((*store)->sessions(mine)->size(), 1);
        SessionQuery onW1;
        onW1.workspaceId = QStringLiteral("w1");
        QCOMPARE((*store)->sessions(onW1)->size(), 2);
        QCOMPARE((*store)->session(QStringLiteral("s2"))->value().status, SessionStatus::Terminated);
        QVERIFY((*store)->session(QStringLiteral("s2"))->value().endedAt.isValid());
        QVERIFY(!(*store)->session(QStringLiteral("nope"))->has_value());

        // A session must belong to a known identity.
        ChangeSet orphan;
        orphan.sessions << session(QStringLiteral("s4"), QStringLiteral("ghost"), QStringLiteral("w1"), SessionStatus::Active, t0);
        QVERIFY(!(*store)->apply(orphan));
        // Only the three statuses of the Sessions API are accepted.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName((*store)->path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(!q.exec(QStringLiteral("UPDATE sessions SET status = 'zombie' WHERE id = 's1'")));
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    }

    void auditFiltersAndPages()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        const QDateTime t0 = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);
        ChangeSet changes;
        for (int i = 0; i < 30; ++i) {
            AuditEntry e;
            e.at = t0.addSecs(i * 60);
            e.actorId = i % 2 ? QStringLiteral("u-odd") : QStringLiteral("u-even");
            e.actorEmail = e.actorId + QStringLiteral("@example.test");
            e.action = i % 3 ? QStringLiteral("launch_workspace") : QStringLiteral("stop_workspace");
            e.target = QStringLiteral("workspace:w%1").arg(i % 4);
            e.success = i != 7;
            e.detail = QString::number(i);
            changes.audit << e;
        }
        QVERIFY((*store)->apply(changes));
        QCOMPARE(*(*store)->auditCount({}), 30);
        AuditQuery stops;
        stops.action = QStringLiteral("stop_workspace");
        QCOMPARE(*(*store)->auditCount(stops), 10);
        AuditQuery byEmail;
        byEmail.actor = QStringLiteral("U-ODD@example.test");
        QCOMPARE(*(*store)->auditCount(byEmail), 15);
        AuditQuery window;
        window.since = t0.addSecs(10 * 60);
        window.until = t0.addSecs(20 * 60);
        QCOMPARE(*(*store)->auditCount(window), 10);
        AuditQuery page;
        page.limit = 7;
        page.offset = 7;
        const QList<AuditEntry> entries = *(*store)->audit(page);
        QCOMPARE(entries.size(), 7);
        QCOMPARE(entries.first().detail, QStringLiteral("22"));  // newest first
        QVERIFY(entries.first().id > entries.last().id);
        AuditQuery failedOne;
        failedOne.target = QStringLiteral("workspace:w3");
        bool sawFailure = false;
        for (const AuditEntry &e : Testing::must((*store)->audit(failedOne)))
            sawFailure |= !e.success;
        QVERIFY(sawFailure);
    }

    void tokensStoreOnlyTheirHash()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        ChangeSet changes;
        changes.identities << person(QStringLiteral("a"), QStringLiteral("a@x.test"), Role::Admin);
        ApiToken token;
        token.id = QStringLiteral("tok_1");
        token.identityId = QStringLiteral("a");
        token.name = QStringLiteral("ci");
        token.secretHash = QByteArray("ab12");
        token.scopes = {QStringLiteral("workspaces:read")};
        token.createdAt = QDateTime::currentDateTimeUtc();
        changes.tokens << token;
        QVERIFY((*store)->apply(changes));
        const auto found = (*store)->tokenBySecretHash("ab12");
        QVERIFY(found && found->has_value());
        QCOMPARE((*found)->id, QStringLiteral("tok_1"));
        QCOMPARE((*found)->scopes, QStringList{QStringLiteral("workspaces:read")});
        QVERIFY(!(*found)->expiresAt.isValid());
        QVERIFY((*store)->touchToken(QStringLiteral("tok_1"), QDateTime::currentDateTimeUtc()));
        QVERIFY((*store)->tokenById(QStringLiteral("tok_1"))->value().lastUsedAt.isValid());
    }

    void dataVersionMovesOnOtherWriters()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atrium.db"));
        auto reader = Store::open(path);
        auto writer = Store::open(path);
        const qint64 before = (*reader)->dataVersion();
        ChangeSet changes;
        changes.identities << person(QStringLiteral("a"), QStringLiteral("a@x.test"));
        QVERIFY((*writer)->apply(changes));
        QVERIFY((*reader)->dataVersion() != before);
    }

    void killedWriterLosesNoCommittedChange()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atrium.db"));
        QProcess writer;
        writer.start(QStringLiteral(STORE_WRITER), {path});
        QVERIFY(writer.waitForStarted());
        QStringList committed;
        QDeadlineTimer deadline(20000);
        while (committed.size() < 60 && !deadline.hasExpired()) {
            writer.waitForReadyRead(200);
            while (writer.canReadLine())
                committed << QString::fromUtf8(writer.readLine()).trimmed();
        }
        QVERIFY2(committed.size() >= 60, "the writer did not commit fast enough");
        ::kill(pid_t(writer.processId()), SIGKILL);  // mid-stream: it never stops between commits
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        while (writer.canReadLine())
            committed << QString::fromUtf8(writer.readLine()).trimmed();

        auto store = Store::open(path);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QSet<QString> stored;
        for (const Workspace &w : Testing::must((*store)->workspaces()))
            stored.insert(w.id);
        for (const QString &id : committed)
            QVERIFY2(stored.contains(id), qPrintable(id + QStringLiteral(" was committed but is gone")));
        // At most the one commit in flight can be there without having been reported.
        QVERIFY(stored.size() <= committed.size() + 1);
        QCOMPARE(*(*store)->auditCount({}), int(stored.size()));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        q = QSqlQuery();
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }
};

ATRIUM_TEST_MAIN(TestStore)
#include "tst_store.moc"
