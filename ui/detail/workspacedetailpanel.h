#pragma once

#include "model/identity.h"
#include "model/workspace.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;

namespace Atrium {
class Engine;
class MetricsSampler;
}

namespace Atrium::Ui {

class MetricsChartsWidget;
class SessionsView;

/// Everything about the selected workspace: its fields, its sessions and its
/// live metrics. Follows the engine, so changes made anywhere show at once.
class WorkspaceDetailPanel final : public QWidget {
    Q_OBJECT

public:
    WorkspaceDetailPanel(Engine &engine, MetricsSampler *metrics, Actor actor, QWidget *parent = nullptr);

    void setWorkspace(const QString &id);
    QString workspaceId() const { return m_id; }
    QString fieldText(const QString &field) const;
    MetricsChartsWidget *charts() const { return m_charts; }
    /// "Check now" on a remote endpoint's reachability row.
    QPushButton *checkReachabilityButton() const { return m_checkReachability; }
    SessionsView *sessions() const { return m_sessions; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void refresh();
    void showReachability(const Workspace &workspace);
    void checkReachability();

    Engine &m_engine;
    MetricsSampler *m_metrics;
    Actor m_actor;
    QString m_id;
    QLabel *m_title = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_empty = nullptr;
    QWidget *m_content = nullptr;
    QHash<QString, QLabel *> m_fields;
    QFormLayout *m_form = nullptr;
    QWidget *m_reachabilityRow = nullptr;
    QPushButton *m_checkReachability = nullptr;
    QString m_checking;  ///< the workspace whose endpoint is being checked now
    SessionsView *m_sessions = nullptr;
    MetricsChartsWidget *m_charts = nullptr;
    QGroupBox *m_metricsBox = nullptr;
};

}  // namespace Atrium::Ui
