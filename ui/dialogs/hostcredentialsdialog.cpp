#include "hostcredentialsdialog.h"

#include "common/labels.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Atrium::Ui {

namespace {

QString fieldLabel(CredentialKind kind)
{
    switch (kind) {
    case CredentialKind::Username: return HostCredentialsDialog::tr("&User name:");
    case CredentialKind::Password: return HostCredentialsDialog::tr("&Password:");
    case CredentialKind::KeyPassphrase: return HostCredentialsDialog::tr("SSH key &passphrase:");
    }
    return {};
}

}  // namespace

HostCredentialsDialog::HostCredentialsDialog(const HostInfo &host, std::optional<bool> keychain, QWidget *parent)
    : QDialog(parent)
    , m_remember(new QCheckBox(tr("&Remember in the system keychain"), this))
    , m_keychainNote(new QLabel(this))
{
    const QString name = Labels::hostName(host);
    setWindowTitle(tr("Sign in to %1").arg(name));

    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    intro->setText(host.credentialsRefused ? tr("%1 refused the answer Atrium gave. It asks:").arg(name)
                                           : tr("%1 asks for credentials before Atrium may connect:").arg(name));
    intro->setToolTip(host.uri);

    // The host's own words say which key or account it means.
    QStringList asked;
    for (const CredentialRequest &request : host.credentialsNeeded) {
        if (!request.prompt.isEmpty() && !asked.contains(request.prompt))
            asked << request.prompt;
    }
    auto *words = new QLabel(asked.join(u'\n'), this);
    words->setTextFormat(Qt::PlainText);
    words->setWordWrap(true);
    QFont quoted = words->font();
    quoted.setItalic(true);  // a quote of the host, not Atrium speaking
    words->setFont(quoted);
    words->setVisible(!asked.isEmpty());

    auto *form = new QFormLayout;
    for (const CredentialRequest &request : host.credentialsNeeded) {
        if (m_fields.contains(request.kind))
            continue;
        auto *edit = new QLineEdit(this);
        if (request.kind != CredentialKind::Username)
            edit->setEchoMode(QLineEdit::Password);
        // The host's own words: which key, which account.
        edit->setToolTip(request.prompt);
        edit->setPlaceholderText(request.prompt.left(80));
        auto *label = new QLabel(fieldLabel(request.kind), this);
        label->setBuddy(edit);
        form->addRow(label, edit);
        m_fields.insert(request.kind, edit);
        connect(edit, &QLineEdit::textChanged, this, &HostCredentialsDialog::updateAcceptable);
    }

    m_keychainNote->setWordWrap(true);
    m_keychainNote->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signIn = buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(words);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    layout->addWidget(m_keychainNote);
    layout->addWidget(buttons);

    if (keychain.has_value())
        setKeychainAvailable(*keychain);
    else
        m_keychainNote->hide();
    updateAcceptable();
    resize(qMax(440, sizeHint().width()), sizeHint().height());
}

void HostCredentialsDialog::setKeychainAvailable(bool available)
{
    m_remember->setEnabled(available);
    if (!available)
        m_remember->setChecked(false);
    m_keychainNote->setVisible(!available);
    m_keychainNote->setText(tr("No system keychain is available here, so nothing can be remembered: Atrium will "
                               "ask again the next time it starts."));
}

HostCredentials HostCredentialsDialog::credentials() const
{
    HostCredentials credentials;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        credentials.set(it.key(), it.value()->text());
    return credentials;
}

bool HostCredentialsDialog::rememberInKeychain() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void HostCredentialsDialog::updateAcceptable()
{
    bool complete = !m_fields.isEmpty();
    for (const QLineEdit *edit : std::as_const(m_fields))
        complete = complete && !edit->text().isEmpty();
    m_signIn->setEnabled(complete);
}

}  // namespace Atrium::Ui
