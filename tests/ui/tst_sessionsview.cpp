#include "common/labels.h"
#include "sessions/sessionlistmodel.h"
#include "sessions/sessionsview.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::Labels;
using Atrium::Ui::SessionListModel;
using Atrium::Ui::SessionsView;

namespace {

QString createEndpoint(EngineFixture &f, const QString &name)
{
    return must(f.engine->createWorkspace(f.admin, loopbackEndpoint(name))).id;
}

/// The row the table shows @p sessionId on; -1 when filtered away.
int shownRow(const SessionsView &view, const QString &sessionId)
{
    const QAbstractItemModel *shown = view.table()->model();
    for (int row = 0; row < shown->rowCount(); ++row) {
        if (shown->index(row, 0).data(SessionListModel::SessionIdRole).toString() == sessionId)
            return row;
    }
    return -1;
}

void select(SessionsView &view, const QStringList &sessionIds)
{
    QItemSelectionModel *selection = view.table()->selectionModel();
    selection->clearSelection();
    for (const QString &id : sessionIds) {
        const int row = shownRow(view, id);
        QVERIFY2(row >= 0, qPrintable(id));
        selection->select(view.table()->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

bool isActive(const EngineFixture &f, const QString &sessionId)
{
    const QList<Session> active = f.engine->activeSessions();
    return std::any_of(active.cbegin(), active.cend(), [&](const Session &s) { return s.id == sessionId; });
}

}  // namespace

class TestSessionsView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableIsSetUp()
    {
        EngineFixture f;
        SessionsView view(*f.engine, f.admin);
        QTableView *table = view.table();
        QVERIFY(table->isSortingEnabled());
        QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
        QCOMPARE(table->selectionMode(), QAbstractItemView::ExtendedSelection);
        QVERIFY(table->horizontalHeader()->stretchLastSection());
        QCOMPARE(table->horizontalHeader()->sectionResizeMode(0), QHeaderView::ResizeToContents);
        QVERIFY(view.activeOnlyBox()->isChecked());
        QVERIFY(!view.disconnectButton()->isEnabled());
        QCOMPARE(view.activeOnlyBox()->text(), QStringLiteral("Active only"));
    }

    void activeOnlyFilter()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        SessionsView view(*f.engine, f.admin);
        QAbstractItemModelTester sourceTester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shownTester(view.table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const Session first = launchOrDie(f, f.user, endpoint);
        const Session second = launchOrDie(f, f.admin, endpoint);
        QCOMPARE(view.table()->model()->rowCount(), 2);

        QVERIFY(f.engine->disconnectSession(f.admin, first.id));
        QCOMPARE(view.table()->model()->rowCount(), 1);  // the ended one leaves the active-only list
        QCOMPARE(shownRow(view, second.id), 0);

        view.activeOnlyBox()->setChecked(false);
        QCOMPARE(view.table()->model()->rowCount(), 2);
        QVERIFY(shownRow(view, first.id) >= 0);

        view.activeOnlyBox()->setChecked(true);
        QCOMPARE(view.table()->model()->rowCount(), 1);
    }

    void disconnectFollowsSelection()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const Session ended = launchOrDie(f, f.user, endpoint);
        QVERIFY(f.engine->disconnectSession(f.user, ended.id));
        const Session active = launchOrDie(f, f.user, endpoint);

        SessionsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&view, &SessionsView::errorOccurred);
        view.activeOnlyBox()->setChecked(false);
        QCOMPARE(view.table()->model()->rowCount(), 2);

        QVERIFY(!view.disconnectButton()->isEnabled());
        select(view, {ended.id});
        QVERIFY(!view.disconnectButton()->isEnabled());
        select(view, {active.id});
        QVERIFY(view.disconnectButton()->isEnabled());
        select(view, {ended.id, active.id});
        QVERIFY(view.disconnectButton()->isEnabled());
        QCOMPARE(view.selectedActiveIds(), QStringList{active.id});

        QTest::mouseClick(view.disconnectButton(), Qt::LeftButton);
        QCOMPARE(errors.size(), 0);  // the ended one was skipped, not refused
        QVERIFY(!isActive(f, active.id));
        const int row = view.model()->rowOf(active.id);
        QCOMPARE(view.model()->index(row, SessionListModel::Status).data().toString(),
                 Labels::sessionStatus(SessionStatus::Disconnected));
        QVERIFY(!view.disconnectButton()->isEnabled());  // the selection holds no active session any more
    }

    void disconnectedRowLeavesActiveList()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const Session one = launchOrDie(f, f.user, endpoint);
        const Session two = launchOrDie(f, f.admin, endpoint);
        SessionsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        select(view, {one.id});
        QTest::mouseClick(view.disconnectButton(), Qt::LeftButton);
        QCOMPARE(view.table()->model()->rowCount(), 1);
        QCOMPARE(shownRow(view, one.id), -1);
        QVERIFY(isActive(f, two.id));
        QVERIFY(!view.disconnectButton()->isEnabled());
    }

    void userMayNotDisconnectSomeoneElses()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const Session admins = launchOrDie(f, f.admin, endpoint);
        const Session own = launchOrDie(f, f.user, endpoint);

        SessionsView view(*f.engine, f.user);
        QSignalSpy errors(&view, &SessionsView::errorOccurred);
        select(view, {admins.id});
        QVERIFY(view.disconnectButton()->isEnabled());
        QTest::mouseClick(view.disconnectButton(), Qt::LeftButton);
        QCOMPARE(errors.size(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("ada@example.test")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Session not found")), qPrintable(message));
        QVERIFY(isActive(f, admins.id));

        select(view, {own.id});
        QTest::mouseClick(view.disconnectButton(), Qt::LeftButton);
        QCOMPARE(errors.size(), 1);
        QVERIFY(!isActive(f, own.id));
    }

    void showsOneWorkspace()
    {
        EngineFixture f;
        const QString one = createEndpoint(f, QStringLiteral("One"));
        const QString two = createEndpoint(f, QStringLiteral("Two"));
        const Session onOne = launchOrDie(f, f.user, one);
        launchOrDie(f, f.user, two);

        SessionsView view(*f.engine, f.admin);
        QCOMPARE(view.table()->model()->rowCount(), 2);
        view.setWorkspaceFilter(one);
        QCOMPARE(view.table()->model()->rowCount(), 1);
        QCOMPARE(shownRow(view, onOne.id), 0);
        QVERIFY(view.table()->isColumnHidden(SessionListModel::Workspace));
        view.setWorkspaceFilter(QString());
        QCOMPARE(view.table()->model()->rowCount(), 2);
        QVERIFY(!view.table()->isColumnHidden(SessionListModel::Workspace));
    }

    void screenshot()
    {
        EngineFixture f;
        const Actor otto = f.actorFor(QStringLiteral("Otto Operator"), QStringLiteral("otto@example.test"), Role::User);
        const QString grafana = createEndpoint(f, QStringLiteral("Grafana"));
        const QString panel = createEndpoint(f, QStringLiteral("1Panel admin"));
        const QString vm = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Ubuntu desktop")))).id;

        const Session old = launchOrDie(f, otto, panel);
        QVERIFY(f.engine->disconnectSession(otto, old.id));
        launchOrDie(f, f.user, grafana);
        const Session onVm = launchOrDie(f, f.admin, vm);
        launchOrDie(f, otto, grafana);
        const Session brief = launchOrDie(f, f.user, panel);
        QVERIFY(f.engine->disconnectSession(f.admin, brief.id));

        SessionsView view(*f.engine, f.admin);
        view.activeOnlyBox()->setChecked(false);
        select(view, {onVm.id});
        view.resize(1100, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::qWait(1100);
        QVERIFY(view.grab().save(QStringLiteral("/tmp/sessionsview.png")));

        view.activeOnlyBox()->setChecked(true);
        QCOMPARE(view.table()->model()->rowCount(), 3);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm))->has_value());
    }
};

ATRIUM_UI_TEST_MAIN(TestSessionsView)
#include "tst_sessionsview.moc"
