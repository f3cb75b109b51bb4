#pragma once

#include "credentialbook.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QLocalServer;
class QTemporaryDir;
class QThread;

namespace Atrium {

/// Answers ssh's questions (a key's passphrase, a password, an unknown host key) for the
/// connections libvirt and the console tunnels open, from the CredentialBook, at once: nobody
/// waits at a prompt. Each host gets an ssh wrapper script in a private directory; it runs ssh
/// with SSH_ASKPASS_REQUIRE=force and SSH_ASKPASS set to Atrium's helper (atrium-askpass),
/// which hands the prompt to this broker over a UNIX socket beside the script. libvirt clears
/// ssh's environment, which is why the script (given to libvirt as the URI's `command`) sets it.
/// The broker listens on a thread of its own, so a blocked worker or GUI thread never stalls it.
class AskpassBroker final : public QObject {
    Q_OBJECT

public:
    /// @p helper: the atrium-askpass program. isReady() is false when it is missing or the
    /// private directory or socket cannot be made (ssh then runs as the URI says).
    AskpassBroker(QString helper, std::shared_ptr<CredentialBook> book);
    ~AskpassBroker() override;

    bool isReady() const { return m_ready; }
    /// The ssh wrapper for @p uri's connections (made on first use); empty when not ready.
    QString sshCommandFor(const QString &uri);

private:
    void listen();
    void serve();
    /// @p asker: the pid of the ssh that asks (each ssh gets an answer once).
    QString answerFor(const QString &hostKey, qint64 asker, const QString &prompt);

    QString m_helper;
    std::shared_ptr<CredentialBook> m_book;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_socketPath;
    QThread *m_thread = nullptr;
    QLocalServer *m_server = nullptr;  ///< lives on m_thread
    bool m_ready = false;
    QMutex m_mutex;
    QHash<QString, QString> m_uriByKey;  ///< the wrapper's host key -> the host's URI
};

/// @p uri with `command=<sshCommand>` when it is an ssh-transport URI without a command of its
/// own; otherwise @p uri unchanged.
QString withSshCommand(const QString &uri, const QString &sshCommand);

}  // namespace Atrium
