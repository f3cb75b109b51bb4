#include "connectionauth.h"

#include "credentialbook.h"

#include <libvirt/virterror.h>

#include <cstdlib>
#include <optional>
#include <cstring>

namespace Atrium {

namespace {

struct AuthContext {
    CredentialBook *book;
    QString uri;
    bool answered = false;
};

std::optional<CredentialKind> kindOf(int type)
{
    switch (type) {
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
    case VIR_CRED_ECHOPROMPT:
        return CredentialKind::Username;
    case VIR_CRED_PASSPHRASE:
    case VIR_CRED_NOECHOPROMPT:
        return CredentialKind::Password;
    default:
        return std::nullopt;
    }
}

int answerCredentials(virConnectCredentialPtr credentials, unsigned int count, void *opaque)
{
    auto *context = static_cast<AuthContext *>(opaque);
    bool complete = true;
    for (unsigned int i = 0; i < count; ++i) {
        virConnectCredentialPtr credential = &credentials[i];
        const auto kind = kindOf(credential->type);
        std::optional<QString> value;
        if (kind) {
            const QString prompt = QString::fromUtf8(credential->prompt ? credential->prompt : "");
            value = context->book->answer(context->uri, CredentialRequest{*kind, prompt.trimmed()});
        }
        const bool fromBook = value.has_value();
        if (!value && credential->defresult)
            value = QString::fromUtf8(credential->defresult);  // libvirt's own suggestion (a realm, the local user)
        if (!value && !kind)
            value = QString();  // a SASL realm nobody named: the default one
        if (!value) {
            complete = false;  // ask on: the book collects every question of this attempt
            if (kind == CredentialKind::Username) {
                // libvirt asks for the password only once it has a user name: ask the admin both.
                // No prompt: the host has not asked it in words yet.
                context->book->expect(context->uri, CredentialRequest{CredentialKind::Password, QString()});
            }
            continue;
        }
        const QByteArray bytes = value->toUtf8();
        credential->result = static_cast<char *>(std::malloc(size_t(bytes.size()) + 1));  // libvirt frees it
        if (!credential->result)
            return -1;
        std::memcpy(credential->result, bytes.constData(), size_t(bytes.size()) + 1);
        credential->resultlen = unsigned(bytes.size());
        context->answered = context->answered || fromBook;
    }
    if (complete)
        return 0;
    // libvirt frees answers only when the callback succeeds.
    for (unsigned int i = 0; i < count; ++i) {
        std::free(credentials[i].result);
        credentials[i].result = nullptr;
        credentials[i].resultlen = 0;
    }
    return -1;
}

bool authenticationFailed()
{
    const virErrorPtr error = virGetLastError();
    return error && error->code == VIR_ERR_AUTH_FAILED;
}

}  // namespace

virConnectPtr openAuthenticated(const QString &uri, const QString &openUri, CredentialBook &book)
{
    static int credentialTypes[] = {VIR_CRED_USERNAME,   VIR_CRED_AUTHNAME,    VIR_CRED_ECHOPROMPT,
                                    VIR_CRED_NOECHOPROMPT, VIR_CRED_PASSPHRASE, VIR_CRED_REALM};
    AuthContext context{&book, uri};
    virConnectAuth auth{credentialTypes, int(std::size(credentialTypes)), answerCredentials, &context};
    book.beginAttempt(uri);
    const QByteArray bytes = openUri.toUtf8();
    virConnectPtr connection = virConnectOpenAuth(bytes.constData(), &auth, 0);
    if (!connection && context.answered && authenticationFailed() && !book.outcome(uri).needsCredentials())
        book.markAnswersRefused(uri);
    return connection;
}

}  // namespace Atrium
