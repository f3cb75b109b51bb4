#include "audit/auditlistmodel.h"
#include "audit/auditview.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>

#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::AuditListModel;
using Atrium::Ui::AuditView;

class TestAuditView final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> f;
    std::unique_ptr<AuditView> view;
    std::unique_ptr<QAbstractItemModelTester> tester;

    Engine &engine() { return *f->engine; }
    int storedCount(const AuditQuery &query = {}) { return must(engine().auditCount(query)); }
    QString countLabel() { return view->countText(); }
    QString action(int row)
    {
        return view->model()->data(view->model()->index(row, AuditListModel::ActionColumn)).toString();
    }

    Workspace createVm(const QString &name = QStringLiteral("Audit VM"))
    {
        auto created = engine().createWorkspace(f->admin, smallVm(name));
        if (!created)
            qFatal("cannot create a VM: %s", qPrintable(created.error().message));
        return *created;
    }

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<EngineFixture>();
        view = std::make_unique<AuditView>(engine());
        tester = std::make_unique<QAbstractItemModelTester>(view->model(),
                                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        tester.reset();
        view.reset();
        f.reset();
    }

    void showsTheWholeLogAtFirst()
    {
        QCOMPARE(view->table()->model(), view->model());
        QCOMPARE(view->model()->rowCount(), storedCount());
        QCOMPARE(countLabel(), QStringLiteral("%1 entries").arg(storedCount()));
        QCOMPARE(action(0), QStringLiteral("seed_defaults"));
    }

    void tableIsReadableRowByRow()
    {
        QTableView *table = view->table();
        QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
        QVERIFY(table->horizontalHeader()->stretchLastSection());
        QCOMPARE(table->textElideMode(), Qt::ElideRight);
        QVERIFY(!table->wordWrap());
        QCOMPARE(table->editTriggers(), QAbstractItemView::NoEditTriggers);

        WorkspacePatch patch = smallVm(QStringLiteral("A workspace with a rather long name, so the detail is long"));
        patch.description = QString(200, u'x');
        must(engine().createWorkspace(f->admin, patch));
        const QModelIndex detail = view->model()->index(0, AuditListModel::DetailColumn);
        QCOMPARE(detail.data(Qt::ToolTipRole).toString(), detail.data().toString());
        QVERIFY(detail.data(Qt::ToolTipRole).toString().contains(u"rather long name"));

        table->selectRow(0);
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), int(AuditListModel::ColumnCount));
    }

    void offersTheActionsAtriumWrites()
    {
        auto *combo = view->findChild<QComboBox *>(QStringLiteral("actionFilter"));
        QVERIFY(combo);
        QVERIFY(combo->isEditable());
        QCOMPARE(combo->itemText(0), QString());
        QStringList actions;
        for (int i = 1; i < combo->count(); ++i)
            actions << combo->itemText(i);
        for (const char *expected : {"launch_workspace", "stop_workspace", "start_workspace", "create_workspace",
                                     "update_workspace", "delete_workspace", "reset_workspaces", "disconnect_session",
                                     "domain_stopped", "reconcile_workspace", "sync_workspace", "add_host",
                                     "remove_host", "create_token", "revoke_token", "create_identity",
                                     "update_identity", "seed_defaults"})
            QVERIFY2(actions.contains(QLatin1StringView(expected)), expected);
        QCOMPARE(actions.size(), 18);
    }

    void filtersByActionAndCountsLive()
    {
        const Workspace vm = createVm();
        createVm(QStringLiteral("Another"));
        view->setActionFilter(QStringLiteral("create_workspace"));
        QCOMPARE(view->model()->rowCount(), 2);
        QCOMPARE(countLabel(), QStringLiteral("2 entries"));
        createVm(QStringLiteral("Third"));
        QCOMPARE(view->model()->rowCount(), 3);
        QCOMPARE(countLabel(), QStringLiteral("3 entries"));
        auto launched = await(engine().launchWorkspace(f->admin, vm.id));
        QVERIFY(launched && *launched);
        QCOMPARE(countLabel(), QStringLiteral("3 entries"));  // another action: not counted

        view->setActionFilter(QString());
        QCOMPARE(view->model()->rowCount(), storedCount());
        QCOMPARE(action(0), QStringLiteral("launch_workspace"));
    }

    void typingAnActionFiltersAfterAPause()
    {
        const Workspace vm = createVm();
        auto launched = await(engine().launchWorkspace(f->admin, vm.id));
        QVERIFY(launched && *launched);
        auto *combo = view->findChild<QComboBox *>(QStringLiteral("actionFilter"));
        QSignalSpy reset(view->model(), &QAbstractItemModel::modelReset);
        QTest::keyClicks(combo->lineEdit(), QStringLiteral("launch_workspace"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QCOMPARE(reset.size(), 1);  // one query for the whole word, not one per key
        QCOMPARE(action(0), QStringLiteral("launch_workspace"));
        QCOMPARE(countLabel(), QStringLiteral("1 entries"));
    }

    void filtersByActor()
    {
        WorkspacePatch own = smallVm(QStringLiteral("The user's"));
        own.ownerId = f->user.identity.id;
        must(engine().createWorkspace(f->user, own));
        createVm();
        view->setActorFilter(f->user.identity.email);
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->data(view->model()->index(0, AuditListModel::ActorColumn)).toString(),
                 f->user.identity.email);
        view->setActorFilter(f->admin.identity.id);
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(action(0), QStringLiteral("create_workspace"));

        auto *actor = view->findChild<QLineEdit *>(QStringLiteral("actorFilter"));
        QVERIFY(actor);
        QCOMPARE(actor->text(), f->admin.identity.id);
        view->setActorFilter(QString());
        QCOMPARE(view->model()->rowCount(), storedCount());
    }

    void filtersBySince()
    {
        createVm(QStringLiteral("Before"));
        QTest::qWait(1100);  // the time editor counts whole seconds
        const QDateTime cut = QDateTime::currentDateTimeUtc();
        QTest::qWait(50);
        view->setSince(cut);
        auto *enabled = view->findChild<QCheckBox *>(QStringLiteral("sinceEnabled"));
        auto *since = view->findChild<QDateTimeEdit *>(QStringLiteral("since"));
        QVERIFY(enabled->isChecked());
        QVERIFY(since->isEnabled());
        QCOMPARE(view->model()->rowCount(), 0);
        QCOMPARE(countLabel(), QStringLiteral("0 entries"));
        createVm(QStringLiteral("After"));
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(countLabel(), QStringLiteral("1 entries"));

        view->setSince(QDateTime::currentDateTimeUtc().addSecs(3600));
        QCOMPARE(view->model()->rowCount(), 0);

        view->setSince({});
        QVERIFY(!enabled->isChecked());
        QVERIFY(!since->isEnabled());
        QCOMPARE(view->model()->rowCount(), storedCount());

        // Unticking "Since" by hand shows everything again too.
        view->setSince(QDateTime::currentDateTimeUtc().addSecs(3600));
        QCOMPARE(view->model()->rowCount(), 0);
        enabled->setChecked(false);
        QCOMPARE(view->model()->rowCount(), storedCount());
    }

    void screenshot()
    {
        const Workspace vm = createVm(QStringLiteral("Ubuntu Desktop"));
        WorkspacePatch tunnelled = loopbackEndpoint(QStringLiteral("SAP gateway"));
        tunnelled.requiresNetbird = true;
        const Workspace gateway = must(engine().createWorkspace(f->admin, tunnelled));
        QVERIFY(await(engine().launchWorkspace(f->admin, gateway.id)));
        QVERIFY(await(engine().launchWorkspace(f->admin, vm.id)));
        QVERIFY(await(engine().stopWorkspace(f->admin, vm.id)));
        WorkspacePatch own = smallVm(QStringLiteral("Uma's sandbox"));
        own.ownerId = f->user.identity.id;
        must(engine().createWorkspace(f->user, own));
        view->resize(900, 600);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        QTRY_VERIFY(view->model()->rowCount() >= 6);
        QVERIFY(view->grab().save(QStringLiteral("/tmp/auditview.png")));
    }
};

ATRIUM_UI_TEST_MAIN(TestAuditView)
#include "tst_auditview.moc"
