// The whole window over one engine with the REST API beside it: what a user sees first,
// that the API and the window show the same state, and screenshots to look at.

#include "apifixture.h"
#include "catalog/catalogview.h"
#include "catalog/workspacelistmodel.h"
#include "detail/workspacedetailpanel.h"
#include "dialogs/workspaceeditor.h"
#include "mainwindow.h"
#include "windowparts.h"
#include "screenshots.h"
#include "uitestmain.h"

#include <QAction>
#include <QApplication>
#include <QScopeGuard>
#include <QComboBox>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QTcpServer>
#include <QSplitter>
#include <QTabWidget>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::MainWindow;
using Atrium::Ui::WorkspaceEditor;
using Atrium::Ui::WorkspaceListModel;

class TestMainWindow : public QObject {
    Q_OBJECT

    std::unique_ptr<ApiFixture> f;
    std::unique_ptr<MainWindow> window;

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(f->port); }

    Actor admin() const { return f->engine.admin; }

    WorkspaceStatus statusShown(const QString &id) const
    {
        const WorkspaceListModel *model = workspaceModelOf(*window);
        const QModelIndex index = model->index(model->rowOf(id));
        return index.isValid() ? WorkspaceStatus(index.data(WorkspaceListModel::StatusRole).toInt()) : WorkspaceStatus::Error;
    }

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<ApiFixture>();
        window = std::make_unique<MainWindow>(*f->engine.engine, f->metrics.get(), admin(), baseUrl());
        window->resize(1400, 860);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    }

    void cleanup()
    {
        window.reset();
        f.reset();
    }

    void opensOnTheCatalogWithEverythingInReach()
    {
        QCOMPARE(window->windowTitle(), QStringLiteral("Atrium"));
        QCOMPARE(workspaceModelOf(*window)->rowCount(), 5);  // the default catalog
        QCOMPARE(tabsOf(*window)->count(), 4);
        QCOMPARE(tabsOf(*window)->currentIndex(), 0);
        QTRY_VERIFY(statusBarText(*window).contains(QStringLiteral("API: ") + baseUrl()));
        QTRY_VERIFY(statusBarText(*window).contains(QStringLiteral("Hosts: 1/1 connected (1 simulated)")));
        QVERIFY(statusBarText(*window).contains(QStringLiteral("NetBird: ")));
        // The common actions have shortcuts.
        QStringList withShortcut;
        for (const QAction *a : window->actions()) {
            if (!a->shortcut().isEmpty())
                withShortcut << a->text().remove(u'&');
        }
        for (const char *name : {"Launch", "Stop", "Find", "Quit"})
            QVERIFY2(withShortcut.contains(QLatin1String(name)), qPrintable(withShortcut.join(u',')));
    }

    void findFocusesTheSearchBox()
    {
        tabsOf(*window)->setCurrentIndex(2);
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(tabsOf(*window)->currentIndex(), 0);
        auto *search = catalogOf(*window)->findChild<QLineEdit *>();
        QVERIFY(search);
        QTRY_VERIFY(search->hasFocus());
    }

    void theApiAndTheWindowShowTheSameState()
    {
        // Created, launched and stopped over HTTP: the card follows without a refresh.
        const QByteArray body = R"({"name":"Build box","type":"linux","description":"a lab VM","connection_type":"vnc","requires_netbird":false,"cpu":"1 vCPU","memory":"256 MB","storage":"1 GB"})";
        const HttpResponse created = f->client().post(QStringLiteral("/api/workspaces"), body, f->bearer(f->admin));
        QVERIFY2(created.status == 200, created.body.constData());  // the Workspaces API answers 200
        const QString id = created.object().value(QStringLiteral("workspace")).toObject().value(QStringLiteral("id")).toString();
        QTRY_VERIFY(workspaceModelOf(*window)->rowOf(id) >= 0);
        QCOMPARE(f->client().post(QStringLiteral("/api/workspaces/%1/launch").arg(id), {}, f->bearer(f->admin)).status, 200);
        QTRY_COMPARE(statusShown(id), WorkspaceStatus::Running);

        // And the other way round: stopped from the window, the API says so.
        triggerOn(*window, id, "stopAction");
        // (The Workspaces API reports a stopped workspace as "available" again.)
        QTRY_COMPARE(f->client().get(QStringLiteral("/api/workspaces/%1").arg(id), f->bearer(f->admin)).object().value(QStringLiteral("status")).toString(),
                     QStringLiteral("available"));
        QVERIFY(statusShown(id) != WorkspaceStatus::Running);
    }

    void theDetailPanelChecksAnEndpointWhenAsked()
    {
        QTcpServer endpoint;  // the endpoint, on loopback
        QVERIFY(endpoint.listen(QHostAddress::LocalHost));
        WorkspacePatch p = loopbackEndpoint(QStringLiteral("Loopback gateway"));
        p.url = QStringLiteral("http://127.0.0.1:%1/portal").arg(endpoint.serverPort());
        const Workspace w = must(f->engine.engine->createWorkspace(admin(), p));
        catalogOf(*window)->selectWorkspace(w.id);
        Ui::WorkspaceDetailPanel *panel = detailOf(*window);
        QTRY_COMPARE(panel->workspaceId(), w.id);
        QVERIFY(panel->fieldText(QStringLiteral("reachability")).startsWith(QStringLiteral("Not measured")));
        QVERIFY(!endpoint.hasPendingConnections());  // selecting it sends nothing

        QPushButton *check = panel->checkReachabilityButton();
        QVERIFY(check->isVisible() && check->isEnabled());
        QTest::mouseClick(check, Qt::LeftButton);
        QTRY_VERIFY2(panel->fieldText(QStringLiteral("reachability")).startsWith(QStringLiteral("Reachable: ")),
                     qPrintable(panel->fieldText(QStringLiteral("reachability"))));
        QVERIFY(panel->fieldText(QStringLiteral("reachability")).contains(QStringLiteral(" ms TCP handshake")));
        QVERIFY(endpoint.hasPendingConnections());
        QVERIFY(check->isEnabled());
        QVERIFY(saveScreenshot(*panel, QStringLiteral("detail-panel-endpoint")));

        // The same measurement through the API: one engine.
        const HttpResponse api = f->client().get(QStringLiteral("/api/workspaces/%1/reachability").arg(w.id), f->bearer(f->admin));
        QCOMPARE(api.object().value(QStringLiteral("reachable")), QJsonValue(true));

        // Closed: the panel says so, and why.
        endpoint.close();
        QTest::mouseClick(check, Qt::LeftButton);
        QTRY_VERIFY2(panel->fieldText(QStringLiteral("reachability")).startsWith(QStringLiteral("Not reachable, at ")),
                     qPrintable(panel->fieldText(QStringLiteral("reachability"))));
        QVERIFY(panel->fieldText(QStringLiteral("reachability")).contains(QStringLiteral("refused"), Qt::CaseInsensitive));

        // A VM has no such row.
        const Workspace vm = must(f->engine.engine->createWorkspace(admin(), smallVm()));
        catalogOf(*window)->selectWorkspace(vm.id);
        QTRY_COMPARE(panel->workspaceId(), vm.id);
        QVERIFY(!check->isVisible());
    }

    void followsADarkPalette()
    {
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            dark.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7a, 0x7a));  // as dark themes dim what is off
        QApplication::setPalette(dark);
        auto restore = qScopeGuard([&] { QApplication::setPalette(light); });
        QTest::qWait(50);

        // The catalog's cards are drawn from the palette: dark cards, light text, no white boxes.
        const QImage cards = catalogOf(*window)->listView()->viewport()->grab().toImage();
        qint64 lightness = 0, lightPixels = 0;
        for (int y = 0; y < cards.height(); y += 2) {
            for (int x = 0; x < cards.width(); x += 2) {
                const int l = cards.pixelColor(x, y).lightness();
                lightness += l;
                lightPixels += l > 200;
            }
        }
        const qint64 samples = qint64((cards.height() + 1) / 2) * ((cards.width() + 1) / 2);
        QVERIFY2(lightness / samples < 80, qPrintable(QString::number(lightness / samples)));
        QVERIFY2(lightPixels > 0 && lightPixels * 20 < samples, qPrintable(QString::number(lightPixels)));  // text, not panels
        QVERIFY(saveScreenshot(*window, QStringLiteral("main-window-dark")));
    }

    void screenshots()
    {
        // A running VM beside the default catalog, selected, with its detail panel.
        WorkspacePatch vm = smallVm(QStringLiteral("Ubuntu build VM"));
        vm.description = QStringLiteral("CI runner on the simulated host");
        const Workspace w = must(f->engine.engine->createWorkspace(admin(), vm));
        auto launched = await(f->engine.engine->launchWorkspace(admin(), w.id));
        QVERIFY(launched && *launched);
        QTRY_COMPARE(statusShown(w.id), WorkspaceStatus::Running);
        catalogOf(*window)->selectWorkspace(w.id);
        QTRY_COMPARE(detailOf(*window)->workspaceId(), w.id);
        QTest::qWait(100);
        QVERIFY(saveScreenshot(*window, QStringLiteral("main-window")));
        QVERIFY(saveScreenshot(*detailOf(*window), QStringLiteral("detail-panel")));

        // The editor, refusing a bad address next to the field.
        WorkspaceEditor editor(*f->engine.engine, admin(), WorkspaceEditor::Mode::Create, {}, window.get());
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.typeBox()->setCurrentIndex(editor.typeBox()->findData(int(WorkspaceType::Html5)));
        editor.nameEdit()->setText(QStringLiteral("Finance TSPlus"));
        editor.urlEdit()->setText(QStringLiteral("not a url"));
        QVERIFY(!editor.save());
        QVERIFY(!editor.errorText(QStringLiteral("url")).isEmpty());
        QVERIFY(saveScreenshot(editor, QStringLiteral("workspace-editor")));
    }
};

ATRIUM_UI_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
