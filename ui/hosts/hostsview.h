#pragma once

#include "model/host.h"
#include "model/identity.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

class HostListModel;

/// The libvirt hosts Atrium manages: their state and capacity, with buttons
/// to add, remove and reconnect them.
class HostsView final : public QWidget {
    Q_OBJECT

public:
    HostsView(Engine &engine, Actor actor, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    HostListModel *model() const { return m_model; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *reconnectButton() const { return m_reconnect; }
    QPushButton *renameButton() const { return m_rename; }
    /// Asks for the credentials the selected host wants (enabled when it needs some).
    QPushButton *signInButton() const { return m_signIn; }
    /// Whether the selected host's domains that Atrium did not create are in the catalog.
    QCheckBox *foundDomainsBox() const { return m_foundDomains; }
    /// The selected host's virtualization setting (auto, KVM, emulation); admins change it here.
    QComboBox *virtualizationBox() const { return m_virtualization; }
    /// Says which hosts found KVM unusable and emulate (hidden when none did).
    QLabel *kvmNote() const { return m_kvmNote; }

    /// The URI of the selected host; empty when none is selected.
    QString selectedUri() const;
    void selectHost(const QString &uri);

public Q_SLOTS:
    /// Adds @p uri through the engine (what the "Add host…" dialog calls).
    void addHost(const QString &uri);
    /// Removes @p uri through the engine, without asking first.
    void removeHost(const QString &uri);
    void reconnectHost(const QString &uri);
    /// Sets @p uri's virtualization through the engine (what the box calls).
    void setVirtualization(const QString &uri, Virtualization virtualization);
    /// Names @p uri through the engine (what "Rename…" calls); empty goes back to the derived name.
    void renameHost(const QString &uri, const QString &name);
    void setShowsFoundDomains(const QString &uri, bool show);
    /// Gives @p uri credentials through the engine (what the sign-in dialog calls).
    void signIn(const QString &uri, const Atrium::HostCredentials &credentials, bool remember);
    /// Opens the sign-in dialog for @p uri (what "Sign in…" does).
    void askForCredentials(const QString &uri);

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void askForHost();
    void confirmRemove();
    void askForName();
    void updateActions();
    /// A host just added that asks for credentials gets its sign-in dialog at once.
    void handleHostChanged(const Atrium::HostInfo &info);

    Engine &m_engine;
    Actor m_actor;
    HostListModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_signIn = nullptr;
    QString m_justAdded;  ///< the host this admin just added, until it connects or asks
    bool m_asking = false;  ///< a sign-in dialog is open
    QCheckBox *m_foundDomains = nullptr;
    QComboBox *m_virtualization = nullptr;
    QLabel *m_simulatedNote = nullptr;
    QLabel *m_kvmNote = nullptr;
};

}  // namespace Atrium::Ui
