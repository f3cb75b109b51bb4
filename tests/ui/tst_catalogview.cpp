// The catalog's cards as a person uses them: clicking the painted Launch and
// Stop buttons, the keyboard, several cards at once, and buttons that do
// nothing (and look it) while the hypervisor works.
//
// Keyboard (what this test holds the console to): Return/Enter on the card list
// launches the selected cards (CatalogView); Ctrl+L launches and Ctrl+. stops
// them from anywhere in the window (MainWindow's Workspace menu actions).

#include "catalog/catalogview.h"
#include "catalog/workspacecarddelegate.h"
#include "catalog/workspacefilterproxy.h"
#include "catalog/workspacelistmodel.h"
#include "common/labels.h"
#include "mainwindow.h"
#include "windowparts.h"
#include "providers/hostregistry.h"
#include "simulatedhost.h"
#include "screenshots.h"
#include "slowhost.h"
#include "testsupport.h"
#include "uitestmain.h"
#include "viewer/sessionviewers.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::CatalogView;
using Atrium::Ui::Labels;
using Atrium::Ui::MainWindow;
using Atrium::Ui::WorkspaceCardDelegate;
using Atrium::Ui::WorkspaceListModel;
using Button = WorkspaceCardDelegate::Button;

namespace {

/// The card of @p id as the view shows it (scrolled into sight).
QModelIndex cardOf(CatalogView &catalog, const QString &id)
{
    const auto *model = static_cast<const WorkspaceListModel *>(proxyOf(catalog)->sourceModel());
    const QModelIndex index = proxyOf(catalog)->mapFromSource(model->index(model->rowOf(id)));
    catalog.listView()->scrollTo(index);
    return index;
}

QRect buttonOn(CatalogView &catalog, const QString &id, Button button)
{
    return WorkspaceCardDelegate::buttonRect(catalog.listView()->visualRect(cardOf(catalog, id)), button);
}

void click(CatalogView &catalog, const QString &id, Button button, Qt::KeyboardModifiers modifiers = {})
{
    const QRect rect = buttonOn(catalog, id, button);
    QVERIFY(catalog.listView()->viewport()->rect().contains(rect));
    QTest::mouseClick(catalog.listView()->viewport(), Qt::LeftButton, modifiers, rect.center());
}

/// Clicks the card's body (its icon), where no button is: that selects it.
void clickCard(CatalogView &catalog, const QString &id, Qt::KeyboardModifiers modifiers = {})
{
    const QRect card = catalog.listView()->visualRect(cardOf(catalog, id));
    QTest::mouseClick(catalog.listView()->viewport(), Qt::LeftButton, modifiers, card.topLeft() + QPoint(30, 30));
}

QImage buttonImage(CatalogView &catalog, const QString &id, Button button)
{
    return catalog.listView()->viewport()->grab(buttonOn(catalog, id, button)).toImage();
}

QAction *windowAction(MainWindow &window, const QString &text)
{
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == text)
            return action;
    }
    qFatal("no action %s", qPrintable(text));
}

}  // namespace

class TestCatalogView final : public QObject {
    Q_OBJECT

    std::unique_ptr<EngineFixture> f;
    std::unique_ptr<MainWindow> window;

    Engine &engine() { return *f->engine; }
    LibvirtHost &host() { return *f->hosts->host(QStringLiteral("test:///default")); }
    CatalogView &catalog() { return *catalogOf(*window); }
    WorkspaceStatus engineStatus(const QString &id) { return engine().workspace(id)->status; }
    QVariant card(const QString &id, int role)
    {
        const WorkspaceListModel *model = workspaceModelOf(*window);
        return model->index(model->rowOf(id)).data(role);
    }
    int audited(const QString &action)
    {
        AuditQuery query;
        query.action = action;
        return must(engine().auditCount(query));
    }
    QString vm(const QString &name) { return must(engine().createWorkspace(f->admin, smallVm(name))).id; }

    void showWindow()
    {
        window = std::make_unique<MainWindow>(engine(), nullptr, f->admin, QString());
        window->resize(1400, 880);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    }

private Q_SLOTS:
    void init() { f = std::make_unique<EngineFixture>(); }

    void cleanup()
    {
        window.reset();
        f.reset();
    }

    void clickingLaunchAndStopOnTheCard()
    {
        const QString id = vm(QStringLiteral("Clickable VM"));
        showWindow();
        QSignalSpy launchRequests(&catalog(), &CatalogView::launchRequested);
        QSignalSpy stopRequests(&catalog(), &CatalogView::stopRequested);
        QCOMPARE(card(id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Available));
        const QImage launchEnabled = buttonImage(catalog(), id, Button::Launch);
        const QImage stopDisabled = buttonImage(catalog(), id, Button::Stop);

        // Stop on a card that is not running does nothing.
        click(catalog(), id, Button::Stop);
        QCOMPARE(stopRequests.size(), 0);
        QCOMPARE(engineStatus(id), WorkspaceStatus::Available);

        auto slow = std::make_unique<SlowHost>(host());
        click(catalog(), id, Button::Launch);
        QCOMPARE(launchRequests.size(), 1);
        QCOMPARE(launchRequests.first().first().toStringList(), QStringList{id});
        QCOMPARE(engineStatus(id), WorkspaceStatus::Pending);  // asked of the engine at once
        QVERIFY(card(id, WorkspaceListModel::BusyRole).toBool());

        // While it starts, both buttons are drawn disabled and ignore clicks.
        QVERIFY(buttonImage(catalog(), id, Button::Launch) != launchEnabled);
        QCOMPARE(buttonImage(catalog(), id, Button::Stop), stopDisabled);
        click(catalog(), id, Button::Launch);
        click(catalog(), id, Button::Stop);
        QCOMPARE(launchRequests.size(), 1);
        QCOMPARE(stopRequests.size(), 0);
        QTest::qWait(50);
        QCOMPARE(engineStatus(id), WorkspaceStatus::Pending);  // still waiting for the host
        slow.reset();

        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Running, 15000);
        QTRY_COMPARE(card(id, WorkspaceListModel::StatusRole).toInt(), int(WorkspaceStatus::Running));
        QCOMPARE(card(id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));
        QCOMPARE(engine().activeSessions().size(), 1);
        QTRY_VERIFY(buttonImage(catalog(), id, Button::Stop) != stopDisabled);  // Stop now enabled

        slow = std::make_unique<SlowHost>(host());
        click(catalog(), id, Button::Stop);
        QCOMPARE(stopRequests.size(), 1);
        QCOMPARE(stopRequests.first().first().toStringList(), QStringList{id});
        QCOMPARE(engineStatus(id), WorkspaceStatus::Stopping);
        QCOMPARE(buttonImage(catalog(), id, Button::Stop), stopDisabled);  // busy: drawn disabled again
        click(catalog(), id, Button::Stop);
        QCOMPARE(stopRequests.size(), 1);
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Available, 15000);
        QCOMPARE(card(id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Available));
        QCOMPARE(card(id, WorkspaceListModel::CanStopRole).toBool(), false);
        QVERIFY(engine().activeSessions().isEmpty());

        // Back where it began, drawn as it was (so the differences above were the state's).
        QTRY_COMPARE(buttonImage(catalog(), id, Button::Launch), launchEnabled);
        QCOMPARE(buttonImage(catalog(), id, Button::Stop), stopDisabled);
        QCOMPARE(audited(QStringLiteral("launch_workspace")), 1);
        QCOMPARE(audited(QStringLiteral("stop_workspace")), 1);

        // A click on the card itself selects it and launches nothing.
        clickCard(catalog(), id);
        QCOMPARE(catalog().selectedIds(), QStringList{id});
        QCOMPARE(launchRequests.size(), 1);
    }

    void keyboardLaunchesAndStops()
    {
        const QString id = vm(QStringLiteral("Keyboard VM"));
        showWindow();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QListView *list = catalog().listView();
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());

        QTest::keyClick(list, Qt::Key_End);  // the newest card: ours
        QCOMPARE(catalog().currentId(), id);
        QCOMPARE(catalog().selectedIds(), QStringList{id});

        auto slow = std::make_unique<SlowHost>(host());
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(engineStatus(id), WorkspaceStatus::Pending);
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Running, 15000);
        QTRY_COMPARE(card(id, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));
        // Each launch opens the VM's console window, which takes the focus: back to the catalog.
        auto backToCatalog = [&] {
            QTRY_VERIFY(viewersOf(*window)->viewer(id));
            QVERIFY(QTest::qWaitForWindowActive(viewersOf(*window)->viewer(id)));
            window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(window.get()));
            list->setFocus();
        };
        backToCatalog();

        QAction *stop = windowAction(*window, QStringLiteral("&Stop"));
        QTRY_VERIFY(stop->isEnabled());
        slow = std::make_unique<SlowHost>(host());
        QTest::keyClick(list, Qt::Key_Period, Qt::ControlModifier);
        QCOMPARE(engineStatus(id), WorkspaceStatus::Stopping);
        QTRY_VERIFY(!stop->isEnabled());  // busy: nothing to stop twice
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Available, 15000);
        QTRY_VERIFY(!stop->isEnabled());  // nothing left to stop

        slow = std::make_unique<SlowHost>(host());
        QTest::keyClick(list, Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(engineStatus(id), WorkspaceStatus::Pending);
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Running, 15000);
        backToCatalog();
        QTRY_VERIFY(stop->isEnabled());
        QTest::keyClick(list, Qt::Key_Period, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(id), WorkspaceStatus::Available, 15000);
        QCOMPARE(audited(QStringLiteral("launch_workspace")), 2);
        QCOMPARE(audited(QStringLiteral("stop_workspace")), 2);

        // The shortcuts the Workspace menu shows.
        QCOMPARE(windowAction(*window, QStringLiteral("&Launch"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        QCOMPARE(stop->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Period));
    }

    void severalCardsAtOnce()
    {
        const QString first = vm(QStringLiteral("Bulk one"));
        const QString second = vm(QStringLiteral("Bulk two"));
        const QString untouched = vm(QStringLiteral("Bulk three"));
        showWindow();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));

        clickCard(catalog(), first);
        clickCard(catalog(), second, Qt::ControlModifier);
        QStringList selected = catalog().selectedIds();
        selected.sort();
        QStringList expected{first, second};
        expected.sort();
        QCOMPARE(selected, expected);

        auto slow = std::make_unique<SlowHost>(host());
        QTest::keyClick(catalog().listView(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(engineStatus(first), WorkspaceStatus::Pending);
        QCOMPARE(engineStatus(second), WorkspaceStatus::Pending);
        QCOMPARE(engineStatus(untouched), WorkspaceStatus::Available);
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(first), WorkspaceStatus::Running, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(second), WorkspaceStatus::Running, 15000);
        QTRY_COMPARE(card(first, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));
        QCOMPARE(card(second, WorkspaceListModel::StatusTextRole).toString(), Labels::status(WorkspaceStatus::Running));

        QAction *stop = windowAction(*window, QStringLiteral("&Stop"));
        QTRY_VERIFY(stop->isEnabled());
        slow = std::make_unique<SlowHost>(host());
        stop->trigger();  // the toolbar's Stop, as a click would
        QCOMPARE(engineStatus(first), WorkspaceStatus::Stopping);
        QCOMPARE(engineStatus(second), WorkspaceStatus::Stopping);
        slow.reset();
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(first), WorkspaceStatus::Available, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(engineStatus(second), WorkspaceStatus::Available, 15000);
        QCOMPARE(engineStatus(untouched), WorkspaceStatus::Available);
        QCOMPARE(audited(QStringLiteral("launch_workspace")), 2);
        QCOMPARE(audited(QStringLiteral("stop_workspace")), 2);
    }

    void theViewAloneReportsWhatWasAsked()
    {
        // Without a window, the view acts on nothing: it only says what the user asked for.
        const QString id = vm(QStringLiteral("Lonely VM"));
        WorkspaceListModel model(engine());
        CatalogView view(engine(), model);
        view.resize(700, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy launchRequests(&view, &CatalogView::launchRequested);
        QSignalSpy stopRequests(&view, &CatalogView::stopRequested);

        click(view, id, Button::Launch);
        QCOMPARE(launchRequests.size(), 1);
        QCOMPARE(launchRequests.first().first().toStringList(), QStringList{id});
        QCOMPARE(engineStatus(id), WorkspaceStatus::Available);

        // A press on one button and a release on the other is no click.
        QTest::mousePress(view.listView()->viewport(), Qt::LeftButton, {}, buttonOn(view, id, Button::Launch).center());
        QTest::mouseRelease(view.listView()->viewport(), Qt::LeftButton, {}, buttonOn(view, id, Button::Stop).center());
        QCOMPARE(launchRequests.size(), 1);
        QCOMPARE(stopRequests.size(), 0);

        view.selectWorkspace(id);
        QTest::keyClick(view.listView(), Qt::Key_Enter);
        QCOMPARE(launchRequests.size(), 2);
        QCOMPARE(launchRequests.last().first().toStringList(), QStringList{id});

        // A filtered list: the buttons follow the card to its new place.
        searchBoxOf(view)->setText(QStringLiteral("Lonely"));
        QCOMPARE(proxyOf(view)->rowCount(), 1);
        QCOMPARE(cardOf(view, id).row(), 0);
        click(view, id, Button::Launch);
        QCOMPARE(launchRequests.size(), 3);
        QCOMPARE(stopRequests.size(), 0);
    }

    void aLongHostUriLeavesTheSearchBoxItsRoom()
    {
        // A host whose URI is a line long, as remote ones with a key file are.
        QTemporaryDir base;
        const QString deep = base.filePath(QStringLiteral("a-host-description-directory-with-a-very-long-name-indeed/") +
                                           QString(60, u'x'));
        QVERIFY(QDir().mkpath(deep));
        QTemporaryDir dir(deep + QStringLiteral("/node-XXXXXX"));
        const QString uri = writeNodeXml(dir);
        QVERIFY(uri.size() > 150);
        EngineFixture f({QStringLiteral("test:///default"), uri});
        QVERIFY(f.waitForHosts());
        WorkspaceListModel model(*f.engine);
        CatalogView view(*f.engine, model);
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        auto *hostFilter = view.findChild<QComboBox *>();
        for (QComboBox *box : view.findChildren<QComboBox *>())
            if (box->findData(uri) >= 0)
                hostFilter = box;
        hostFilter->setCurrentIndex(hostFilter->findData(uri));
        QCOMPARE(hostFilter->toolTip(), uri);  // the whole name, where the box shows its start
        const QLineEdit *search = searchBoxOf(view);
        const int xWidth = search->fontMetrics().horizontalAdvance(QLatin1Char('x'));
        QVERIFY2(search->width() >= 24 * xWidth, qPrintable(QString::number(search->width())));
        QVERIFY2(hostFilter->width() < view.width() / 3, qPrintable(QString::number(hostFilter->width())));
        QVERIFY(saveScreenshot(view, QStringLiteral("catalog-long-host-uri")));
    }
};

ATRIUM_UI_TEST_MAIN(TestCatalogView)
#include "tst_catalogview.moc"
