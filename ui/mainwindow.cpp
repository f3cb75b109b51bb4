#include "mainwindow.h"

#include "base/continuation.h"
#include "audit/auditview.h"
#include "catalog/catalogview.h"
#include "catalog/curlcommand.h"
#include "catalog/thumbnailcache.h"
#include "catalog/workspacecarddelegate.h"
#include "catalog/workspacelistmodel.h"
#include "common/labels.h"
#include "common/notificationbar.h"
#include "detail/workspacedetailpanel.h"
#include "dialogs/deleteworkspacesdialog.h"
#include "dialogs/workspaceeditor.h"
#include "engine/engine.h"
#include "hosts/hostsview.h"
#include "metrics/metricsfocus.h"
#include "sessions/sessionsview.h"
#include "trayicon.h"
#include "viewer/serialconsolewindow.h"
#include "viewer/sessionviewers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace Atrium::Ui {

MainWindow::MainWindow(Engine &engine, MetricsSampler *metrics, Actor actor, QString apiBaseUrl, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_metrics(metrics)
    , m_actor(std::move(actor))
    , m_apiBaseUrl(std::move(apiBaseUrl))
{
    setWindowTitle(QStringLiteral("Atrium"));
    setWindowIcon(Labels::appIcon());
    resize(1400, 880);

    m_model = new WorkspaceListModel(engine, this);
    m_catalog = new CatalogView(engine, *m_model, this);
    m_detail = new WorkspaceDetailPanel(engine, metrics, m_actor, this);
    m_sessions = new SessionsView(engine, m_actor, this);
    m_hosts = new HostsView(engine, m_actor, this);
    m_audit = new AuditView(engine, this);
    m_notifications = new NotificationBar(this);
    m_viewers = new SessionViewers(engine, m_actor, this);
    // Names for the parts (accessibility tools and the tests find them by name).
    m_model->setObjectName(QStringLiteral("workspaceModel"));
    m_catalog->setObjectName(QStringLiteral("catalog"));
    m_detail->setObjectName(QStringLiteral("workspaceDetail"));
    m_notifications->setObjectName(QStringLiteral("notifications"));
    m_viewers->setObjectName(QStringLiteral("sessionViewers"));

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("catalogSplitter"));
    split->addWidget(m_catalog);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(split, tr("Wor&kspaces"));
    m_tabs->addTab(m_sessions, tr("&Sessions"));
    m_tabs->addTab(m_hosts, tr("H&osts"));
    m_tabs->addTab(m_audit, tr("&Audit log"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_notifications);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_apiLabel = new QLabel(this);
    m_apiLabel->setObjectName(QStringLiteral("apiStatus"));
    m_hostsLabel = new QLabel(this);
    m_hostsLabel->setObjectName(QStringLiteral("hostsStatus"));
    m_tunnelLabel = new QLabel(this);
    m_tunnelLabel->setObjectName(QStringLiteral("tunnelStatus"));
    statusBar()->addPermanentWidget(m_hostsLabel);
    statusBar()->addPermanentWidget(m_tunnelLabel);
    statusBar()->addPermanentWidget(m_apiLabel);

    createActions();
    createMenus();

    // Pictures from image_url only when asked for: otherwise no traffic leaves for them.
    auto *thumbnails = new ThumbnailCache(engine, *m_model, this);
    m_catalog->delegate()->setThumbnailSource([thumbnails](const QString &id) { return thumbnails->pixmap(id); });
    connect(thumbnails, &ThumbnailCache::pictureArrived, m_catalog->listView()->viewport(), qOverload<>(&QWidget::update));
    QSettings settings;
    m_picturesAction->setChecked(settings.value(QStringLiteral("catalog/fetchPictures"), false).toBool());
    thumbnails->setEnabled(m_picturesAction->isChecked());
    connect(m_picturesAction, &QAction::toggled, this, [thumbnails](bool on) {
        QSettings().setValue(QStringLiteral("catalog/fetchPictures"), on);
        thumbnails->setEnabled(on);
    });

    connect(m_catalog, &CatalogView::launchRequested, this, &MainWindow::launch);
    connect(m_catalog, &CatalogView::stopRequested, this, &MainWindow::stop);
    connect(m_catalog, &CatalogView::currentChanged, m_detail, &WorkspaceDetailPanel::setWorkspace);
    if (m_metrics) {
        // What is on screen stays fresh even on a host too busy to sample whole every tick.
        auto *focus = new MetricsFocus(m_catalog->listView(), *m_metrics, this);
        connect(m_catalog, &CatalogView::currentChanged, focus, &MetricsFocus::setSelected);
        connect(m_viewers, &SessionViewers::viewerOpened, focus, [focus](const QString &id) { focus->viewerOpened(id); });
        connect(m_viewers, &SessionViewers::viewerClosed, focus, &MetricsFocus::viewerClosed);
    }
    connect(m_catalog, &CatalogView::currentChanged, this, &MainWindow::updateActions);
    connect(m_catalog, &CatalogView::contextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_catalog->listView()->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    connect(m_sessions, &SessionsView::errorOccurred, m_notifications, &NotificationBar::showError);
    connect(m_hosts, &HostsView::errorOccurred, m_notifications, &NotificationBar::showError);
    connect(m_detail, &WorkspaceDetailPanel::errorOccurred, m_notifications, &NotificationBar::showError);
    connect(m_viewers, &SessionViewers::errorOccurred, m_notifications, &NotificationBar::showError);
    connect(&engine, &Engine::hostChanged, this, &MainWindow::updateStatusBar);
    connect(&engine, &Engine::hostChanged, this, &MainWindow::noticeKvmFailure);
    connect(&engine, &Engine::hostChanged, this, &MainWindow::noticeCredentialsNeeded);
    connect(&engine, &Engine::hostRemoved, this, &MainWindow::updateStatusBar);
    m_tunnelPoll.setInterval(5000);
    connect(&m_tunnelPoll, &QTimer::timeout, this, &MainWindow::updateStatusBar);
    m_tunnelPoll.start();

    if (TrayIcon::isAvailable()) {
        m_tray = new TrayIcon(engine, this);
        connect(m_tray, &TrayIcon::stopRequested, this, [this](const QString &id) { stop({id}); });
        connect(m_tray, &TrayIcon::showRequested, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        connect(m_tray, &TrayIcon::quitRequested, qApp, &QApplication::quit);
    }

    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // First run: the cards get three fifths, the detail panel (two charts wide) the rest.
    if (!split->restoreState(settings.value(QStringLiteral("window/catalogSplitter")).toByteArray()))
        split->setSizes({width() * 3 / 5, width() * 2 / 5});
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::noticeKvmFailure(const HostInfo &host)
{
    // Said once, when it happens: the Hosts view and the cards keep showing it.
    if (!host.kvmUnusable() || m_kvmFailuresShown.contains(host.uri))
        return;
    m_kvmFailuresShown.insert(host.uri);
    m_notifications->showError(tr("KVM does not work on %1: its virtual machines now run under emulation (slower). "
                                  "QEMU said: %2")
                                   .arg(host.uri, host.kvmFailure));
}

void MainWindow::noticeCredentialsNeeded(const HostInfo &host)
{
    if (host.state != HostState::NeedsCredentials || m_credentialsAsked.contains(host.uri))
        return;
    m_credentialsAsked.insert(host.uri);
    m_notifications->showError(tr("%1 asks for credentials before Atrium may connect: give them with \"Sign in…\" "
                                  "on the Hosts tab.")
                                   .arg(Labels::hostName(host)));
}

void MainWindow::createActions()
{
    auto action = [this](const char *name, const QString &text, const QKeySequence &shortcut, const char *icon = nullptr) {
        auto *a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        if (icon)
            a->setIcon(QIcon::fromTheme(QString::fromLatin1(icon)));
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        return a;
    };
    m_newAction = action("newAction", tr("&New workspace…"), QKeySequence::New, "document-new");
    m_launchAction = action("launchAction", tr("&Launch"), QKeySequence(Qt::CTRL | Qt::Key_L), "media-playback-start");
    m_stopAction = action("stopAction", tr("&Stop"), QKeySequence(Qt::CTRL | Qt::Key_Period), "media-playback-stop");
    m_editAction = action("editAction", tr("&Edit…"), QKeySequence(Qt::Key_F2), "document-edit");
    m_duplicateAction = action("duplicateAction", tr("D&uplicate…"), QKeySequence(Qt::CTRL | Qt::Key_D), "edit-copy");
    m_deleteAction = action("deleteAction", tr("&Delete…"), QKeySequence::Delete, "edit-delete");
    m_copyLaunchCurlAction = action("copyLaunchCurlAction", tr("Copy launch as &curl"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_findAction = action("findAction", tr("&Find"), QKeySequence::Find, "edit-find");
    // QKeySequence::Quit is empty where the platform theme defines none (offscreen, some desktops).
    m_quitAction = action("quitAction", tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), "application-exit");
    m_picturesAction = action("picturesAction", tr("Show workspace &pictures (downloads image_url)"), {});
    m_picturesAction->setCheckable(true);

    connect(m_newAction, &QAction::triggered, this, &MainWindow::newWorkspace);
    connect(m_launchAction, &QAction::triggered, this, [this] { launch(m_catalog->selectedIds()); });
    connect(m_stopAction, &QAction::triggered, this, [this] { stop(m_catalog->selectedIds()); });
    connect(m_editAction, &QAction::triggered, this, [this] { editWorkspace(m_catalog->currentId()); });
    connect(m_duplicateAction, &QAction::triggered, this, [this] { duplicateWorkspace(m_catalog->currentId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteWorkspaces(m_catalog->selectedIds()); });
    connect(m_copyLaunchCurlAction, &QAction::triggered, this,
            [this] { copyToClipboard(CurlCommand::launch(m_apiBaseUrl, m_catalog->currentId())); });
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_catalog->focusSearch();
    });
    connect(m_quitAction, &QAction::triggered, qApp, &QApplication::quit);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu *workspace = menuBar()->addMenu(tr("&Workspace"));
    for (QAction *a : {m_launchAction, m_stopAction})
        workspace->addAction(a);
    workspace->addSeparator();
    for (QAction *a : {m_editAction, m_duplicateAction, m_deleteAction})
        workspace->addAction(a);
    workspace->addSeparator();
    workspace->addAction(m_copyLaunchCurlAction);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findAction);
    view->addSeparator();
    for (int i = 0; i < 4; ++i) {
        auto *tab = view->addAction(m_tabs->tabText(i).remove(u'&'));
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        connect(tab, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    view->addSeparator();
    view->addAction(m_picturesAction);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Atrium"), this, [this] {
        QMessageBox::about(this, tr("About Atrium"),
                           tr("<b>Atrium %1</b><p>A console for libvirt virtual machines and remote desktop "
                              "workspaces.</p><p>REST API: %2<br>API reference: %2/api/openapi.json</p>")
                               .arg(QStringLiteral(ATRIUM_VERSION), m_apiBaseUrl.toHtmlEscaped()));
    });

    QToolBar *tools = addToolBar(tr("Workspaces"));
    tools->setObjectName(QStringLiteral("workspaceToolbar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction *a : {m_newAction, m_launchAction, m_stopAction, m_editAction, m_deleteAction})
        tools->addAction(a);
}

void MainWindow::updateActions()
{
    const QStringList ids = m_catalog->selectedIds();
    bool anyLaunchable = false;
    bool anyStoppable = false;
    for (const QString &id : ids) {
        const QModelIndex index = m_model->index(m_model->rowOf(id));
        anyLaunchable |= index.data(WorkspaceListModel::CanLaunchRole).toBool() && !index.data(WorkspaceListModel::BusyRole).toBool();
        anyStoppable |= index.data(WorkspaceListModel::CanStopRole).toBool() && !index.data(WorkspaceListModel::BusyRole).toBool();
    }
    const bool one = !m_catalog->currentId().isEmpty();
    m_launchAction->setEnabled(anyLaunchable);
    m_stopAction->setEnabled(anyStoppable);
    m_editAction->setEnabled(one);
    m_duplicateAction->setEnabled(one);
    m_deleteAction->setEnabled(!ids.isEmpty());
    m_copyLaunchCurlAction->setEnabled(one);
}

void MainWindow::updateStatusBar()
{
    int connected = 0;
    int simulated = 0;
    const QList<HostInfo> infos = m_engine.hostInfos();
    QStringList problems;
    for (const HostInfo &h : infos) {
        connected += h.state == HostState::Connected;
        simulated += h.simulated;
        if (h.state != HostState::Connected)
            problems << tr("%1 (%2): %3").arg(Labels::hostName(h), h.uri, h.lastError.isEmpty() ? Labels::hostState(h.state) : h.lastError);
    }
    m_hostsLabel->setText(simulated > 0 ? tr("Hosts: %1/%2 connected (%3 simulated)").arg(connected).arg(infos.size()).arg(simulated)
                                        : tr("Hosts: %1/%2 connected").arg(connected).arg(infos.size()));
    m_hostsLabel->setToolTip(problems.join(u'\n'));
    m_tunnelLabel->setText(tr("NetBird: %1").arg(Labels::tunnel(m_engine.tunnelStatus())));
    m_apiLabel->setText(m_apiBaseUrl.isEmpty() ? tr("API: not listening") : tr("API: %1").arg(m_apiBaseUrl));
}

void MainWindow::report(const QString &what, const Error &error)
{
    m_notifications->showError(tr("%1: %2").arg(what, error.message));
}

void MainWindow::launch(const QStringList &ids)
{
    for (const QString &id : ids) {
        const auto w = m_engine.workspace(id);
        if (!w)
            continue;
        // Already open in a viewer: that is the session; show it.
        if (m_viewers->raise(id))
            continue;
        const QString name = w->name;
        continueOn(m_engine.launchWorkspace(m_actor, id), this, [this, name](const Result<LaunchResult> &launched) {
            if (!launched) {
                report(tr("Cannot launch %1").arg(name), launched.error());
                return;
            }
            m_notifications->showInfo(tr("%1 is running (session %2)").arg(name, launched->session.id.left(8)));
            m_viewers->open(launched->session);
        });
    }
}

void MainWindow::stop(const QStringList &ids)
{
    for (const QString &id : ids) {
        const auto w = m_engine.workspace(id);
        if (!w || !w->isActive())
            continue;
        const QString name = w->name;
        continueOn(m_engine.stopWorkspace(m_actor, id), this, [this, name](const Result<void> &stopped) {
            if (!stopped)
                report(tr("Cannot stop %1").arg(name), stopped.error());
            else
                m_notifications->showInfo(tr("%1 stopped").arg(name));
        });
    }
}

void MainWindow::newWorkspace()
{
    WorkspaceEditor editor(m_engine, m_actor, WorkspaceEditor::Mode::Create, {}, this);
    if (editor.exec() == QDialog::Accepted)
        m_catalog->selectWorkspace(editor.savedId());
}

void MainWindow::editWorkspace(const QString &id)
{
    const auto w = m_engine.workspace(id);
    if (!w)
        return;
    WorkspaceEditor editor(m_engine, m_actor, WorkspaceEditor::Mode::Edit, *w, this);
    editor.exec();
}

void MainWindow::duplicateWorkspace(const QString &id)
{
    const auto w = m_engine.workspace(id);
    if (!w)
        return;
    WorkspaceEditor editor(m_engine, m_actor, WorkspaceEditor::Mode::Duplicate, *w, this);
    if (editor.exec() == QDialog::Accepted)
        m_catalog->selectWorkspace(editor.savedId());
}

void MainWindow::deleteWorkspaces(const QStringList &ids)
{
    QList<Workspace> workspaces;
    for (const QString &id : ids) {
        if (auto w = m_engine.workspace(id))
            workspaces << *w;
    }
    if (workspaces.isEmpty())
        return;
    DeleteWorkspacesDialog dialog(m_engine, m_actor, workspaces, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (const Workspace &w : std::as_const(workspaces)) {
        continueOn(m_engine.deleteWorkspace(m_actor, w.id, dialog.removalFor(w)), this,
                   [this, name = w.name](const Result<void> &done) {
                       if (!done)
                           report(tr("Cannot delete %1").arg(name), done.error());
                   });
    }
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    const QString id = m_catalog->currentId();
    QMenu menu(this);
    menu.addAction(m_launchAction);
    menu.addAction(m_stopAction);
    menu.addSeparator();
    menu.addAction(m_editAction);
    menu.addAction(m_duplicateAction);
    menu.addAction(m_deleteAction);
    if (const auto w = m_engine.workspace(id)) {
        if (w->provider() == ProviderKind::Libvirt) {
            // A terminal on the VM's serial console, beside (or without) its screen.
            QAction *serial = menu.addAction(QIcon::fromTheme(QStringLiteral("utilities-terminal")), tr("Se&rial console"), this,
                                             [this, workspace = *w] { (new SerialConsoleWindow(m_engine, m_actor, workspace))->show(); });
            serial->setEnabled(w->status == WorkspaceStatus::Running || w->status == WorkspaceStatus::Paused);
        }
        menu.addSeparator();
        QMenu *curl = menu.addMenu(tr("Copy as &curl"));
        const Workspace workspace = *w;
        curl->addAction(tr("Launch"), this, [this, id] { copyToClipboard(CurlCommand::launch(m_apiBaseUrl, id)); });
        curl->addAction(tr("Stop"), this, [this, id] { copyToClipboard(CurlCommand::stop(m_apiBaseUrl, id)); });
        curl->addAction(tr("Get"), this, [this, id] { copyToClipboard(CurlCommand::get(m_apiBaseUrl, id)); });
        curl->addAction(tr("Update (as it is now)"), this, [this, workspace] { copyToClipboard(CurlCommand::update(m_apiBaseUrl, workspace)); });
        curl->addAction(tr("Create a copy"), this, [this, workspace] { copyToClipboard(CurlCommand::create(m_apiBaseUrl, workspace)); });
        curl->addAction(tr("Delete"), this, [this, id] { copyToClipboard(CurlCommand::remove(m_apiBaseUrl, id)); });
    }
    menu.exec(globalPos);
}

void MainWindow::copyToClipboard(const QString &text)
{
    QApplication::clipboard()->setText(text);
    m_notifications->showInfo(tr("Copied: %1").arg(text.left(160)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("catalogSplitter")))
        settings.setValue(QStringLiteral("window/catalogSplitter"), split->saveState());
    QMainWindow::closeEvent(event);
}

}  // namespace Atrium::Ui
