#include "workspaceeditor.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Atrium::Ui {

namespace {

const QStringList kIcons{QStringLiteral("default"), QStringLiteral("linux"), QStringLiteral("windows"), QStringLiteral("browser"),
                         QStringLiteral("code"), QStringLiteral("panel"), QStringLiteral("sap"), QStringLiteral("admin")};

}  // namespace

WorkspaceEditor::WorkspaceEditor(Engine &engine, Actor actor, Mode mode, const Workspace &base, QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
    , m_mode(mode)
    , m_base(base)
{
    setWindowTitle(mode == Mode::Edit ? tr("Edit %1").arg(base.name)
                   : mode == Mode::Duplicate ? tr("Duplicate %1").arg(base.name)
                                             : tr("New workspace"));
    setMinimumWidth(520);
    const Workspace w = mode == Mode::Create ? Workspace{} : base;

    m_name = new QLineEdit(mode == Mode::Duplicate ? tr("%1 (copy)").arg(w.name) : w.name, this);
    m_name->setPlaceholderText(tr("A name people will recognise"));
    m_type = new QComboBox(this);
    for (auto type : {WorkspaceType::Linux, WorkspaceType::Windows, WorkspaceType::Dev, WorkspaceType::Html5,
                      WorkspaceType::Rdp, WorkspaceType::Web, WorkspaceType::Browser, WorkspaceType::Admin})
        m_type->addItem(Labels::workspaceIcon({}, type), Labels::type(type), int(type));
    m_type->setCurrentIndex(m_type->findData(int(w.type)));
    m_type->setEnabled(mode != Mode::Edit || (w.domainName.isEmpty() && !w.isActive()));
    m_description = new QPlainTextEdit(w.description, this);
    m_description->setFixedHeight(64);
    m_url = new QLineEdit(w.url, this);
    m_url->setPlaceholderText(QStringLiteral("https://gateway.example.com/"));
    m_connection = new QComboBox(this);
    for (auto c : {ConnectionType::Web, ConnectionType::Html5, ConnectionType::Vnc, ConnectionType::Browser})
        m_connection->addItem(Labels::connection(c), int(c));
    m_connection->setCurrentIndex(m_connection->findData(int(w.connectionType)));
    m_netbird = new QCheckBox(tr("Requires an active NetBird tunnel"), this);
    m_netbird->setChecked(w.requiresNetbird);

    m_cpus = new QSpinBox(this);
    m_cpus->setRange(1, 256);
    m_cpus->setSuffix(tr(" vCPU"));
    m_cpus->setValue(w.resources.cpus);
    m_memory = new QSpinBox(this);
    m_memory->setRange(0, 4 * 1024 * 1024);  // the engine judges the minimum, and says so
    m_memory->setSingleStep(256);
    m_memory->setSuffix(tr(" MB"));
    m_memory->setValue(int(w.resources.memoryMb));
    m_storage = new QSpinBox(this);
    m_storage->setRange(0, 16 * 1024);
    m_storage->setSuffix(tr(" GB"));
    m_storage->setValue(int(w.resources.storageMb / 1024));

    m_icon = new QComboBox(this);
    m_icon->setEditable(true);
    for (const QString &icon : kIcons)
        m_icon->addItem(Labels::workspaceIcon(icon, WorkspaceType::Linux), icon);
    m_icon->setCurrentText(w.icon);
    m_imageUrl = new QLineEdit(w.imageUrl, this);
    m_imageUrl->setPlaceholderText(tr("Optional picture for the card (https://…)"));
    m_host = new QComboBox(this);
    m_host->addItem(tr("Default host"), QString());
    for (const HostInfo &info : engine.hostInfos()) {
        m_host->addItem(Labels::hostName(info), info.uri);
        m_host->setItemData(m_host->count() - 1, info.uri, Qt::ToolTipRole);
    }
    m_host->setCurrentIndex(std::max(0, m_host->findData(w.hostUri)));
    m_host->setEnabled(mode != Mode::Edit || w.domainName.isEmpty());
    m_image = new QLineEdit(w.image, this);
    m_image->setPlaceholderText(tr("Base image id, e.g. atrium-tiny"));
    m_healthChecks = new QCheckBox(tr("Check the endpoint in the background"), this);
    m_healthChecks->setChecked(w.healthChecks);
    m_healthChecks->setToolTip(tr("Off: Atrium contacts the endpoint only when someone launches or checks it."));
    if (mode == Mode::Edit && w.adopted) {
        // Atrium changes a found domain element by element; its disks are the host's business.
        const QString onTheHost = tr("Domain %1 was not created by Atrium: its disks are changed on the host").arg(w.domainName);
        for (QWidget *field : {static_cast<QWidget *>(m_storage), static_cast<QWidget *>(m_image)}) {
            field->setEnabled(false);
            field->setToolTip(onTheHost);
        }
    }

    m_domainPreview = new QLabel(this);
    m_domainPreview->setObjectName(QStringLiteral("domainPreview"));
    m_domainPreview->setWordWrap(true);
    m_domainPreview->setTextFormat(Qt::PlainText);
    m_domainPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_domainPreview->hide();

    m_generalError = new QLabel(this);
    m_generalError->setWordWrap(true);
    m_generalError->setStyleSheet(QStringLiteral("color: %1").arg(Labels::statusColor(WorkspaceStatus::Error, palette()).name()));
    m_generalError->hide();

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name"), withError(m_name, QStringLiteral("name")));
    form->addRow(tr("&Type"), withError(m_type, QStringLiteral("type")));
    form->addRow(tr("&Description"), withError(m_description, QStringLiteral("description")));
    form->addRow(tr("&URL"), withError(m_url, QStringLiteral("url")));
    form->addRow(tr("&Connection"), withError(m_connection, QStringLiteral("connection_type")));
    form->addRow(QString(), withError(m_netbird, QStringLiteral("requires_netbird")));
    form->addRow(tr("C&PUs"), withError(m_cpus, QStringLiteral("cpu")));
    form->addRow(tr("&Memory"), withError(m_memory, QStringLiteral("memory")));
    form->addRow(tr("&Storage"), withError(m_storage, QStringLiteral("storage")));
    form->addRow(tr("&Host"), withError(m_host, QStringLiteral("host")));
    form->addRow(tr("Base &image"), withError(m_image, QStringLiteral("image")));
    form->addRow(tr("Ic&on"), withError(m_icon, QStringLiteral("icon")));
    form->addRow(tr("Pictu&re URL"), withError(m_imageUrl, QStringLiteral("image_url")));
    form->addRow(QString(), withError(m_healthChecks, QStringLiteral("health_checks")));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &WorkspaceEditor::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_type, &QComboBox::currentIndexChanged, this, &WorkspaceEditor::updateForType);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_generalError);
    layout->addLayout(form);
    layout->addWidget(m_domainPreview);
    layout->addWidget(buttons);
    updateForType();

    if (mode == Mode::Edit && !w.domainName.isEmpty()) {
        // What saving will change in the domain's XML, before it is saved.
        for (QLineEdit *edit : {m_name, m_url, m_imageUrl, m_image})
            connect(edit, &QLineEdit::textChanged, this, &WorkspaceEditor::updateDomainPreview);
        connect(m_description, &QPlainTextEdit::textChanged, this, &WorkspaceEditor::updateDomainPreview);
        for (QSpinBox *box : {m_cpus, m_memory, m_storage})
            connect(box, &QSpinBox::valueChanged, this, &WorkspaceEditor::updateDomainPreview);
        for (QComboBox *box : {m_type, m_connection, m_icon})
            connect(box, &QComboBox::currentIndexChanged, this, &WorkspaceEditor::updateDomainPreview);
        updateDomainPreview();
    }
}

void WorkspaceEditor::updateDomainPreview()
{
    const Result<QStringList> lines = m_engine.previewUpdate(m_actor, m_base.id, patch());
    if (!lines) {
        m_domainPreview->setText(tr("Cannot save: %1").arg(lines.error().message));
    } else if (lines->isEmpty()) {
        m_domainPreview->setText(m_base.adopted ? tr("Saving changes nothing in domain %1's definition.").arg(m_base.domainName)
                                                : tr("Saving changes only Atrium's catalog."));
    } else {
        QString text = tr("Saving changes these elements of domain %1, and nothing else:").arg(m_base.domainName);
        for (const QString &line : *lines)
            text += QStringLiteral("\n  \u2022 ") + line;
        m_domainPreview->setText(text);
    }
    m_domainPreview->show();
}

QWidget *WorkspaceEditor::withError(QWidget *field, const QString &name)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *error = new QLabel(box);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: %1").arg(Labels::statusColor(WorkspaceStatus::Error, palette()).name()));
    error->hide();
    error->setAccessibleName(tr("Error"));
    layout->addWidget(error);
    m_errors.insert(name, error);
    return box;
}

void WorkspaceEditor::updateForType()
{
    // VMs need a host and an image; endpoints need a URL and may need the tunnel.
    const bool vm = isVmType(WorkspaceType(m_type->currentData().toInt()));
    m_host->parentWidget()->setEnabled(vm && (m_mode != Mode::Edit || m_base.domainName.isEmpty()));
    m_image->parentWidget()->setEnabled(vm);
    m_url->setPlaceholderText(vm ? tr("Optional: a web app inside the VM") : QStringLiteral("https://gateway.example.com/"));
    if (m_mode == Mode::Create) {
        // The connection a new workspace of this type normally uses (as in the default catalog).
        ConnectionType connection = ConnectionType::Web;
        switch (WorkspaceType(m_type->currentData().toInt())) {
        case WorkspaceType::Html5:
        case WorkspaceType::Rdp: connection = ConnectionType::Html5; break;
        case WorkspaceType::Browser: connection = ConnectionType::Browser; break;
        case WorkspaceType::Linux:
        case WorkspaceType::Windows: connection = ConnectionType::Vnc; break;
        case WorkspaceType::Web:
        case WorkspaceType::Dev:
        case WorkspaceType::Admin: connection = ConnectionType::Web; break;
        }
        m_connection->setCurrentIndex(m_connection->findData(int(connection)));
    }
}

QString WorkspaceEditor::errorText(const QString &field) const
{
    const QLabel *label = m_errors.value(field);
    if (label && !label->isHidden())
        return label->text();
    return field.isEmpty() && !m_generalError->isHidden() ? m_generalError->text() : QString();
}

WorkspacePatch WorkspaceEditor::patch() const
{
    WorkspacePatch p = fullPatch();
    if (m_mode != Mode::Edit)
        return p;
    // An edit sends what the dialog changed, nothing more: a found domain's disks and image are
    // not Atrium's to set, and the preview lists only real changes.
    const Workspace &b = m_base;
    auto unchanged = [](auto &field, const auto &value) {
        if (field && *field == value)
            field.reset();
    };
    unchanged(p.name, b.name);
    unchanged(p.type, b.type);
    unchanged(p.description, b.description);
    unchanged(p.url, b.url);
    unchanged(p.connectionType, b.connectionType);
    unchanged(p.requiresNetbird, b.requiresNetbird);
    unchanged(p.icon, b.icon);
    unchanged(p.imageUrl, b.imageUrl);
    unchanged(p.hostUri, b.hostUri);
    unchanged(p.image, b.image);
    unchanged(p.healthChecks, b.healthChecks);
    if (p.cpus || p.memoryMb || p.storageMb) {
        unchanged(p.cpus, b.resources.cpus);
        unchanged(p.memoryMb, b.resources.memoryMb);
        unchanged(p.storageMb, b.resources.storageMb);
    }
    return p;
}

WorkspacePatch WorkspaceEditor::fullPatch() const
{
    WorkspacePatch p;
    p.name = m_name->text();
    p.type = WorkspaceType(m_type->currentData().toInt());
    p.description = m_description->toPlainText();
    p.url = m_url->text().trimmed();
    p.connectionType = ConnectionType(m_connection->currentData().toInt());
    p.requiresNetbird = m_netbird->isChecked();
    const Resources initial = m_mode == Mode::Create ? Resources{} : m_base.resources;
    // The storage box counts whole GB: a 64 MB disk shows as 0 GB and must stay 64 MB unless the box changed.
    const qint64 storageMb = m_storage->value() == initial.storageMb / 1024 ? initial.storageMb : qint64(m_storage->value()) * 1024;
    const bool changedResources = m_mode != Mode::Edit || m_cpus->value() != initial.cpus
        || m_memory->value() != initial.memoryMb || storageMb != initial.storageMb;
    if (changedResources) {  // so renaming a running VM is not refused for resources it keeps
        p.cpus = m_cpus->value();
        p.memoryMb = m_memory->value();
        p.storageMb = storageMb;
    }
    p.icon = m_icon->currentText().trimmed();
    p.imageUrl = m_imageUrl->text().trimmed();
    if (m_host->isEnabled())
        p.hostUri = m_host->currentData().toString();
    if (m_image->isEnabled())
        p.image = m_image->text().trimmed();
    p.healthChecks = m_healthChecks->isChecked();
    return p;
}

void WorkspaceEditor::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors))
        label->hide();
    m_generalError->hide();
}

void WorkspaceEditor::showError(const Error &error)
{
    static const QHash<QString, QString> aliases{{QStringLiteral("id"), QString()}, {QStringLiteral("gpu"), QStringLiteral("cpu")}};
    const QString field = aliases.value(error.field, error.field);
    QLabel *label = m_errors.value(field);
    if (!label) {
        m_generalError->setText(error.message);
        m_generalError->show();
        return;
    }
    // Shown next to the field: "url: 'x' is not a URL" needs no "url: ".
    QString message = error.message;
    if (message.startsWith(error.field + QStringLiteral(": ")))
        message = message.mid(error.field.size() + 2);
    label->setText(message);
    label->show();
    if (QWidget *input = label->parentWidget()->layout()->itemAt(0)->widget())
        input->setFocus(Qt::OtherFocusReason);
}

bool WorkspaceEditor::save()
{
    clearErrors();
    const Result<Workspace> saved = m_mode == Mode::Edit ? m_engine.updateWorkspace(m_actor, m_base.id, patch())
                                                        : m_engine.createWorkspace(m_actor, patch());
    if (!saved) {
        showError(saved.error());
        return false;
    }
    m_savedId = saved->id;
    accept();
    return true;
}

}  // namespace Atrium::Ui
