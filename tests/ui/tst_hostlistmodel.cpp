#include "common/labels.h"
#include "hosts/hostlistmodel.h"
#include "testsupport.h"
#include "simulatedhost.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QGuiApplication>
#include <QLocale>
#include <QSignalSpy>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::HostListModel;
using Atrium::Ui::Labels;

namespace {

/// A local file libvirt's test driver reads: no traffic anywhere.
const QString kMissingHost = QStringLiteral("test:///nonexistent/x.xml");

QString cell(const HostListModel &model, const QString &uri, int column)
{
    return model.index(model.rowOf(uri), column).data().toString();
}

HostState stateOf(const HostListModel &model, const QString &uri)
{
    return HostState(model.index(model.rowOf(uri), 0).data(HostListModel::StateRole).toInt());
}

}  // namespace

class TestHostListModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Figures are formatted for the locale; pin one so the expected text is stable.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void showsTheEnginesHosts()
    {
        EngineFixture f;
        HostListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), int(HostListModel::ColumnCount));
        const QString uri = QStringLiteral("test:///default");
        const HostInfo info = f.hosts->host(uri)->info();
        QCOMPARE(model.index(0, 0).data(HostListModel::UriRole).toString(), uri);
        QCOMPARE(cell(model, uri, HostListModel::Uri), uri);
        QCOMPARE(cell(model, uri, HostListModel::State), Labels::hostState(HostState::Connected));
        QCOMPARE(cell(model, uri, HostListModel::Kind), QStringLiteral("Simulated (libvirt test driver)"));
        QVERIFY(model.index(0, HostListModel::Kind).data(HostListModel::SimulatedRole).toBool());
        QVERIFY(!model.index(0, HostListModel::Kind).data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(cell(model, uri, HostListModel::Hypervisor), QStringLiteral("%1 (%2)").arg(info.hypervisor, info.virtType));
        QCOMPARE(cell(model, uri, HostListModel::Cpus), QString::number(info.cpus));
        QCOMPARE(cell(model, uri, HostListModel::Memory), HostListModel::formatMemory(info.memoryMb));
        QCOMPARE(cell(model, uri, HostListModel::RunningDomains), QString::number(info.runningDomains));
        QVERIFY(cell(model, uri, HostListModel::LastError).isEmpty());
        QCOMPARE(model.index(0, HostListModel::State).data(Qt::ForegroundRole).value<QColor>(),
                 Labels::hostStateColor(HostState::Connected, QGuiApplication::palette()));
        QCOMPARE(model.headerData(HostListModel::FreeMemory, Qt::Horizontal).toString(), QStringLiteral("Free memory"));
    }

    void formatsMemory()
    {
        QCOMPARE(HostListModel::formatMemory(15974), QStringLiteral("15.6 GB"));
        QCOMPARE(HostListModel::formatMemory(8192), QStringLiteral("8 GB"));
        QCOMPARE(HostListModel::formatMemory(512), QStringLiteral("512 MB"));
        QCOMPARE(HostListModel::formatMemory(1536), QStringLiteral("1.5 GB"));
    }

    void followsAddStateChangeAndRemove()
    {
        EngineFixture f;
        HostListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        QVERIFY(f.engine->addHost(f.admin, kMissingHost));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(kMissingHost), 1);  // registry order: added last

        QTRY_COMPARE(stateOf(model, kMissingHost), HostState::Failed);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(cell(model, kMissingHost, HostListModel::State), Labels::hostState(HostState::Failed));
        QVERIFY(!cell(model, kMissingHost, HostListModel::LastError).isEmpty());
        QCOMPARE(cell(model, kMissingHost, HostListModel::Memory), QString(QChar(0x2014)));
        QCOMPARE(cell(model, kMissingHost, HostListModel::Cpus), QString(QChar(0x2014)));
        QCOMPARE(model.index(model.rowOf(kMissingHost), HostListModel::State).data(Qt::ForegroundRole).value<QColor>(),
                 Labels::hostStateColor(HostState::Failed, QGuiApplication::palette()));

        // A reconnect attempt shows up as a state change again.
        changed.clear();
        QVERIFY(f.engine->reconnectHost(kMissingHost));
        QTRY_VERIFY(!changed.isEmpty());
        QTRY_COMPARE(stateOf(model, kMissingHost), HostState::Failed);

        QVERIFY(f.engine->removeHost(f.admin, kMissingHost));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(kMissingHost), -1);
    }

    void showsCapacityOfAConnectedHost()
    {
        EngineFixture f;
        HostListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTemporaryDir dir;
        const QString uri = writeNodeXml(dir, {.cores = 4, .threadsPerCore = 2, .memoryKiB = 16357376});
        QVERIFY(f.engine->addHost(f.admin, uri));
        QTRY_COMPARE(stateOf(model, uri), HostState::Connected);
        QCOMPARE(cell(model, uri, HostListModel::Memory), QStringLiteral("15.6 GB"));
        QCOMPARE(cell(model, uri, HostListModel::Cpus), QStringLiteral("8"));
        QCOMPARE(cell(model, uri, HostListModel::Kind), QStringLiteral("Simulated (libvirt test driver)"));
        QVERIFY(f.engine->removeHost(f.admin, uri));
    }
};

ATRIUM_UI_TEST_MAIN(TestHostListModel)
#include "tst_hostlistmodel.moc"
