#include "auditview.h"

#include "auditlistmodel.h"
#include "engine/engine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

namespace Atrium::Ui {

namespace {

/// The actions Atrium writes to its log (engine, auth and hosts).
QStringList knownActions()
{
    return {QStringLiteral("launch_workspace"),    QStringLiteral("stop_workspace"),
            QStringLiteral("start_workspace"),     QStringLiteral("create_workspace"),
            QStringLiteral("update_workspace"),    QStringLiteral("delete_workspace"),
            QStringLiteral("reset_workspaces"),    QStringLiteral("disconnect_session"),
            QStringLiteral("domain_stopped"),      QStringLiteral("reconcile_workspace"),
            QStringLiteral("sync_workspace"),      QStringLiteral("add_host"),
            QStringLiteral("remove_host"),         QStringLiteral("create_token"),
            QStringLiteral("revoke_token"),        QStringLiteral("create_identity"),
            QStringLiteral("update_identity"),     QStringLiteral("seed_defaults")};
}

}  // namespace

AuditView::AuditView(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new AuditListModel(engine, this))
    , m_action(new QComboBox(this))
    , m_actor(new QLineEdit(this))
    , m_sinceEnabled(new QCheckBox(tr("Since"), this))
    , m_since(new QDateTimeEdit(this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
{
    // Names for accessibility tools and tests.
    m_action->setObjectName(QStringLiteral("actionFilter"));
    m_actor->setObjectName(QStringLiteral("actorFilter"));
    m_sinceEnabled->setObjectName(QStringLiteral("sinceEnabled"));
    m_since->setObjectName(QStringLiteral("since"));
    m_count->setObjectName(QStringLiteral("count"));
    m_action->setEditable(true);
    m_action->setInsertPolicy(QComboBox::NoInsert);
    m_action->addItem(QString());  // empty: every action
    m_action->addItems(knownActions());
    m_action->lineEdit()->setPlaceholderText(tr("All actions"));
    m_action->lineEdit()->setClearButtonEnabled(true);
    m_action->setMinimumContentsLength(18);
    m_action->setToolTip(tr("Show only this action"));

    m_actor->setPlaceholderText(tr("Any actor (email or id)"));
    m_actor->setClearButtonEnabled(true);

    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_since->setDateTime(QDateTime::currentDateTime().addDays(-1));
    m_since->setEnabled(false);
    m_sinceEnabled->setToolTip(tr("Show only entries at or after this time"));

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSortingEnabled(false);  // the log's order is its meaning: newest first
    m_table->verticalHeader()->hide();
    // Fixed row heights keep scrolling through thousands of rows cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const QFontMetrics fm = fontMetrics();
    header->resizeSection(AuditListModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("0000-00-00 00:00:00")) + 24);
    header->resizeSection(AuditListModel::ActorColumn, fm.horizontalAdvance(QStringLiteral("someone@example.test")) + 24);
    header->resizeSection(AuditListModel::ActionColumn, fm.horizontalAdvance(QStringLiteral("reconcile_workspace")) + 24);
    header->resizeSection(AuditListModel::TargetColumn, fm.horizontalAdvance(QStringLiteral("workspace:ws-0000000000")) + 24);
    header->resizeSection(AuditListModel::OutcomeColumn,
                          std::max(fm.horizontalAdvance(tr("Succeeded")), fm.horizontalAdvance(tr("Outcome"))) + 24);

    auto *filters = new QHBoxLayout;
    auto *actionLabel = new QLabel(tr("&Action:"), this);
    actionLabel->setBuddy(m_action);
    auto *actorLabel = new QLabel(tr("A&ctor:"), this);
    actorLabel->setBuddy(m_actor);
    filters->addWidget(actionLabel);
    filters->addWidget(m_action);
    filters->addWidget(actorLabel);
    filters->addWidget(m_actor, 1);
    filters->addWidget(m_sinceEnabled);
    filters->addWidget(m_since);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    m_typingPause.setSingleShot(true);
    m_typingPause.setInterval(250);
    connect(&m_typingPause, &QTimer::timeout, this, &AuditView::applyFilters);
    connect(m_action, &QComboBox::currentTextChanged, this, &AuditView::scheduleFilters);
    connect(m_actor, &QLineEdit::textChanged, this, &AuditView::scheduleFilters);
    connect(m_actor, &QLineEdit::returnPressed, this, &AuditView::applyFilters);
    connect(m_sinceEnabled, &QCheckBox::toggled, this, [this](bool on) {
        m_since->setEnabled(on);
        applyFilters();
    });
    connect(m_since, &QDateTimeEdit::dateTimeChanged, this, &AuditView::scheduleFilters);

    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AuditView::updateCount);

    applyFilters();
}

void AuditView::setActionFilter(const QString &action)
{
    {
        const QSignalBlocker blocker(m_action);
        m_action->setCurrentText(action);
    }
    applyFilters();
}

void AuditView::setActorFilter(const QString &actor)
{
    {
        const QSignalBlocker blocker(m_actor);
        m_actor->setText(actor);
    }
    applyFilters();
}

void AuditView::setSince(const QDateTime &since)
{
    {
        const QSignalBlocker blockCheck(m_sinceEnabled);
        const QSignalBlocker blockEdit(m_since);
        m_sinceEnabled->setChecked(since.isValid());
        m_since->setEnabled(since.isValid());
        if (since.isValid())
            m_since->setDateTime(since.toLocalTime());
    }
    applyFilters();
}

QString AuditView::countText() const
{
    return m_count->text();
}

void AuditView::scheduleFilters()
{
    m_typingPause.start();
}

void AuditView::applyFilters()
{
    m_typingPause.stop();
    AuditQuery query;
    query.action = m_action->currentText().trimmed();
    query.actor = m_actor->text().trimmed();
    if (m_sinceEnabled->isChecked())
        query.since = m_since->dateTime().toUTC();
    const AuditQuery &current = m_model->query();
    if (m_model->rowCount() > 0 || !m_model->lastError().isEmpty()) {
        // Nothing changed (a pause after typing back the same text): keep the rows and the scroll position.
        if (current.action == query.action && current.actor == query.actor && current.since == query.since)
            return;
    }
    m_model->setQuery(query);
}

void AuditView::updateCount()
{
    const auto count = m_engine.auditCount(m_model->query());
    if (!count) {
        m_count->setText(tr("The audit log cannot be read: %1").arg(count.error().message));
        return;
    }
    m_count->setText(tr("%n entries", nullptr, *count));
}

}  // namespace Atrium::Ui
