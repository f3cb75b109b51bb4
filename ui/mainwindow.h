#pragma once

#include "model/error.h"
#include "model/host.h"
#include "model/identity.h"

#include <QMainWindow>
#include <QSet>
#include <QTimer>

class QAction;
class QLabel;
class QTabWidget;

namespace Atrium {
class Engine;
class MetricsSampler;
struct Workspace;
}

namespace Atrium::Ui {

class AuditView;
class CatalogView;
class HostsView;
class NotificationBar;
class SessionViewers;
class SessionsView;
class TrayIcon;
class WorkspaceDetailPanel;
class WorkspaceListModel;

/// Atrium's window. Every action goes through the engine (the same one the
/// REST API serves), so what the API does shows here at once and the other
/// way round. Nothing here waits for a hypervisor.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(Engine &engine, MetricsSampler *metrics, Actor actor, QString apiBaseUrl, QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void launch(const QStringList &ids);
    void stop(const QStringList &ids);
    void editWorkspace(const QString &id);
    void newWorkspace();
    void duplicateWorkspace(const QString &id);
    void deleteWorkspaces(const QStringList &ids);

    void createActions();
    void createMenus();
    void updateActions();
    void updateStatusBar();
    /// Tells, once per host, that KVM failed there and the host now emulates.
    void noticeKvmFailure(const Atrium::HostInfo &host);
    /// Says once per host that it waits for credentials (the Hosts tab's "Sign in…" gives them).
    void noticeCredentialsNeeded(const Atrium::HostInfo &host);
    void showContextMenu(const QPoint &globalPos);
    void copyToClipboard(const QString &text);
    void report(const QString &what, const Error &error);

    Engine &m_engine;
    MetricsSampler *m_metrics;
    Actor m_actor;
    QString m_apiBaseUrl;

    WorkspaceListModel *m_model = nullptr;
    CatalogView *m_catalog = nullptr;
    WorkspaceDetailPanel *m_detail = nullptr;
    SessionsView *m_sessions = nullptr;
    HostsView *m_hosts = nullptr;
    AuditView *m_audit = nullptr;
    NotificationBar *m_notifications = nullptr;
    QSet<QString> m_kvmFailuresShown;  ///< hosts whose KVM failure was already told
    QSet<QString> m_credentialsAsked;  ///< hosts whose wait for credentials was already told
    QTabWidget *m_tabs = nullptr;
    TrayIcon *m_tray = nullptr;
    SessionViewers *m_viewers = nullptr;
    QLabel *m_apiLabel = nullptr;
    QLabel *m_hostsLabel = nullptr;
    QLabel *m_tunnelLabel = nullptr;
    QTimer m_tunnelPoll;

    QAction *m_newAction = nullptr;
    QAction *m_launchAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyLaunchCurlAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_picturesAction = nullptr;
};

}  // namespace Atrium::Ui
