#pragma once

#include "model/host.h"

#include <QDialog>
#include <QMap>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Atrium::Ui {

/// Asks an admin what a host asked (a user name, a password, an SSH key's passphrase), in the
/// host's own words, and whether to keep the answers in the system keychain. Where there is no
/// keychain the box is off and the dialog says the answers last until Atrium exits.
class HostCredentialsDialog final : public QDialog {
    Q_OBJECT

public:
    /// @p keychain: whether a system keychain answered (nullopt: not known yet).
    HostCredentialsDialog(const HostInfo &host, std::optional<bool> keychain, QWidget *parent = nullptr);

    HostCredentials credentials() const;
    bool rememberInKeychain() const;
    /// Updates the keychain box when its availability becomes known.
    void setKeychainAvailable(bool available);

    /// The field for @p kind; nullptr when the host did not ask for it.
    QLineEdit *field(CredentialKind kind) const { return m_fields.value(kind); }
    QCheckBox *rememberBox() const { return m_remember; }
    QLabel *keychainNote() const { return m_keychainNote; }

private:
    void updateAcceptable();

    QMap<CredentialKind, QLineEdit *> m_fields;  // in CredentialKind order
    QCheckBox *m_remember = nullptr;
    QLabel *m_keychainNote = nullptr;
    QPushButton *m_signIn = nullptr;
};

}  // namespace Atrium::Ui
