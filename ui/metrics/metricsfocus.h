#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

class QListView;

namespace Atrium {
class MetricsSampler;
}

namespace Atrium::Ui {

/// Tells the metrics sampler what the admin is looking at — the cards on screen, the selected
/// workspace, the open consoles — so a host too busy to sweep whole every tick still keeps those
/// fresh (MetricsSampler::setFocus). Updates at most every 200 ms, after scrolls, resizes and
/// filtering settle.
class MetricsFocus final : public QObject {
    Q_OBJECT

public:
    MetricsFocus(QListView *cards, MetricsSampler &sampler, QObject *parent = nullptr);

    void setSelected(const QString &workspaceId);
    void viewerOpened(const QString &workspaceId);
    void viewerClosed(const QString &workspaceId);
    /// The workspace ids of the cards on screen now.
    QStringList visibleCards() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void scheduleUpdate();
    void update();

    QListView *m_cards;
    MetricsSampler &m_sampler;
    QTimer m_debounce;
    QStringList m_viewers;
};

}  // namespace Atrium::Ui
