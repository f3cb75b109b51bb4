#include "common/labels.h"
#include "sessions/sessionlistmodel.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QSignalSpy>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::Labels;
using Atrium::Ui::SessionListModel;

namespace {

QString cell(const SessionListModel &model, const QString &sessionId, int column)
{
    return model.index(model.rowOf(sessionId), column).data().toString();
}

QString createEndpoint(EngineFixture &f, const QString &name)
{
    return must(f.engine->createWorkspace(f.admin, loopbackEndpoint(name))).id;
}

}  // namespace

class TestSessionListModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsExistingSessionsNewestFirst()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Grafana"));
        const Session first = launchOrDie(f, f.user, endpoint);
        const Session second = launchOrDie(f, f.admin, endpoint);

        SessionListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(SessionListModel::ColumnCount));
        QCOMPARE(model.index(0, 0).data(SessionListModel::SessionIdRole).toString(), second.id);
        QCOMPARE(model.index(1, 0).data(SessionListModel::SessionIdRole).toString(), first.id);

        QCOMPARE(cell(model, first.id, SessionListModel::Workspace), QStringLiteral("Grafana"));
        QCOMPARE(cell(model, first.id, SessionListModel::User), QStringLiteral("uma@example.test"));
        QCOMPARE(cell(model, first.id, SessionListModel::Status), Labels::sessionStatus(SessionStatus::Active));
        QCOMPARE(cell(model, first.id, SessionListModel::Started),
                 first.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(cell(model, first.id, SessionListModel::Tunnel), Labels::tunnel(TunnelStatus::Unavailable));
        QCOMPARE(cell(model, first.id, SessionListModel::Mfa), QStringLiteral("No"));
        QCOMPARE(cell(model, first.id, SessionListModel::Address), QStringLiteral("127.0.0.1"));

        const QModelIndex index = model.index(model.rowOf(first.id), SessionListModel::Status);
        QCOMPARE(index.data(SessionListModel::WorkspaceIdRole).toString(), endpoint);
        QCOMPARE(index.data(SessionListModel::ActiveRole).toBool(), true);
        const auto session = index.data(SessionListModel::SessionRole).value<Session>();
        QCOMPARE(session.id, first.id);
        QCOMPARE(session.userId, f.user.identity.id);
        QCOMPARE(index.data(Qt::ForegroundRole).value<QColor>(),
                 Labels::hostStateColor(HostState::Connected, QGuiApplication::palette()));
        QVERIFY(!model.index(0, SessionListModel::User).data(Qt::ForegroundRole).isValid());

        QCOMPARE(model.headerData(SessionListModel::Duration, Qt::Horizontal).toString(), QStringLiteral("Duration"));
        QCOMPARE(model.headerData(SessionListModel::Mfa, Qt::Horizontal).toString(), QStringLiteral("MFA"));
    }

    void followsLaunchDisconnectAndStop()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const QString vm = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Sim VM")))).id;

        SessionListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        const Session panel = launchOrDie(f, f.user, endpoint);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowOf(panel.id), 0);
        QCOMPARE(cell(model, panel.id, SessionListModel::Status), Labels::sessionStatus(SessionStatus::Active));

        const Session onVm = launchOrDie(f, f.admin, vm);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(onVm.id), 0);  // new sessions go on top
        QCOMPARE(model.rowOf(panel.id), 1);
        QCOMPARE(cell(model, onVm.id, SessionListModel::Workspace), QStringLiteral("Sim VM"));
        QCOMPARE(cell(model, onVm.id, SessionListModel::Tunnel), Labels::tunnel(TunnelStatus::NotRequired));

        // Disconnect: same row, new status, the duration frozen at endedAt - startedAt.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const Session disconnected = must(f.engine->disconnectSession(f.user, panel.id));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(cell(model, panel.id, SessionListModel::Status), Labels::sessionStatus(SessionStatus::Disconnected));
        const QModelIndex status = model.index(model.rowOf(panel.id), SessionListModel::Status);
        QCOMPARE(status.data(SessionListModel::ActiveRole).toBool(), false);
        QVERIFY(!status.data(Qt::ForegroundRole).isValid());
        QCOMPARE(cell(model, panel.id, SessionListModel::Duration),
                 Labels::duration(disconnected.startedAt.secsTo(disconnected.endedAt)));
        QVERIFY(status.data(SessionListModel::SessionRole).value<Session>().endedAt.isValid());

        // Stopping the VM terminates its session.
        QVERIFY(await(f.engine->stopWorkspace(f.admin, vm))->has_value());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, onVm.id, SessionListModel::Status), Labels::sessionStatus(SessionStatus::Terminated));
        QCOMPARE(model.index(model.rowOf(onVm.id), 0).data(SessionListModel::ActiveRole).toBool(), false);
        QCOMPARE(inserted.size(), 2);

        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm))->has_value());
    }

    void durationTicksForActiveSessionsOnly()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const Session first = launchOrDie(f, f.user, endpoint);
        const Session ended = launchOrDie(f, f.user, endpoint);
        QVERIFY(f.engine->disconnectSession(f.user, ended.id));
        const Session last = launchOrDie(f, f.admin, endpoint);

        SessionListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Newest first: active, ended, active: two runs of active rows.
        QCOMPARE(model.rowOf(last.id), 0);
        QCOMPARE(model.rowOf(ended.id), 1);
        QCOMPARE(model.rowOf(first.id), 2);

        const QString activeBefore = cell(model, first.id, SessionListModel::Duration);
        const QString endedBefore = cell(model, ended.id, SessionListModel::Duration);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTest::qWait(1100);

        QVERIFY(cell(model, first.id, SessionListModel::Duration) != activeBefore);
        QCOMPARE(cell(model, ended.id, SessionListModel::Duration), endedBefore);
        QVERIFY(changed.size() >= 2);
        QCOMPARE(changed.size() % 2, 0);  // one signal per run, each tick
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const auto topLeft = args.at(0).value<QModelIndex>();
            const auto bottomRight = args.at(1).value<QModelIndex>();
            QCOMPARE(topLeft.column(), int(SessionListModel::Duration));
            QCOMPARE(bottomRight.column(), int(SessionListModel::Duration));
            QCOMPARE(topLeft.row(), bottomRight.row());
            QVERIFY(topLeft.row() == 0 || topLeft.row() == 2);
            QVERIFY(args.at(2).value<QList<int>>().contains(Qt::DisplayRole));
        }
    }

    void adjacentActiveRowsShareOneSignal()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        launchOrDie(f, f.user, endpoint);
        launchOrDie(f, f.admin, endpoint);
        launchOrDie(f, f.user, endpoint);

        SessionListModel model(*f.engine);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTest::qWait(1100);
        QVERIFY(!changed.isEmpty());
        for (const QList<QVariant> &args : std::as_const(changed)) {
            QCOMPARE(args.at(0).value<QModelIndex>().row(), 0);
            QCOMPARE(args.at(1).value<QModelIndex>().row(), 2);
        }
    }

    void noTimerWorkWithoutActiveSessions()
    {
        EngineFixture f;
        const QString endpoint = createEndpoint(f, QStringLiteral("Panel"));
        const Session s = launchOrDie(f, f.user, endpoint);

        SessionListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(f.engine->disconnectSession(f.user, s.id));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTest::qWait(1100);
        QCOMPARE(changed.size(), 0);

        // A new active session starts the ticks again.
        launchOrDie(f, f.user, endpoint);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 2000);
    }

    void filtersOneWorkspace()
    {
        EngineFixture f;
        const QString one = createEndpoint(f, QStringLiteral("One"));
        const QString two = createEndpoint(f, QStringLiteral("Two"));
        const Session onOne = launchOrDie(f, f.user, one);
        launchOrDie(f, f.user, two);

        SessionListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        model.setWorkspaceFilter(one);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(SessionListModel::SessionIdRole).toString(), onOne.id);

        launchOrDie(f, f.admin, two);  // not this workspace's
        QCOMPARE(model.rowCount(), 1);
        const Session again = launchOrDie(f, f.admin, one);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(again.id), 0);

        model.setWorkspaceFilter(QString());
        QCOMPARE(model.rowCount(), 4);
    }
};

ATRIUM_UI_TEST_MAIN(TestSessionListModel)
#include "tst_sessionlistmodel.moc"
