#include "workspacedetailpanel.h"

#include "base/continuation.h"
#include "common/labels.h"
#include "engine/engine.h"
#include "metrics/metricschartswidget.h"
#include "metrics/metricssampler.h"
#include "sessions/sessionsview.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Atrium::Ui {

namespace {

QString localTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QStringLiteral("—");
}

}  // namespace

WorkspaceDetailPanel::WorkspaceDetailPanel(Engine &engine, MetricsSampler *metrics, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_metrics(metrics)
    , m_actor(actor)
{
    m_icon = new QLabel(this);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_empty = new QLabel(tr("Select a workspace to see its details, sessions and metrics."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);

    auto *form = m_form = new QFormLayout;
    const std::pair<const char *, QString> rows[] = {
        {"id", tr("Id")},
        {"status", tr("Status")},
        {"type", tr("Type")},
        {"host", tr("Host")},
        {"resources", tr("Resources")},
        {"url", tr("URL")},
        {"connection", tr("Connection")},
        {"netbird", tr("NetBird")},
        {"image", tr("Base image")},
        {"owner", tr("Owner")},
        {"created", tr("Created")},
        {"started", tr("Running since")},
        {"description", tr("Description")},
    };
    for (const auto &[key, label] : rows) {
        auto *value = new QLabel(this);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, value);
        m_fields.insert(QString::fromLatin1(key), value);
    }
    // A remote endpoint's reachability: the last measurement and a button to measure now.
    auto *reachability = new QLabel(this);
    reachability->setWordWrap(true);
    reachability->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields.insert(QStringLiteral("reachability"), reachability);
    m_checkReachability = new QPushButton(tr("Check now"), this);
    m_checkReachability->setToolTip(tr("Opens a TCP connection to the endpoint and times the handshake (no data is sent)"));
    connect(m_checkReachability, &QPushButton::clicked, this, &WorkspaceDetailPanel::checkReachability);
    m_reachabilityRow = new QWidget(this);
    auto *reachabilityLayout = new QHBoxLayout(m_reachabilityRow);
    reachabilityLayout->setContentsMargins(0, 0, 0, 0);
    reachabilityLayout->addWidget(reachability, 1);
    reachabilityLayout->addWidget(m_checkReachability, 0, Qt::AlignTop);
    form->insertRow(form->rowCount() - 1, tr("Reachability"), m_reachabilityRow);  // before the description

    m_sessions = new SessionsView(engine, std::move(actor), this);
    connect(m_sessions, &SessionsView::errorOccurred, this, &WorkspaceDetailPanel::errorOccurred);
    auto *sessionsBox = new QGroupBox(tr("Sessions"), this);
    (new QVBoxLayout(sessionsBox))->addWidget(m_sessions);
    sessionsBox->setMinimumHeight(180);

    m_charts = new MetricsChartsWidget(metrics, this);
    m_metricsBox = new QGroupBox(tr("Metrics"), this);
    (new QVBoxLayout(m_metricsBox))->addWidget(m_charts);

    m_content = new QWidget(this);
    auto *header = new QHBoxLayout;
    header->addWidget(m_icon);
    header->addWidget(m_title, 1);
    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->addLayout(header);
    contentLayout->addLayout(form);
    contentLayout->addWidget(m_metricsBox);
    contentLayout->addWidget(sessionsBox);
    contentLayout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(scroll);

    connect(&engine, &Engine::workspaceChanged, this, [this](const Workspace &w) {
        if (w.id == m_id)
            refresh();
    });
    connect(&engine, &Engine::workspaceRemoved, this, [this](const QString &id) {
        if (id == m_id)
            setWorkspace({});
    });
    connect(&engine, &Engine::catalogReset, this, [this] { setWorkspace(m_engine.workspace(m_id) ? m_id : QString()); });
    connect(&engine, &Engine::hostChanged, this, [this] { refresh(); });
    connect(&engine, &Engine::reachabilityMeasured, this, [this](const QString &id) {
        if (id == m_id)
            refresh();
    });
    setWorkspace({});
}

void WorkspaceDetailPanel::setWorkspace(const QString &id)
{
    m_id = id;
    m_sessions->setWorkspaceFilter(id.isEmpty() ? QStringLiteral("-") : id);  // "-" matches nothing
    refresh();
}

QString WorkspaceDetailPanel::fieldText(const QString &field) const
{
    const QLabel *label = m_fields.value(field);
    return label ? label->text() : QString();
}

void WorkspaceDetailPanel::refresh()
{
    const auto found = m_engine.workspace(m_id);
    m_empty->setVisible(!found);
    m_content->parentWidget()->parentWidget()->setVisible(bool(found));
    if (!found)
        return;
    const Workspace &w = *found;
    m_icon->setPixmap(Labels::workspaceIcon(w.icon, w.type).pixmap(48, 48));
    m_title->setText(w.name);
    const std::optional<HostInfo> host = m_engine.hostOf(w);
    const QString status = w.statusMessage.isEmpty() ? Labels::status(w.status)
                                                     : tr("%1 — %2").arg(Labels::status(w.status), w.statusMessage);
    m_fields[QStringLiteral("id")]->setText(w.id);
    m_fields[QStringLiteral("status")]->setText(status);
    m_fields[QStringLiteral("type")]->setText(Labels::type(w.type));
    m_fields[QStringLiteral("host")]->setText(
        host ? tr("%1 — %2%3").arg(host->uri, Labels::hostState(host->state),
                                   host->simulated ? tr(" (simulated: nothing real runs)") : QString())
             : (w.provider() == ProviderKind::Remote ? tr("Remote endpoint") : tr("No host")));
    m_fields[QStringLiteral("resources")]->setText(Labels::resources(w.resources));
    m_fields[QStringLiteral("url")]->setText(w.url.isEmpty() ? QStringLiteral("—") : w.url);
    m_fields[QStringLiteral("connection")]->setText(Labels::connection(w.connectionType));
    m_fields[QStringLiteral("netbird")]->setText(w.requiresNetbird ? tr("Required (now: %1)").arg(Labels::tunnel(m_engine.tunnelStatus()))
                                                                   : tr("Not required"));
    m_fields[QStringLiteral("image")]->setText(w.image.isEmpty() ? QStringLiteral("—") : w.image);
    m_fields[QStringLiteral("owner")]->setText(w.ownerId.isEmpty() ? tr("Shared catalog") : w.ownerId);
    m_fields[QStringLiteral("created")]->setText(localTime(w.createdAt));
    m_fields[QStringLiteral("started")]->setText(w.isActive() ? localTime(w.startedAt) : QStringLiteral("—"));
    m_fields[QStringLiteral("description")]->setText(w.description);
    showReachability(w);

    QString limitation;
    if (w.provider() != ProviderKind::Libvirt)
        limitation = tr("a remote endpoint runs on a machine Atrium does not measure");
    else if (m_metrics && host)  // the simulator is the sampler's one refusal everybody meets: say it in their language
        limitation = host->simulated ? tr("%1 is libvirt's simulator, which measures nothing").arg(host->uri)
                                     : m_metrics->hostLimitation(host->uri);
    m_metricsBox->setMinimumHeight(w.provider() == ProviderKind::Libvirt ? 360 : 0);  // charts, or one line saying why not
    m_charts->setWorkspace(w.id, w.status == WorkspaceStatus::Running || w.status == WorkspaceStatus::Paused, limitation);
}

void WorkspaceDetailPanel::showReachability(const Workspace &w)
{
    const bool remote = w.provider() == ProviderKind::Remote;
    m_form->setRowVisible(m_reachabilityRow, remote);
    if (!remote)
        return;
    QLabel *label = m_fields[QStringLiteral("reachability")];
    const bool checking = m_checking == w.id;
    m_checkReachability->setEnabled(Engine::canProbe(w) && !checking);
    if (checking) {
        label->setText(tr("Checking…"));
        return;
    }
    if (!Engine::canProbe(w)) {
        label->setText(tr("Nothing to check: no URL with a host"));
        return;
    }
    const auto last = m_engine.lastReachability(w.id);
    if (!last) {
        label->setText(w.healthChecks ? tr("Not measured yet (checked in the background)")
                                      : tr("Not measured (Atrium contacts an endpoint only at a launch or when asked)"));
        return;
    }
    const QString when = QLocale().toString(last->checkedAt.toLocalTime().time(), QLocale::ShortFormat);
    label->setText(last->reachable ? tr("Reachable: %1 ms TCP handshake, at %2").arg(QLocale().toString(*last->rttMs, 'f', 1), when)
                                   : tr("Not reachable, at %1: %2").arg(when, last->error));
    label->setToolTip(tr("Measured on %1").arg(last->target));
}

void WorkspaceDetailPanel::checkReachability()
{
    const QString id = m_id;
    m_checking = id;
    refresh();
    continueOn(m_engine.probeWorkspace(m_actor, id), this, [this, id](const Result<Reachability> &result) {
        if (m_checking == id)
            m_checking.clear();
        if (!result)
            Q_EMIT errorOccurred(result.error().message);
        if (id == m_id)
            refresh();
    });
}

}  // namespace Atrium::Ui
