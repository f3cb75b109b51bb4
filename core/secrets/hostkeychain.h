#pragma once

#include "model/error.h"
#include "model/hostcredentials.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <optional>

namespace Atrium {

class GlibContextPump;

/// Host credentials in the system keychain (the D-Bus Secret Service, through QtKeychain): one
/// entry per host URI under the service "Atrium", the answers as a small JSON object. Every call
/// answers later on the thread the keychain lives on (always
/// the same one); nothing is written anywhere else. Without a Secret
/// Service (a headless machine, no D-Bus session) every call fails and isAvailable() says so.
class HostKeychain final : public QObject {
    Q_OBJECT

public:
    explicit HostKeychain(QString service = QStringLiteral("Atrium"), QObject *parent = nullptr);

    /// Whether a keychain answered; nullopt until the first call (or probe()) has finished.
    std::optional<bool> isAvailable() const { return m_available; }
    /// Finds out whether a keychain is there (availabilityKnown() tells).
    void probe();

    /// The credentials kept for @p uri; nullopt when none are.
    QFuture<Result<std::optional<HostCredentials>>> read(const QString &uri);
    QFuture<Result<void>> write(const QString &uri, const HostCredentials &credentials);
    /// Forgets what is kept for @p uri (none kept is not an error).
    QFuture<Result<void>> remove(const QString &uri);

Q_SIGNALS:
    void availabilityKnown(bool available);

private:
    void noteAvailability(bool available);

    GlibContextPump *m_pump = nullptr;  ///< delivers libsecret's answers on this thread
    QString m_service;
    std::optional<bool> m_available;
};

}  // namespace Atrium
