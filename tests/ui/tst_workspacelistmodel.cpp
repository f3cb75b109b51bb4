// The catalog's list model and its filter proxy, driven through the engine and
// through the REST API over real HTTP, checked by QAbstractItemModelTester.

#include "apifixture.h"
#include "catalog/workspacefilterproxy.h"
#include "catalog/workspacelistmodel.h"
#include "common/labels.h"
#include "providers/hostregistry.h"
#include "slowhost.h"
#include "simulatedhost.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>

#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::Labels;
using Atrium::Ui::WorkspaceFilterProxy;
using Atrium::Ui::WorkspaceListModel;

namespace {

constexpr auto kFatal = QAbstractItemModelTester::FailureReportingMode::Fatal;
const QString kDefaultHost = QStringLiteral("test:///default");

/// A clock the test moves by hand, so "newest first" has a defined order.
struct ManualClock {
    std::shared_ptr<QDateTime> time = std::make_shared<QDateTime>(QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC));
    std::function<QDateTime()> function() const
    {
        return [t = time] { return *t; };
    }
    void advance(int seconds) { *time = time->addSecs(seconds); }
};

QStringList idsShown(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(WorkspaceListModel::IdRole).toString();
    return ids;
}

QStringList idsOf(const QList<Workspace> &workspaces)
{
    QStringList ids;
    for (const Workspace &w : workspaces)
        ids << w.id;
    return ids;
}

QVariant roleOf(const WorkspaceListModel &model, const QString &id, int role)
{
    return model.index(model.rowOf(id)).data(role);
}

WorkspaceStatus statusOf(const WorkspaceListModel &model, const QString &id)
{
    return WorkspaceStatus(roleOf(model, id, WorkspaceListModel::StatusRole).toInt());
}

/// The rows dataChanged named, one entry per signal: "first-last".
QStringList changedRanges(const QSignalSpy &spy)
{
    QStringList ranges;
    for (const QList<QVariant> &args : spy)
        ranges << QStringLiteral("%1-%2").arg(args.at(0).value<QModelIndex>().row()).arg(args.at(1).value<QModelIndex>().row());
    return ranges;
}

bool rowWasChanged(const QSignalSpy &spy, int row)
{
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).value<QModelIndex>().row() <= row && row <= args.at(1).value<QModelIndex>().row())
            return true;
    }
    return false;
}

WorkspacePatch endpoint(const QString &name, WorkspaceType type, const QString &url, const QString &description)
{
    WorkspacePatch p = loopbackEndpoint(name);
    p.type = type;
    p.url = url;
    p.description = description;
    return p;
}

}  // namespace

class TestWorkspaceListModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheCatalogInOrderWithEveryRole()
    {
        EngineFixture f;
        const Workspace vm = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Build box"))));
        WorkspaceListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, kFatal);

        QCOMPARE(model.rowCount(), f.engine->workspaceCount());
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(idsShown(model), idsOf(f.engine->workspaces()));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.index(row).data(WorkspaceListModel::IdRole).toString()), row);
        QCOMPARE(model.rowOf(QStringLiteral("ws-nope")), -1);

        // A remote endpoint: its URL's host, no libvirt host.
        const QModelIndex sap = model.index(model.rowOf(QStringLiteral("ws-sap-neogenesys")));
        QCOMPARE(sap.data(Qt::DisplayRole).toString(), QStringLiteral("SAP Neogénesys"));
        QCOMPARE(sap.data(WorkspaceListModel::TypeRole).toInt(), int(WorkspaceType::Html5));
        QCOMPARE(sap.data(WorkspaceListModel::HostLabelRole).toString(), QStringLiteral("tsplus.intranet.neosc"));
        QCOMPARE(sap.data(WorkspaceListModel::HostRole).toString(), QString());
        QCOMPARE(sap.data(WorkspaceListModel::HostStateRole).toInt(), -1);
        QCOMPARE(sap.data(WorkspaceListModel::ResourcesRole).toString(),
                 Labels::resources(f.engine->workspace(QStringLiteral("ws-sap-neogenesys"))->resources));
        QVERIFY(sap.data(WorkspaceListModel::SearchTextRole).toString().contains(QStringLiteral("http://tsplus.intranet.neosc/")));

        // A VM on the simulated default host.
        const QModelIndex box = model.index(model.rowOf(vm.id));
        QCOMPARE(box.row(), 5);  // created last, shown last
        QCOMPARE(box.data(WorkspaceListModel::NameRole).toString(), QStringLiteral("Build box"));
        QCOMPARE(box.data(WorkspaceListModel::WorkspaceRole).value<Workspace>(), vm);
        QCOMPARE(box.data(WorkspaceListModel::StatusRole).toInt(), int(WorkspaceStatus::Available));
        QCOMPARE(box.data(WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Available));
        QCOMPARE(box.data(WorkspaceListModel::StatusGroupRole).toString(), QStringLiteral("available"));
        QCOMPARE(box.data(WorkspaceListModel::HostRole).toString(), kDefaultHost);
        QCOMPARE(box.data(WorkspaceListModel::HostLabelRole).toString(), QStringLiteral("simulator"));
        QCOMPARE(box.data(WorkspaceListModel::HostStateRole).toInt(), int(HostState::Connected));
        QCOMPARE(box.data(WorkspaceListModel::ResourcesRole).toString(), Labels::resources(vm.resources));
        // A VM's card says where it runs and how that host virtualizes.
        QCOMPARE(box.data(Qt::ToolTipRole).toString(), QStringLiteral("a small test VM\nHost: simulator \u2014 test:///default (Simulated)"));
        QVERIFY(!box.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(box.data(WorkspaceListModel::CanLaunchRole).toBool(), true);
        QCOMPARE(box.data(WorkspaceListModel::CanStopRole).toBool(), false);
        QCOMPARE(box.data(WorkspaceListModel::BusyRole).toBool(), false);
        QCOMPARE(box.data(WorkspaceListModel::CreatedRole).toDateTime(), vm.createdAt);
        QVERIFY(!model.index(model.rowCount()).isValid());

        const QHash<int, QByteArray> names = model.roleNames();
        QCOMPARE(names.value(WorkspaceListModel::IdRole), QByteArray("workspaceId"));
        QCOMPARE(names.value(WorkspaceListModel::StatusTextRole), QByteArray("statusText"));
        QCOMPARE(names.value(Qt::DisplayRole), QByteArray("display"));
    }

    void followsCreateUpdateLaunchStopAndDelete()
    {
        EngineFixture f;
        WorkspaceListModel model(*f.engine);
        WorkspaceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, kFatal);
        QAbstractItemModelTester proxyTester(&proxy, kFatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Create: one row appended, in the proxy too.
        const Workspace vm = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Lab VM"))));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.rowOf(vm.id), 5);
        QCOMPARE(proxy.rowCount(), 6);
        QCOMPARE(idsShown(proxy), idsOf(f.engine->workspaces()));

        // Update: the row reads the new value at once; the signal comes once per event-loop turn.
        WorkspacePatch rename;
        rename.name = QStringLiteral("Lab VM (renamed)");
        must(f.engine->updateWorkspace(f.admin, vm.id, rename));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::NameRole).toString(), QStringLiteral("Lab VM (renamed)"));
        QTRY_COMPARE(changedRanges(changed), QStringList{QStringLiteral("5-5")});

        // Launch: Pending (busy, no buttons) while the host works, then Running.
        changed.clear();
        auto slow = std::make_unique<SlowHost>(*f.hosts->host(kDefaultHost));
        QFuture<Result<LaunchResult>> launching = f.engine->launchWorkspace(f.admin, vm.id);
        QCOMPARE(statusOf(model, vm.id), WorkspaceStatus::Pending);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::BusyRole).toBool(), true);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::CanLaunchRole).toBool(), false);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::CanStopRole).toBool(), false);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Pending));
        QTRY_VERIFY(rowWasChanged(changed, 5));  // Pending announced, not only readable
        changed.clear();
        slow.reset();
        const auto launched = await(launching);
        QVERIFY(launched && *launched);
        QCOMPARE(statusOf(model, vm.id), WorkspaceStatus::Running);
        QTRY_VERIFY(rowWasChanged(changed, 5));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::StatusGroupRole).toString(), QStringLiteral("running"));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::BusyRole).toBool(), false);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::CanStopRole).toBool(), true);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::CanLaunchRole).toBool(), true);  // opens one more session
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::WorkspaceRole).value<Workspace>(), *f.engine->workspace(vm.id));
        // The launch opened a session: the card says the machine runs and someone uses it.
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::SessionCountRole).toInt(), 1);
        QCOMPARE(Labels::statusInUse(WorkspaceStatus::Running, 1), Labels::status(WorkspaceStatus::Running) + QStringLiteral(" · in use"));
        changed.clear();
        QVERIFY(f.engine->disconnectSession(f.admin, (*launched)->session.id).has_value());
        QTRY_VERIFY(rowWasChanged(changed, 5));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::SessionCountRole).toInt(), 0);  // nobody in it…
        QCOMPARE(statusOf(model, vm.id), WorkspaceStatus::Running);                       // …while it runs
        QCOMPARE(Labels::statusInUse(WorkspaceStatus::Running, 0), Labels::status(WorkspaceStatus::Running));

        // Stop: back to Available.
        changed.clear();
        slow = std::make_unique<SlowHost>(*f.hosts->host(kDefaultHost));
        QFuture<Result<void>> stopping = f.engine->stopWorkspace(f.admin, vm.id);
        QCOMPARE(statusOf(model, vm.id), WorkspaceStatus::Stopping);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::BusyRole).toBool(), true);
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::StatusGroupRole).toString(), QStringLiteral("running"));
        slow.reset();
        const auto stopped = await(stopping);
        QVERIFY(stopped && *stopped);
        QCOMPARE(statusOf(model, vm.id), WorkspaceStatus::Available);
        QTRY_VERIFY(rowWasChanged(changed, 5));
        QCOMPARE(roleOf(model, vm.id, WorkspaceListModel::CanStopRole).toBool(), false);

        // Delete a row in the middle: the rows after it move up and still answer to their ids.
        const QString panel = QStringLiteral("ws-1panel");
        QCOMPARE(model.rowOf(panel), 2);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, panel))->has_value());
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 2);
        QCOMPARE(model.rowOf(panel), -1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOf(vm.id), 4);
        QCOMPARE(idsShown(model), idsOf(f.engine->workspaces()));
        QCOMPARE(idsShown(proxy), idsOf(f.engine->workspaces()));

        // Deleting the launched VM (its domain goes with it).
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm.id))->has_value());
        QCOMPARE(model.rowOf(vm.id), -1);
        QCOMPARE(proxy.rowCount(), 4);

        // Reset: the five defaults again, as one model reset.
        QVERIFY(await(f.engine->resetWorkspaces(f.admin))->has_value());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(idsShown(model), idsOf(f.engine->workspaces()));
        QCOMPARE(proxy.rowCount(), 5);
        QCOMPARE(inserted.size(), 1);
    }

    void aCardTellsWhenItsHostEmulatesBecauseKvmFailed()
    {
        // A real host (a closed port on loopback) whose KVM failed, as the store remembers it.
        const QString host = QStringLiteral("qemu+tcp://127.0.0.1:1/system");
        EngineFixture f({kDefaultHost, host});
        ChangeSet failed;
        failed.hostSettings << HostSettings{host, Virtualization::Auto,
                                            QStringLiteral("qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69"),
                                            QDateTime::currentDateTimeUtc(), true, {}, {}};
        QVERIFY(f.store->apply(failed));
        f.restart();
        WorkspacePatch patch = smallVm(QStringLiteral("On the broken host"));
        patch.hostUri = host;
        const QString id = must(f.engine->createWorkspace(f.admin, patch)).id;
        WorkspaceListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex card = model.index(model.rowOf(id));
        // The card names the host (its URI is in the tooltip and the Hosts table).
        QCOMPARE(card.data(WorkspaceListModel::HostLabelRole).toString(), QStringLiteral("127.0.0.1:1 · KVM unusable here: emulating"));
        const QString tip = card.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Host: 127.0.0.1:1 \u2014 %1 (KVM unusable here: emulating)").arg(host)), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("failed to set MSR 0x10a to 0x69")), qPrintable(tip));

        // An admin's choice clears it on the card at once.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.engine->setHostVirtualization(f.admin, host, Virtualization::Emulation));
        QTRY_VERIFY(!changed.isEmpty());  // the view repaints the card
        QCOMPARE(card.data(WorkspaceListModel::HostLabelRole).toString(), QStringLiteral("127.0.0.1:1"));
        QVERIFY(card.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Emulation (set by an admin)")));
    }

    void batchesChangesIntoContiguousRuns()
    {
        EngineFixture f;
        for (int i = 0; i < 3; ++i)
            must(f.engine->createWorkspace(f.admin, loopbackEndpoint(QStringLiteral("Panel %1").arg(i))));
        WorkspaceListModel model(*f.engine);
        QAbstractItemModelTester tester(&model, kFatal);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Rows 0, 1, 2, 4 and 7 change in one turn: three signals, not five.
        const QList<Workspace> all = f.engine->workspaces();
        for (int row : {4, 0, 2, 7, 1}) {
            WorkspacePatch p;
            p.description = QStringLiteral("changed %1").arg(row);
            must(f.engine->updateWorkspace(f.admin, all.at(row).id, p));
        }
        QCOMPARE(changed.size(), 0);
        QTRY_COMPARE(changedRanges(changed), (QStringList{QStringLiteral("0-2"), QStringLiteral("4-4"), QStringLiteral("7-7")}));

        // A change still pending when a row above it goes: it is sent before the rows move.
        changed.clear();
        WorkspacePatch p;
        p.description = QStringLiteral("last");
        must(f.engine->updateWorkspace(f.admin, all.at(7).id, p));
        const QFuture<Result<void>> deleted = f.engine->deleteWorkspace(f.admin, all.at(3).id);  // no domain: done at once
        QVERIFY(deleted.isFinished() && deleted.result());
        QCOMPARE(changedRanges(changed), QStringList{QStringLiteral("7-7")});
        QTest::qWait(20);
        QCOMPARE(changed.size(), 1);  // and not again with a stale row number
        QCOMPARE(model.rowOf(all.at(7).id), 6);
        QCOMPARE(roleOf(model, all.at(7).id, Qt::ToolTipRole).toString(), QStringLiteral("last"));
    }

    void searchTypeStatusAndHostFilters()
    {
        QTemporaryDir nodeDir;
        const QString secondHost = writeNodeXml(nodeDir);
        EngineFixture f;
        QVERIFY(f.engine->addHost(f.admin, secondHost));
        QTRY_COMPARE(f.hosts->host(secondHost)->info().state, HostState::Connected);

        WorkspaceListModel model(*f.engine);
        WorkspaceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, kFatal);
        QAbstractItemModelTester proxyTester(&proxy, kFatal);

        const QString grafana = must(f.engine->createWorkspace(
            f.admin, endpoint(QStringLiteral("Grafana"), WorkspaceType::Web, QStringLiteral("http://127.0.0.1:3000/dashboards"),
                              QStringLiteral("Metrics dashboards for the lab")))).id;
        const QString gateway = must(f.engine->createWorkspace(
            f.admin, endpoint(QStringLiteral("Finance gateway"), WorkspaceType::Html5, QStringLiteral("https://127.0.0.1:8443/finance"),
                              QStringLiteral("Ledger desktop")))).id;
        WorkspacePatch onSecond = smallVm(QStringLiteral("Builder"));
        onSecond.hostUri = secondHost;
        onSecond.type = WorkspaceType::Dev;
        const QString builder = must(f.engine->createWorkspace(f.admin, onSecond)).id;
        const QString labVm = must(f.engine->createWorkspace(f.admin, smallVm(QStringLiteral("Lab desktop")))).id;
        QCOMPARE(proxy.rowCount(), 9);
        QCOMPARE(roleOf(model, builder, WorkspaceListModel::HostRole).toString(), secondHost);

        // Search: every word somewhere in name, id, description or URL, any case, any order.
        proxy.setSearchText(QStringLiteral("grafana"));
        QCOMPARE(idsShown(proxy), QStringList{grafana});
        proxy.setSearchText(QStringLiteral("  LAB   metrics "));
        QCOMPARE(idsShown(proxy), QStringList{grafana});
        proxy.setSearchText(QStringLiteral("8443/finance"));  // the URL
        QCOMPARE(idsShown(proxy), QStringList{gateway});
        proxy.setSearchText(builder);  // the id
        QCOMPARE(idsShown(proxy), QStringList{builder});
        proxy.setSearchText(QStringLiteral("ledger"));  // the description
        QCOMPARE(idsShown(proxy), QStringList{gateway});
        proxy.setSearchText(QStringLiteral("desktop"));
        QCOMPARE(idsShown(proxy),
                 (QStringList{QStringLiteral("ws-sap-neogenesys"), QStringLiteral("ws-remote-desktop"), QStringLiteral("ws-linux-desktop"),
                              gateway, labVm}));
        proxy.setSearchText(QStringLiteral("desktop nothing-like-this"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setSearchText(QString());
        QCOMPARE(proxy.rowCount(), 9);

        // Type.
        proxy.setTypeFilter(int(WorkspaceType::Linux));
        QCOMPARE(idsShown(proxy), (QStringList{QStringLiteral("ws-linux-desktop"), labVm}));
        proxy.setTypeFilter(int(WorkspaceType::Html5));
        QCOMPARE(idsShown(proxy), (QStringList{QStringLiteral("ws-sap-neogenesys"), gateway}));
        proxy.setTypeFilter(int(WorkspaceType::Admin));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setTypeFilter(std::nullopt);
        QCOMPARE(proxy.rowCount(), 9);

        // Host: the default host holds the VMs without one of their own; endpoints have none.
        proxy.setHostFilter(secondHost);
        QCOMPARE(idsShown(proxy), QStringList{builder});
        proxy.setHostFilter(kDefaultHost);
        QCOMPARE(idsShown(proxy), (QStringList{QStringLiteral("ws-linux-desktop"), labVm}));
        proxy.setHostFilter(QString());

        // Status groups follow the engine as it changes, with no refresh.
        proxy.setStatusGroupFilter(QStringLiteral("running"));
        QCOMPARE(proxy.rowCount(), 0);
        const auto launched = await(f.engine->launchWorkspace(f.admin, labVm));
        QVERIFY(launched && *launched);
        QTRY_COMPARE(idsShown(proxy), QStringList{labVm});
        const auto panel = await(f.engine->launchWorkspace(f.admin, grafana));
        QVERIFY(panel && *panel);
        QTRY_COMPARE(idsShown(proxy), (QStringList{grafana, labVm}));  // catalog order
        QVERIFY(await(f.engine->stopWorkspace(f.admin, labVm))->has_value());
        QTRY_COMPARE(idsShown(proxy), QStringList{grafana});

        WorkspacePatch outOfService;
        outOfService.status = WorkspaceStatus::Stopped;
        must(f.engine->updateWorkspace(f.admin, gateway, outOfService));
        proxy.setStatusGroupFilter(QStringLiteral("stopped"));
        QCOMPARE(idsShown(proxy), QStringList{gateway});
        proxy.setStatusGroupFilter(QStringLiteral("error"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setStatusGroupFilter(QStringLiteral("available"));
        QCOMPARE(proxy.rowCount(), 7);

        // Filters combine.
        proxy.setTypeFilter(int(WorkspaceType::Linux));
        proxy.setSearchText(QStringLiteral("lab"));
        QCOMPARE(idsShown(proxy), QStringList{labVm});
        proxy.setHostFilter(secondHost);
        QCOMPARE(proxy.rowCount(), 0);

        QVERIFY(await(f.engine->stopWorkspace(f.admin, grafana))->has_value());
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, builder))->has_value());
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, labVm))->has_value());
    }

    void sortOrders()
    {
        ManualClock clock;
        EngineOptions options;
        options.clock = clock.function();
        EngineFixture f({kDefaultHost}, options);
        WorkspaceListModel model(*f.engine);
        WorkspaceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, kFatal);

        QStringList created;
        for (const QString &name : {QStringLiteral("charlie"), QStringLiteral("Alpha"), QStringLiteral("bravo")}) {
            clock.advance(60);
            created << must(f.engine->createWorkspace(f.admin, smallVm(name))).id;
        }
        const QStringList defaults{QStringLiteral("ws-sap-neogenesys"), QStringLiteral("ws-remote-desktop"), QStringLiteral("ws-1panel"),
                                   QStringLiteral("ws-linux-desktop"), QStringLiteral("ws-secure-browser")};
        QCOMPARE(idsShown(proxy), defaults + created);  // catalog order

        proxy.setSearchText(QStringLiteral("test VM"));  // the three new ones
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Name);
        QCOMPARE(idsShown(proxy), (QStringList{created.at(1), created.at(2), created.at(0)}));
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Newest);
        QCOMPARE(idsShown(proxy), (QStringList{created.at(2), created.at(1), created.at(0)}));

        // Sorted by status, a launched VM moves after the available ones, live.
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Status);
        QCOMPARE(idsShown(proxy), created);
        const auto launched = await(f.engine->launchWorkspace(f.admin, created.at(0)));
        QVERIFY(launched && *launched);
        QTRY_COMPARE(idsShown(proxy), (QStringList{created.at(1), created.at(2), created.at(0)}));

        // By type: html5 < rdp < web < linux < browser (the enum's order), ties in catalog order.
        proxy.setSearchText(QString());
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Type);
        QCOMPARE(idsShown(proxy),
                 (QStringList{QStringLiteral("ws-sap-neogenesys"), QStringLiteral("ws-remote-desktop"), QStringLiteral("ws-1panel"),
                              QStringLiteral("ws-linux-desktop"), created.at(0), created.at(1), created.at(2),
                              QStringLiteral("ws-secure-browser")}));

        // A new workspace lands where the sort puts it.
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Newest);
        clock.advance(60);
        const QString newest = must(f.engine->createWorkspace(f.admin, loopbackEndpoint(QStringLiteral("Zulu")))).id;
        QCOMPARE(idsShown(proxy).first(), newest);
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Name);
        QCOMPARE(idsShown(proxy).last(), newest);
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Catalog);
        QCOMPARE(idsShown(proxy), defaults + created + QStringList{newest});

        QVERIFY(await(f.engine->stopWorkspace(f.admin, created.at(0)))->has_value());
    }

    void apiChangesShowWithoutRefresh()
    {
        ApiFixture f;
        Engine &engine = *f.engine.engine;
        const HttpClient http = f.client();
        WorkspaceListModel model(engine);
        WorkspaceFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setStatusGroupFilter(QStringLiteral("running"));
        QAbstractItemModelTester modelTester(&model, kFatal);
        QAbstractItemModelTester proxyTester(&proxy, kFatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        const HttpResponse created = http.post(
            QStringLiteral("/api/workspaces"),
            R"({"name":"API VM","type":"linux","description":"made over HTTP","connection_type":"vnc","requires_netbird":false,"cpu":"1 vCPU","memory":"256 MB","storage":"1 GB"})",
            f.bearer(f.admin));
        QCOMPARE(created.status, 200);
        const QString id = created.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowOf(id), 5);
        QCOMPARE(roleOf(model, id, WorkspaceListModel::NameRole).toString(), QStringLiteral("API VM"));
        QCOMPARE(roleOf(model, id, WorkspaceListModel::TypeRole).toInt(), int(WorkspaceType::Linux));
        QCOMPARE(roleOf(model, id, WorkspaceListModel::ResourcesRole).toString(), Labels::resources(engine.workspace(id)->resources));
        QCOMPARE(proxy.rowCount(), 0);

        const HttpResponse launched = http.post(QStringLiteral("/api/workspaces/%1/launch").arg(id), {}, f.bearer(f.admin));
        QCOMPARE(launched.status, 200);
        QCOMPARE(statusOf(model, id), WorkspaceStatus::Running);
        QTRY_VERIFY(rowWasChanged(changed, 5));
        QCOMPARE(roleOf(model, id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));
        QCOMPARE(roleOf(model, id, WorkspaceListModel::CanStopRole).toBool(), true);
        QCOMPARE(idsShown(proxy), QStringList{id});

        changed.clear();
        const HttpResponse renamed = http.put(QStringLiteral("/api/workspaces/%1").arg(id), R"({"name":"API VM, renamed"})", f.bearer(f.admin));
        QCOMPARE(renamed.status, 200);
        QCOMPARE(roleOf(model, id, WorkspaceListModel::NameRole).toString(), QStringLiteral("API VM, renamed"));
        QTRY_VERIFY(rowWasChanged(changed, 5));

        const HttpResponse stopped = http.post(QStringLiteral("/api/workspaces/%1/stop").arg(id), {}, f.bearer(f.admin));
        QCOMPARE(stopped.status, 200);
        QCOMPARE(statusOf(model, id), WorkspaceStatus::Available);
        QTRY_COMPARE(proxy.rowCount(), 0);

        const HttpResponse deleted = http.del(QStringLiteral("/api/workspaces/%1").arg(id), f.bearer(f.admin));
        QCOMPARE(deleted.status, 200);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowOf(id), -1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(idsShown(model), idsOf(engine.workspaces()));

        // A refused request changes nothing.
        const HttpResponse refused = http.post(QStringLiteral("/api/workspaces"), R"({"name":"","type":"web","description":"d"})", f.bearer(f.admin));
        QCOMPARE(refused.status, 400);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 5);
    }

    void tenThousandWorkspacesLoadAndFilter()
    {
        constexpr int kCount = 10000;
        QTemporaryDir nodeDir;
        const QString secondHost = writeNodeXml(nodeDir);
        EngineFixture f({kDefaultHost, secondHost});

        // Written straight to the store in one transaction, then loaded by a fresh engine.
        const QList<WorkspaceType> types{WorkspaceType::Html5, WorkspaceType::Rdp, WorkspaceType::Web, WorkspaceType::Linux,
                                         WorkspaceType::Browser, WorkspaceType::Windows, WorkspaceType::Dev, WorkspaceType::Admin};
        QHash<WorkspaceType, int> perType;
        int onSecondHost = 0, vmsOnDefault = 0, stopped = 0, errors = 0, tagged = 0;
        ChangeSet bulk;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < kCount; ++i) {
            Workspace w;
            w.id = QStringLiteral("ws-bulk-%1").arg(i, 5, 10, QChar(u'0'));
            w.name = QStringLiteral("Bulk %1").arg(i, 5, 10, QChar(u'0'));
            w.type = types.at(i % types.size());
            w.description = i % 100 == 0 ? QStringLiteral("tagged needle") : QStringLiteral("bulk workspace");
            tagged += i % 100 == 0;
            w.createdAt = w.updatedAt = now.addSecs(i);
            if (isVmType(w.type)) {
                w.connectionType = ConnectionType::Vnc;
                w.requiresNetbird = false;
                if (i % 3 == 0) {
                    w.hostUri = secondHost;
                    ++onSecondHost;
                } else {
                    ++vmsOnDefault;
                }
            } else {
                w.url = QStringLiteral("http://127.0.0.1:9/bulk/%1").arg(i);
                w.requiresNetbird = false;
                if (i % 5 == 0) {
                    w.status = WorkspaceStatus::Stopped;
                    ++stopped;
                } else if (i % 7 == 0) {
                    w.status = WorkspaceStatus::Error;
                    w.statusMessage = QStringLiteral("unreachable in this test");
                    ++errors;
                }
            }
            ++perType[w.type];
            bulk.workspaces << w;
        }
        QVERIFY(f.store->apply(bulk));
        f.restart();
        QCOMPARE(f.engine->workspaceCount(), kCount + 5);

        QElapsedTimer timer;
        timer.start();
        WorkspaceListModel model(*f.engine);
        WorkspaceFilterProxy proxy;
        proxy.setSourceModel(&model);
        // The model's tester only: the proxy's would re-walk all 10,000 rows after every one of the
        // thousand row ranges a filter change inserts (30 s here); the tests above check the proxy.
        QAbstractItemModelTester modelTester(&model, kFatal);
        qInfo("model and proxy over %d workspaces: %lld ms", kCount + 5, timer.restart());
        QCOMPARE(model.rowCount(), kCount + 5);
        QCOMPARE(proxy.rowCount(), kCount + 5);
        QCOMPARE(model.rowOf(QStringLiteral("ws-bulk-09999")), kCount + 4);
        QCOMPARE(roleOf(model, QStringLiteral("ws-bulk-04321"), WorkspaceListModel::NameRole).toString(), QStringLiteral("Bulk 04321"));

        // The five defaults: html5, rdp, web, linux (default host), browser; all available.
        proxy.setTypeFilter(int(WorkspaceType::Linux));
        QCOMPARE(proxy.rowCount(), perType.value(WorkspaceType::Linux) + 1);
        proxy.setTypeFilter(int(WorkspaceType::Admin));
        QCOMPARE(proxy.rowCount(), perType.value(WorkspaceType::Admin));
        proxy.setTypeFilter(int(WorkspaceType::Html5));
        QCOMPARE(proxy.rowCount(), perType.value(WorkspaceType::Html5) + 1);
        proxy.setTypeFilter(std::nullopt);

        proxy.setStatusGroupFilter(QStringLiteral("stopped"));
        QCOMPARE(proxy.rowCount(), stopped);
        proxy.setStatusGroupFilter(QStringLiteral("error"));
        QCOMPARE(proxy.rowCount(), errors);
        QCOMPARE(proxy.index(0, 0).data(WorkspaceListModel::StatusTextRole).toString(), QStringLiteral("Error: unreachable in this test"));
        proxy.setStatusGroupFilter(QStringLiteral("available"));
        QCOMPARE(proxy.rowCount(), kCount + 5 - stopped - errors);
        proxy.setStatusGroupFilter(QString());

        proxy.setHostFilter(secondHost);
        QCOMPARE(proxy.rowCount(), onSecondHost);
        proxy.setHostFilter(kDefaultHost);
        QCOMPARE(proxy.rowCount(), vmsOnDefault + 1);
        proxy.setHostFilter(QString());

        proxy.setSearchText(QStringLiteral("needle"));
        QCOMPARE(proxy.rowCount(), tagged);
        proxy.setSearchText(QStringLiteral("bulk 04321"));
        QCOMPARE(idsShown(proxy), QStringList{QStringLiteral("ws-bulk-04321")});
        proxy.setSearchText(QStringLiteral("bulk/777"));  // URLs /bulk/777, /bulk/7770…7779 of endpoint types
        int expected = 0;
        for (int i : {777, 7770, 7771, 7772, 7773, 7774, 7775, 7776, 7777, 7778, 7779})
            expected += !isVmType(types.at(i % types.size()));
        QCOMPARE(proxy.rowCount(), expected);

        // Combined, sorted, and a live change counted at once.
        proxy.setSearchText(QStringLiteral("needle"));
        proxy.setTypeFilter(int(WorkspaceType::Html5));  // i % 8 == 0 and i % 100 == 0: i % 200 == 0
        QCOMPARE(proxy.rowCount(), kCount / 200);
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Newest);
        QCOMPARE(proxy.index(0, 0).data(WorkspaceListModel::IdRole).toString(), QStringLiteral("ws-bulk-09800"));
        proxy.setSortKey(WorkspaceFilterProxy::SortKey::Name);
        QCOMPARE(proxy.index(0, 0).data(WorkspaceListModel::IdRole).toString(), QStringLiteral("ws-bulk-00000"));
        proxy.setSearchText(QString());
        proxy.setTypeFilter(std::nullopt);
        proxy.setStatusGroupFilter(QStringLiteral("stopped"));
        WorkspacePatch outOfService;
        outOfService.status = WorkspaceStatus::Stopped;
        must(f.engine->updateWorkspace(f.admin, QStringLiteral("ws-bulk-00001"), outOfService));
        QTRY_COMPARE(proxy.rowCount(), stopped + 1);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, QStringLiteral("ws-bulk-00010")))->has_value());  // a stopped web endpoint
        QCOMPARE(proxy.rowCount(), stopped);
        QCOMPARE(model.rowCount(), kCount + 4);
        // About 150 ms on this 2-core machine: a generous bound that still catches per-row work gone quadratic.
        qInfo("filters, sorts and live changes over %d workspaces: %lld ms", kCount + 5, timer.elapsed());
        QVERIFY(timer.elapsed() < 10000);
    }
};

ATRIUM_UI_TEST_MAIN(TestWorkspaceListModel)
#include "tst_workspacelistmodel.moc"
