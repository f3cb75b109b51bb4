#pragma once

#include "model/identity.h"
#include "model/workspace.h"

#include <QHash>
#include <QWidget>

class QLabel;

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
    SessionsView *sessions() const { return m_sessions; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void refresh();

    Engine &m_engine;
    MetricsSampler *m_metrics;
    QString m_id;
    QLabel *m_title = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_empty = nullptr;
    QWidget *m_content = nullptr;
    QHash<QString, QLabel *> m_fields;
    SessionsView *m_sessions = nullptr;
    MetricsChartsWidget *m_charts = nullptr;
};

}  // namespace Atrium::Ui
