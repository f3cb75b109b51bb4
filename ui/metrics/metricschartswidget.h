#pragma once

#include "metrics/metricpoint.h"

#include <QPointer>
#include <QWidget>

#include <deque>
#include <memory>
#include <vector>

class QLabel;
class QStackedWidget;

namespace Atrium {
class MetricsSampler;
}

namespace Atrium::Ui {

/// Four small live charts (CPU, memory, disk, network) of one workspace's last
/// ten minutes, read from the sampler's history and its `sampled` signal. A
/// metric the host does not measure is never drawn as zero: the line has a gap,
/// and a chart with nothing to draw says why instead.
class MetricsChartsWidget final : public QWidget {
    Q_OBJECT

public:
    /// @p sampler may be null: the widget then says metrics are unavailable.
    explicit MetricsChartsWidget(MetricsSampler *sampler, QWidget *parent = nullptr);
    ~MetricsChartsWidget() override;

    /// Shows @p workspaceId. A non-empty @p hostLimitation (MetricsSampler::hostLimitation)
    /// or a stopped workspace replaces the charts with one line saying why.
    void setWorkspace(const QString &workspaceId, bool running, const QString &hostLimitation);
    QString workspaceId() const { return m_workspaceId; }

    /// True when at least one chart is drawn (not replaced by a message).
    bool chartsVisible() const;
    /// What the widget says instead of charts: the whole-widget message, or the
    /// reasons of the charts that have nothing to draw, one a line ("" when all are drawn).
    QString unavailableText() const;
    /// Points drawn in "cpu", "memory", "disk" or "network", over all its lines.
    int pointCount(const QString &chart) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Chart;

    void addPoint(const QString &workspaceId, const MetricPoint &point);
    void showMessage(const QString &text);
    void showPage(QWidget *page);
    void redraw();
    void redrawChart(Chart &chart);
    void applyTheme();
    bool isDark() const;
    const Chart *chart(const QString &name) const;

    QPointer<MetricsSampler> m_sampler;
    QString m_workspaceId;
    bool m_live = false;  ///< points for this workspace are drawn as they come
    std::deque<MetricPoint> m_points;  ///< the last ten minutes, oldest first
    std::vector<std::unique_ptr<Chart>> m_charts;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_grid = nullptr;
    QLabel *m_message = nullptr;
};

}  // namespace Atrium::Ui
