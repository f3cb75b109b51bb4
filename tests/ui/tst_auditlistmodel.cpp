// The audit log's table model: newest first, the store's filters, live entries
// on top, and paging through a long log (also while it grows under it).

#include "audit/auditlistmodel.h"
#include "common/labels.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QSignalSpy>

#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::AuditListModel;
using Atrium::Ui::Labels;

namespace {

constexpr auto kFatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

/// A tester that leaves paging to the test. Qt 6.4's tester calls fetchMore() from
/// its modelReset slot before it has noted the reset as finished, so a model with
/// a second page to insert trips its own "change in flight" check.
std::unique_ptr<QAbstractItemModelTester> pagingTester(AuditListModel &model)
{
    auto tester = std::make_unique<QAbstractItemModelTester>(&model, kFatal);
    tester->setUseFetchMore(false);
    return tester;
}
const QDateTime kStart(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC);

/// A clock the test moves by hand: entries get times it chose.
struct ManualClock {
    std::shared_ptr<QDateTime> time = std::make_shared<QDateTime>(kStart);
    std::function<QDateTime()> function() const
    {
        return [t = time] { return *t; };
    }
    void advance(int seconds) { *time = time->addSecs(seconds); }
};

/// An entry without its id: entries the engine announces live carry none (see
/// liveEntriesCarryTheirStoreId), so rows are compared by what they say.
QString keyOf(const AuditEntry &e)
{
    return QStringList{e.at.toString(Qt::ISODateWithMs), e.actorId, e.actorEmail, e.action, e.target,
                       e.success ? QStringLiteral("ok") : QStringLiteral("failed"), e.detail}
        .join(u'|');
}

QStringList rowsShown(const AuditListModel &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows << keyOf(model.entry(row));
    return rows;
}

/// What reading the whole log afresh with @p query gives.
QList<AuditEntry> entriesStored(const Engine &engine, AuditQuery query)
{
    query.limit = 1000000;
    query.offset = 0;
    return must(engine.audit(query));
}

QStringList rowsStored(const Engine &engine, const AuditQuery &query)
{
    QStringList rows;
    for (const AuditEntry &e : entriesStored(engine, query))
        rows << keyOf(e);
    return rows;
}

/// Rows read from the store come by descending id (newest first), none twice.
bool strictlyNewestFirst(const AuditListModel &model)
{
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 id = model.entry(row).id;
        if (id == 0)
            continue;  // announced live, not read
        if (id >= previous)
            return false;
        previous = id;
    }
    return true;
}

/// Entries another writer (another process, `atrium token`) adds to the store
/// without telling this engine.
void writeForeignEntries(Store &store, int count, const QString &action, const QDateTime &at)
{
    ChangeSet changes;
    for (int i = 0; i < count; ++i) {
        AuditEntry e;
        e.at = at.addMSecs(i);
        e.actorId = QStringLiteral("id-writer");
        e.actorEmail = QStringLiteral("writer@example.test");
        e.action = action;
        e.target = QStringLiteral("token:%1").arg(i);
        e.detail = QStringLiteral("written elsewhere %1").arg(i);
        changes.audit << e;
    }
    if (!store.apply(changes))
        qFatal("cannot write audit entries");
}

/// Fetches until the model says there is no more (at most @p limit times).
int fetchAll(AuditListModel &model, int limit = 1000)
{
    int fetches = 0;
    while (model.canFetchMore({}) && fetches < limit) {
        model.fetchMore({});
        ++fetches;
    }
    return fetches;
}

}  // namespace

class TestAuditListModel final : public QObject {
    Q_OBJECT

    ManualClock clock;
    std::unique_ptr<EngineFixture> f;
    Engine &engine() { return *f->engine; }

    Workspace createVm(const QString &name, const Actor &actor)
    {
        clock.advance(10);
        WorkspacePatch p = smallVm(name);
        if (actor.identity.role != Role::Admin)
            p.ownerId = actor.identity.id;
        return must(engine().createWorkspace(actor, p));
    }

private Q_SLOTS:
    void init()
    {
        clock = ManualClock();
        EngineOptions options;
        options.clock = clock.function();
        f = std::make_unique<EngineFixture>(QStringList{QStringLiteral("test:///default")}, options);
    }

    void cleanup() { f.reset(); }

    void showsTheLogNewestFirstWithEveryColumn()
    {
        const Workspace vm = createVm(QStringLiteral("Audited VM"), f->admin);
        clock.advance(10);
        QVERIFY(await(engine().launchWorkspace(f->admin, vm.id))->has_value());
        clock.advance(10);
        QVERIFY(await(engine().stopWorkspace(f->admin, vm.id))->has_value());

        AuditListModel model(engine());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setQuery({});
        QCOMPARE(model.rowCount(), must(engine().auditCount({})));
        QVERIFY(model.rowCount() >= 4);  // seed, create, launch, stop
        QCOMPARE(rowsShown(model), rowsStored(engine(), {}));
        QVERIFY(strictlyNewestFirst(model));
        QCOMPARE(model.columnCount(), int(AuditListModel::ColumnCount));
        QVERIFY(model.lastError().isEmpty());

        const AuditEntry stop = model.entry(0);
        QCOMPARE(stop.action, QStringLiteral("stop_workspace"));
        auto cell = [&model](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
        QCOMPARE(cell(0, AuditListModel::TimeColumn).toString(), stop.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(stop.at, kStart.addSecs(30));
        QCOMPARE(cell(0, AuditListModel::ActorColumn).toString(), QStringLiteral("ada@example.test"));
        QCOMPARE(cell(0, AuditListModel::ActorColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("ada@example.test (id %1)").arg(f->admin.identity.id));
        QCOMPARE(cell(0, AuditListModel::ActionColumn).toString(), QStringLiteral("stop_workspace"));
        QCOMPARE(cell(0, AuditListModel::TargetColumn).toString(), QStringLiteral("workspace:%1").arg(vm.id));
        QCOMPARE(cell(0, AuditListModel::OutcomeColumn).toString(), QStringLiteral("Succeeded"));
        QCOMPARE(cell(0, AuditListModel::DetailColumn).toString(), stop.detail);
        QVERIFY(stop.detail.contains(QStringLiteral("Audited VM")));
        QVERIFY(!cell(0, AuditListModel::OutcomeColumn, Qt::ForegroundRole).isValid());
        QCOMPARE(cell(1, AuditListModel::ActionColumn).toString(), QStringLiteral("launch_workspace"));
        QCOMPARE(cell(2, AuditListModel::ActionColumn).toString(), QStringLiteral("create_workspace"));
        // The oldest: the fixture's identities, then the engine seeding the catalog.
        QCOMPARE(cell(model.rowCount() - 1, AuditListModel::ActionColumn).toString(), QStringLiteral("create_identity"));
        QCOMPARE(cell(model.rowCount() - 3, AuditListModel::ActionColumn).toString(), QStringLiteral("seed_defaults"));
        QCOMPARE(cell(0, AuditListModel::ActionColumn, AuditListModel::EntryRole).value<AuditEntry>().id, stop.id);

        QCOMPARE(model.headerData(AuditListModel::TimeColumn, Qt::Horizontal).toString(), QStringLiteral("Time"));
        QCOMPARE(model.headerData(AuditListModel::OutcomeColumn, Qt::Horizontal).toString(), QStringLiteral("Outcome"));
        QCOMPARE(model.headerData(AuditListModel::DetailColumn, Qt::Horizontal).toString(), QStringLiteral("Detail"));
        QVERIFY(!model.index(model.rowCount(), 0).isValid());
        QVERIFY(!model.index(0, AuditListModel::ColumnCount).isValid());
    }

    void failuresStandOut()
    {
        AuditListModel model(engine());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setQuery({});
        // SAP needs a NetBird tunnel this machine does not have: refused, and audited as refused.
        const auto refused = await(engine().launchWorkspace(f->user, QStringLiteral("ws-sap-neogenesys")));
        QVERIFY(refused && !*refused);
        QCOMPARE(model.entry(0).action, QStringLiteral("launch_workspace"));
        QCOMPARE(model.entry(0).success, false);
        const QModelIndex outcome = model.index(0, AuditListModel::OutcomeColumn);
        QCOMPARE(outcome.data().toString(), QStringLiteral("Failed"));
        QCOMPARE(outcome.data(Qt::ForegroundRole).value<QColor>(), Labels::statusColor(WorkspaceStatus::Error, QGuiApplication::palette()));
        QVERIFY(!model.index(0, AuditListModel::ActionColumn).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.index(0, AuditListModel::DetailColumn).data().toString(), refused->error().message);
    }

    void newEntriesAppearLiveOnTop()
    {
        AuditListModel model(engine());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setQuery({});
        const int before = model.rowCount();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const Workspace vm = createVm(QStringLiteral("Live"), f->admin);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 0);
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(model.entry(0).action, QStringLiteral("create_workspace"));
        QCOMPARE(model.entry(0).target, QStringLiteral("workspace:%1").arg(vm.id));

        WorkspacePatch rename;
        rename.name = QStringLiteral("Live, renamed");
        must(engine().updateWorkspace(f->admin, vm.id, rename));
        QVERIFY(await(engine().deleteWorkspace(f->admin, vm.id))->has_value());
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(model.entry(0).action, QStringLiteral("delete_workspace"));
        QCOMPARE(model.entry(1).action, QStringLiteral("update_workspace"));
        QCOMPARE(reset.size(), 0);  // no reload for that
        QCOMPARE(rowsShown(model), rowsStored(engine(), {}));
    }

    void liveEntriesCarryTheirStoreId()
    {
        AuditListModel model(engine());
        model.setQuery({});
        createVm(QStringLiteral("Live"), f->admin);
        const AuditEntry stored = must(engine().audit({})).first();
        QCOMPARE(keyOf(model.entry(0)), keyOf(stored));
        // Engine::commit announces the change set's entries as built, before the store numbered them.
        QEXPECT_FAIL("", "core: Engine::auditAppended carries id 0 (Store::apply does not report the ids it assigned)", Continue);
        QCOMPARE(model.entry(0).id, stored.id);
    }

    void filtersAsTheStoreDoes_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("sinceSeconds");  ///< after kStart; -1 = none
        QTest::addColumn<int>("untilSeconds");
        QTest::newRow("everything") << QString() << QString() << QString() << -1 << -1;
        QTest::newRow("action") << "create_workspace" << QString() << QString() << -1 << -1;
        QTest::newRow("actor id") << QString() << "$user.id" << QString() << -1 << -1;
        QTest::newRow("actor email, any case") << QString() << "UMA@Example.TEST" << QString() << -1 << -1;
        QTest::newRow("target") << QString() << QString() << "$vm" << -1 << -1;
        QTest::newRow("since") << QString() << QString() << QString() << 25 << -1;
        QTest::newRow("until") << QString() << QString() << QString() << -1 << 25;
        QTest::newRow("since and until") << QString() << QString() << QString() << 15 << 45;
        QTest::newRow("all at once") << "create_workspace" << "ada@example.test" << QString() << 5 << 1000;
        QTest::newRow("nothing matches") << "no_such_action" << QString() << QString() << -1 << -1;
    }
    void filtersAsTheStoreDoes()
    {
        QFETCH(QString, action);
        QFETCH(QString, actor);
        QFETCH(QString, target);
        QFETCH(int, sinceSeconds);
        QFETCH(int, untilSeconds);

        // Some history by two people, ten seconds apart.
        const Workspace adminVm = createVm(QStringLiteral("Admin's"), f->admin);  // +10
        const Workspace userVm = createVm(QStringLiteral("User's"), f->user);     // +20
        clock.advance(10);                                                        // +30
        const auto launched = await(engine().launchWorkspace(f->user, userVm.id));
        QVERIFY(launched && *launched);

        AuditQuery query;
        query.action = action;
        query.actor = actor == u"$user.id" ? f->user.identity.id : actor;
        query.target = target == u"$vm" ? QStringLiteral("workspace:%1").arg(userVm.id) : target;
        if (sinceSeconds >= 0)
            query.since = kStart.addSecs(sinceSeconds);
        if (untilSeconds >= 0)
            query.until = kStart.addSecs(untilSeconds);

        AuditListModel model(engine());
        QAbstractItemModelTester tester(&model, kFatal);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setQuery(query);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.query().action, query.action);
        const QStringList stored = rowsStored(engine(), query);
        QCOMPARE(rowsShown(model), stored);
        if (QByteArray(QTest::currentDataTag()) != "nothing matches")
            QVERIFY(!stored.isEmpty());
        if (QByteArray(QTest::currentDataTag()) != "everything")
            QVERIFY(stored.size() < must(engine().auditCount({})));

        // More history, live: the rows that come in on top are exactly the ones a reload would show.
        clock.advance(10);  // +40
        const Workspace later = createVm(QStringLiteral("Later"), f->user);  // +50
        clock.advance(10);                                                     // +60
        QVERIFY(await(engine().stopWorkspace(f->admin, userVm.id))->has_value());
        WorkspacePatch rename;
        rename.name = QStringLiteral("Renamed by the admin");
        must(engine().updateWorkspace(f->admin, adminVm.id, rename));
        QVERIFY(await(engine().deleteWorkspace(f->user, later.id))->has_value());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(rowsShown(model), rowsStored(engine(), query));

        // And clearing the filter shows the whole log again.
        model.setQuery({});
        QCOMPARE(rowsShown(model), rowsStored(engine(), {}));
    }

    void pagesThroughALongLog()
    {
        const int before = must(engine().auditCount({}));  // the fixture's identities and the seed
        writeForeignEntries(*f->store, 1000, QStringLiteral("create_token"), kStart);
        writeForeignEntries(*f->store, 450, QStringLiteral("revoke_token"), kStart.addSecs(5));
        const int total = must(engine().auditCount({}));
        QCOMPARE(total, before + 1000 + 450);

        AuditListModel model(engine());
        const auto tester = pagingTester(model);
        // The query's own limit and offset are not the model's: it pages by itself.
        AuditQuery all;
        all.limit = 5;
        all.offset = 10;
        model.setQuery(all);
        QCOMPARE(model.query().limit, AuditListModel::kPageSize);
        QCOMPARE(model.query().offset, 0);
        QCOMPARE(model.rowCount(), AuditListModel::kPageSize);
        QCOMPARE(model.entry(0).action, QStringLiteral("revoke_token"));
        QVERIFY(model.canFetchMore({}));
        QVERIFY(!model.canFetchMore(model.index(0, 0)));

        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * AuditListModel::kPageSize);
        const int fetches = fetchAll(model);
        QCOMPARE(fetches, (total + AuditListModel::kPageSize - 1) / AuditListModel::kPageSize - 2);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(rowsShown(model), rowsStored(engine(), {}));
        QCOMPARE(model.entry(total - 1).action, QStringLiteral("create_identity"));
        model.fetchMore({});  // nothing more: harmless
        QCOMPARE(model.rowCount(), total);

        // Filtered, pages hold only matching entries; a log of exactly two pages ends cleanly.
        AuditQuery revokes;
        revokes.action = QStringLiteral("revoke_token");
        model.setQuery(revokes);
        QCOMPARE(model.rowCount(), AuditListModel::kPageSize);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 450);
        QCOMPARE(rowsShown(model), rowsStored(engine(), revokes));
        AuditQuery creates;
        creates.action = QStringLiteral("create_token");
        creates.until = kStart.addMSecs(400);  // the first 400 of them
        model.setQuery(creates);
        QCOMPARE(fetchAll(model), 2);  // the second page was full, so one more read finds the end
        QCOMPARE(model.rowCount(), 400);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(rowsShown(model), rowsStored(engine(), creates));
    }

    void pagingWhileTheLogGrows()
    {
        writeForeignEntries(*f->store, 1000, QStringLiteral("create_token"), kStart);
        AuditListModel model(engine());
        const auto tester = pagingTester(model);
        model.setQuery({});
        const int atFirst = must(engine().auditCount({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * AuditListModel::kPageSize);

        // The engine's own entries come in on top; the next pages neither repeat nor skip a row.
        for (int i = 0; i < 3; ++i)
            createVm(QStringLiteral("Meanwhile %1").arg(i), f->admin);
        QCOMPARE(model.rowCount(), 2 * AuditListModel::kPageSize + 3);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 3 * AuditListModel::kPageSize + 3);
        QVERIFY(strictlyNewestFirst(model));

        // Another process writes more than a page the engine is not told about: the
        // offsets shift under the model, which must still reach the end of the log.
        writeForeignEntries(*f->store, 250, QStringLiteral("create_token"), kStart.addSecs(100));
        fetchAll(model, 50);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(strictlyNewestFirst(model));
        QCOMPARE(model.rowCount(), atFirst + 3);
        QCOMPARE(rowsShown(model), rowsStored(engine(), {}).mid(250));  // all but the unannounced ones on top
    }
};

ATRIUM_UI_TEST_MAIN(TestAuditListModel)
#include "tst_auditlistmodel.moc"
