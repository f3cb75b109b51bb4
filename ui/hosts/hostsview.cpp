#include "hostsview.h"

#include "common/labels.h"
#include "dialogs/hostcredentialsdialog.h"
#include "engine/engine.h"
#include "hostlistmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Atrium::Ui {

HostsView::HostsView(Engine &engine, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_actor(std::move(actor))
    , m_model(new HostListModel(engine, this))
    , m_table(new QTableView(this))
    , m_add(new QPushButton(tr("Add host…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_reconnect(new QPushButton(tr("Reconnect"), this))
    , m_rename(new QPushButton(tr("Rename…"), this))
    , m_signIn(new QPushButton(tr("Sign &in…"), this))
    , m_foundDomains(new QCheckBox(tr("Show domains not created by Atrium"), this))
    , m_virtualization(new QComboBox(this))
    , m_simulatedNote(new QLabel(this))
    , m_kvmNote(new QLabel(this))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_add->setToolTip(tr("Manage another libvirt host, local or over SSH/TLS"));
    m_remove->setToolTip(tr("Stop managing the selected host (its virtual machines are not touched)"));
    m_reconnect->setToolTip(tr("Try to connect to the selected host now"));
    m_rename->setToolTip(tr("Give the selected host a short name (\"hv1\") shown on cards, filters and the status bar"));
    m_signIn->setToolTip(tr("Give the selected host the user name, password or SSH key passphrase it asks for"));
    m_foundDomains->setToolTip(tr("List the selected host's virtual machines that were defined elsewhere (virsh, "
                                  "virt-manager, another console) as workspaces. Turning it off only hides them."));
    if (!m_actor.isAdmin()) {
        const QString adminOnly = tr("Only administrators can add, remove, rename or configure hosts");
        for (QWidget *w : std::initializer_list<QWidget *>{m_add, m_remove, m_rename, m_signIn, m_foundDomains})
            w->setToolTip(adminOnly);
    }
    for (Virtualization v : {Virtualization::Auto, Virtualization::Kvm, Virtualization::Emulation})
        m_virtualization->addItem(Labels::virtualizationSetting(v), int(v));
    m_virtualization->setToolTip(m_actor.isAdmin()
                                     ? tr("How the selected host's virtual machines are accelerated: KVM, or QEMU's "
                                          "emulation (slower, but works where KVM does not)")
                                     : tr("Only administrators can change a host's virtualization"));
    auto *virtualizationLabel = new QLabel(tr("&Virtualization:"), this);
    virtualizationLabel->setBuddy(m_virtualization);
    m_kvmNote->setWordWrap(true);
    m_kvmNote->setTextFormat(Qt::PlainText);
    QPalette warning = m_kvmNote->palette();
    warning.setColor(QPalette::WindowText, Labels::hostStateColor(HostState::Failed, warning));
    m_kvmNote->setPalette(warning);
    m_simulatedNote->setWordWrap(true);
    m_simulatedNote->setText(tr("Hosts marked \"Simulated\" are libvirt's test driver: virtual machines on "
                                "them are not real and run no guest."));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    bar->addWidget(m_reconnect);
    bar->addWidget(m_rename);
    bar->addWidget(m_signIn);
    bar->addSpacing(12);
    bar->addWidget(m_foundDomains);
    bar->addStretch(1);
    bar->addWidget(virtualizationLabel);
    bar->addWidget(m_virtualization);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_kvmNote);
    layout->addWidget(m_simulatedNote);

    connect(m_add, &QPushButton::clicked, this, &HostsView::askForHost);
    connect(m_remove, &QPushButton::clicked, this, &HostsView::confirmRemove);
    connect(m_reconnect, &QPushButton::clicked, this, [this] { reconnectHost(selectedUri()); });
    connect(m_rename, &QPushButton::clicked, this, &HostsView::askForName);
    connect(m_signIn, &QPushButton::clicked, this, [this] { askForCredentials(selectedUri()); });
    connect(&m_engine, &Engine::hostChanged, this, &HostsView::handleHostChanged);
    connect(&m_engine, &Engine::hostCredentialsKept, this, [this](const QString &uri, const QString &error) {
        if (!error.isEmpty())
            Q_EMIT errorOccurred(tr("Could not keep the credentials for %1 in the keychain (they are used until Atrium exits): %2").arg(uri, error));
    });
    connect(m_foundDomains, &QCheckBox::clicked, this, [this](bool show) { setShowsFoundDomains(selectedUri(), show); });
    connect(m_virtualization, &QComboBox::activated, this, [this](int index) {
        setVirtualization(selectedUri(), Virtualization(m_virtualization->itemData(index).toInt()));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HostsView::updateActions);
    // The selected host's state changes under a still selection.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &HostsView::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &HostsView::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HostsView::updateActions);
    updateActions();
}

QString HostsView::selectedUri() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(HostListModel::UriRole).toString();
}

void HostsView::selectHost(const QString &uri)
{
    const int row = m_model->rowOf(uri);
    if (row < 0)
        return;
    m_table->selectionModel()->select(m_model->index(row, 0),
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
}

void HostsView::askForHost()
{
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Add host"));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setLabelText(tr("libvirt connection URI:"));
    if (auto *edit = dialog.findChild<QLineEdit *>())
        edit->setPlaceholderText(QStringLiteral("qemu+ssh://root@host/system"));
    dialog.resize(460, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return;
    addHost(dialog.textValue().trimmed());
}

void HostsView::addHost(const QString &uri)
{
    if (auto added = m_engine.addHost(m_actor, uri); !added) {
        Q_EMIT errorOccurred(tr("Could not add the host %1: %2").arg(uri, added.error().message));
        return;
    }
    m_justAdded = uri.trimmed();
    selectHost(m_justAdded);
}

void HostsView::handleHostChanged(const HostInfo &info)
{
    if (info.uri != m_justAdded || info.state == HostState::Connecting)
        return;
    m_justAdded.clear();
    if (info.state == HostState::NeedsCredentials)
        askForCredentials(info.uri);
}

void HostsView::askForCredentials(const QString &uri)
{
    const auto host = m_engine.hostInfo(uri);
    if (!host || host->state != HostState::NeedsCredentials || m_asking)
        return;
    m_asking = true;
    HostCredentialsDialog dialog(*host, m_engine.keychainAvailable(), this);
    connect(&m_engine, &Engine::keychainAvailabilityKnown, &dialog, &HostCredentialsDialog::setKeychainAvailable);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    m_asking = false;
    if (accepted)
        signIn(uri, dialog.credentials(), dialog.rememberInKeychain());
}

void HostsView::signIn(const QString &uri, const HostCredentials &credentials, bool remember)
{
    if (auto given = m_engine.setHostCredentials(m_actor, uri, credentials, remember); !given)
        Q_EMIT errorOccurred(tr("Could not sign in to %1: %2").arg(uri, given.error().message));
}

void HostsView::confirmRemove()
{
    const QString uri = selectedUri();
    if (uri.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Remove host"),
        tr("Stop managing %1?\n\nAtrium forgets the host; nothing on it is stopped or deleted.").arg(uri),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        removeHost(uri);
}

void HostsView::removeHost(const QString &uri)
{
    if (auto removed = m_engine.removeHost(m_actor, uri); !removed)
        Q_EMIT errorOccurred(tr("Could not remove the host %1: %2").arg(uri, removed.error().message));
}

void HostsView::askForName()
{
    const QString uri = selectedUri();
    const int row = m_model->rowOf(uri);
    if (row < 0)
        return;
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Rename host"));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setLabelText(tr("Name for %1 (empty: derived from the URI):").arg(uri));
    dialog.setTextValue(m_model->hostAt(row).displayName);
    if (auto *edit = dialog.findChild<QLineEdit *>()) {
        edit->setMaxLength(kMaxHostDisplayNameLength);
        edit->setPlaceholderText(defaultHostName(uri));
    }
    dialog.resize(460, dialog.sizeHint().height());
    if (dialog.exec() == QDialog::Accepted)
        renameHost(uri, dialog.textValue().trimmed());
}

void HostsView::renameHost(const QString &uri, const QString &name)
{
    if (auto renamed = m_engine.setHostDisplayName(m_actor, uri, name); !renamed)
        Q_EMIT errorOccurred(tr("Could not rename the host %1: %2").arg(uri, renamed.error().message));
}

void HostsView::setShowsFoundDomains(const QString &uri, bool show)
{
    if (auto set = m_engine.setHostShowsForeignDomains(m_actor, uri, show); !set)
        Q_EMIT errorOccurred(tr("Could not change what the catalog shows of %1: %2").arg(uri, set.error().message));
    updateActions();
}

void HostsView::reconnectHost(const QString &uri)
{
    if (auto reconnected = m_engine.reconnectHost(uri); !reconnected)
        Q_EMIT errorOccurred(tr("Could not reconnect to %1: %2").arg(uri, reconnected.error().message));
}

void HostsView::setVirtualization(const QString &uri, Virtualization virtualization)
{
    if (auto set = m_engine.setHostVirtualization(m_actor, uri, virtualization); !set)
        Q_EMIT errorOccurred(tr("Could not change the virtualization of %1: %2").arg(uri, set.error().message));
    updateActions();
}

void HostsView::updateActions()
{
    const QString uri = selectedUri();
    const int row = m_model->rowOf(uri);
    const HostState state = row >= 0 ? m_model->hostAt(row).state : HostState::Connected;
    m_add->setEnabled(m_actor.isAdmin());
    m_remove->setEnabled(m_actor.isAdmin() && row >= 0);
    // Reconnecting a connected host does nothing; neither does a second attempt mid-connect.
    m_reconnect->setEnabled(row >= 0 && (state == HostState::Failed || state == HostState::Disconnected
                                         || state == HostState::NeedsCredentials));
    m_signIn->setEnabled(m_actor.isAdmin() && row >= 0 && state == HostState::NeedsCredentials);

    const HostInfo selected = row >= 0 ? m_model->hostAt(row) : HostInfo{};
    m_virtualization->setEnabled(m_actor.isAdmin() && row >= 0 && !selected.simulated);
    m_virtualization->setCurrentIndex(m_virtualization->findData(int(selected.virtualization)));
    m_rename->setEnabled(m_actor.isAdmin() && row >= 0);
    m_foundDomains->setEnabled(m_actor.isAdmin() && row >= 0);
    m_foundDomains->setChecked(row < 0 || selected.showForeignDomains);

    bool anySimulated = false;
    QStringList emulating;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const HostInfo host = m_model->hostAt(i);
        anySimulated |= host.simulated;
        if (host.kvmUnusable())
            emulating << tr("KVM is unusable on %1, so its virtual machines run under emulation (slower). QEMU said: %2")
                             .arg(host.uri, host.kvmFailure);
    }
    m_simulatedNote->setVisible(anySimulated);
    if (!emulating.isEmpty())
        emulating << tr("Choose a virtualization setting for the host to try KVM again.");
    m_kvmNote->setText(emulating.join(u'\n'));
    m_kvmNote->setVisible(!emulating.isEmpty());
}

}  // namespace Atrium::Ui
