// What is clicked in the window reaches GET /api/events like what is asked of the API: the
// window and the API are two faces of one engine.

#include "apifixture.h"
#include "catalog/catalogview.h"
#include "catalog/workspacecarddelegate.h"
#include "catalog/workspacelistmodel.h"
#include "eventstreamclient.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "uitestmain.h"
#include "viewer/sessionviewers.h"
#include "windowparts.h"

#include <QElapsedTimer>
#include <QListView>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::MainWindow;
using Atrium::Ui::WorkspaceCardDelegate;
using Atrium::Ui::WorkspaceListModel;

namespace {

void clickButton(MainWindow &window, const QString &id, WorkspaceCardDelegate::Button button)
{
    Ui::CatalogView &catalog = *catalogOf(window);
    const auto *model = workspaceModelOf(window);
    const auto *proxy = static_cast<const QSortFilterProxyModel *>(catalog.listView()->model());
    const QModelIndex index = proxy->mapFromSource(model->index(model->rowOf(id)));
    catalog.listView()->scrollTo(index);
    const QRect rect = WorkspaceCardDelegate::buttonRect(catalog.listView()->visualRect(index), button);
    QTest::mouseClick(catalog.listView()->viewport(), Qt::LeftButton, {}, rect.center());
}

}  // namespace

class TestWindowEvents : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void clicksInTheWindowAreEventsOnTheStream()
    {
        ApiFixture f;
        const QString vm = must(f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Clicked VM")))).id;
        MainWindow window(*f.engine.engine, f.metrics.get(), f.engine.admin, QStringLiteral("http://127.0.0.1:%1").arg(f.port));
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        EventStream admin(f.port, f.bearer(f.admin));
        EventStream someone(f.port, f.bearer(f.other));
        QCOMPARE(admin.status(), 200);

        // Launch, clicked on the card.
        QElapsedTimer timer;
        timer.start();
        clickButton(window, vm, WorkspaceCardDelegate::Button::Launch);
        const auto created = admin.next("session.created", 5000);
        QVERIFY(created);
        const qint64 launchMs = timer.elapsed();
        QCOMPARE(created->data.value(QStringLiteral("workspace_name")).toString(), QStringLiteral("Clicked VM"));
        QCOMPARE(created->data.value(QStringLiteral("client")).isUndefined(), true);  // the document's fields only
        const QString session = created->data.value(QStringLiteral("id")).toString();

        // Closing the console window it opened: the person left.
        QTRY_VERIFY(viewersOf(window)->viewer(vm));
        timer.restart();
        viewersOf(window)->viewer(vm)->close();
        const auto left = admin.next("session.updated", 5000);
        QVERIFY(left);
        const qint64 disconnectMs = timer.elapsed();
        QCOMPARE(left->data.value(QStringLiteral("id")).toString(), session);
        QCOMPARE(left->data.value(QStringLiteral("status")).toString(), QStringLiteral("disconnected"));

        // Stop, clicked on the card.
        QTRY_VERIFY(workspaceModelOf(window)->index(workspaceModelOf(window)->rowOf(vm)).data(WorkspaceListModel::CanStopRole).toBool());
        timer.restart();
        clickButton(window, vm, WorkspaceCardDelegate::Button::Stop);
        QVERIFY(QTest::qWaitFor([&] {
            for (const auto &e : admin.events()) {
                if (e.type == "workspace.updated" && e.data.value(QStringLiteral("state")).toString() == u"stopping")
                    return true;
            }
            return false;
        }, 5000));
        qInfo("click → event: launch %lld ms, close viewer → disconnect %lld ms, stop → stopping %lld ms", launchMs,
              disconnectMs, timer.elapsed());
        // Someone else saw the shared workspace change, never the admin's session.
        QVERIFY(someone.next("workspace.updated", 2000));
        for (const auto &e : someone.events())
            QVERIFY2(!e.type.startsWith("session."), e.type.constData());
    }
};

ATRIUM_UI_TEST_MAIN(TestWindowEvents)
#include "tst_windowevents.moc"
