#include "workspacedetailpanel.h"

#include "common/labels.h"
#include "engine/engine.h"
#include "metrics/metricschartswidget.h"
#include "metrics/metricssampler.h"
#include "providers/hostregistry.h"
#include "sessions/sessionsview.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
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

    auto *form = new QFormLayout;
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

    m_sessions = new SessionsView(engine, std::move(actor), this);
    connect(m_sessions, &SessionsView::errorOccurred, this, &WorkspaceDetailPanel::errorOccurred);
    auto *sessionsBox = new QGroupBox(tr("Sessions"), this);
    (new QVBoxLayout(sessionsBox))->addWidget(m_sessions);
    sessionsBox->setMinimumHeight(180);

    m_charts = new MetricsChartsWidget(metrics, this);
    auto *metricsBox = new QGroupBox(tr("Metrics"), this);
    (new QVBoxLayout(metricsBox))->addWidget(m_charts);
    metricsBox->setMinimumHeight(360);

    m_content = new QWidget(this);
    auto *header = new QHBoxLayout;
    header->addWidget(m_icon);
    header->addWidget(m_title, 1);
    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->addLayout(header);
    contentLayout->addLayout(form);
    contentLayout->addWidget(metricsBox);
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
    const LibvirtHost *host = w.provider() == ProviderKind::Libvirt ? m_engine.hostFor(w) : nullptr;
    const QString status = w.statusMessage.isEmpty() ? Labels::status(w.status)
                                                     : tr("%1 — %2").arg(Labels::status(w.status), w.statusMessage);
    m_fields[QStringLiteral("id")]->setText(w.id);
    m_fields[QStringLiteral("status")]->setText(status);
    m_fields[QStringLiteral("type")]->setText(Labels::type(w.type));
    m_fields[QStringLiteral("host")]->setText(
        host ? tr("%1 — %2%3").arg(host->uri(), Labels::hostState(host->info().state),
                                   host->isSimulated() ? tr(" (simulated: nothing real runs)") : QString())
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

    QString limitation;
    if (w.provider() != ProviderKind::Libvirt)
        limitation = tr("a remote endpoint runs on a machine Atrium does not measure");
    else if (m_metrics && host)  // the simulator is the sampler's one refusal everybody meets: say it in their language
        limitation = host->isSimulated() ? tr("%1 is libvirt's simulator, which measures nothing").arg(host->uri())
                                         : m_metrics->hostLimitation(host->uri());
    m_charts->setWorkspace(w.id, w.status == WorkspaceStatus::Running || w.status == WorkspaceStatus::Paused, limitation);
}

}  // namespace Atrium::Ui
