#include "hostkeychain.h"

#include "glibcontextpump.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>

#include <qt6keychain/keychain.h>

#include <memory>

namespace Atrium {

namespace {

QString entryKey(const QString &uri)
{
    return QStringLiteral("host:") + uri;
}

QByteArray toJson(const HostCredentials &credentials)
{
    QJsonObject object;
    for (const CredentialKind kind : {CredentialKind::Username, CredentialKind::Password, CredentialKind::KeyPassphrase}) {
        if (!credentials.value(kind).isEmpty())
            object.insert(nameOf(kind), credentials.value(kind));
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

HostCredentials fromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    HostCredentials credentials;
    for (const CredentialKind kind : {CredentialKind::Username, CredentialKind::Password, CredentialKind::KeyPassphrase})
        credentials.set(kind, object.value(nameOf(kind)).toString());
    return credentials;
}

bool meansNoKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented || error == QKeychain::OtherError;
}

Error keychainError(const QKeychain::Job *job, const QString &what)
{
    // QtKeychain's text names the backend's failure, never the secret.
    return Error{ErrorCode::Internal, QStringLiteral("%1: %2").arg(what, job->errorString())};
}

template <typename T>
std::shared_ptr<QPromise<T>> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T>
void settle(const std::shared_ptr<QPromise<T>> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

}  // namespace

HostKeychain::HostKeychain(QString service, QObject *parent)
    : QObject(parent)
    , m_pump(new GlibContextPump(this))
    , m_service(std::move(service))
{
}

void HostKeychain::noteAvailability(bool available)
{
    if (m_available == available)
        return;
    m_available = available;
    Q_EMIT availabilityKnown(available);
}

void HostKeychain::probe()
{
    read(QStringLiteral("atrium:probe"));
}

QFuture<Result<std::optional<HostCredentials>>> HostKeychain::read(const QString &uri)
{
    using Answer = Result<std::optional<HostCredentials>>;
    auto promise = startedPromise<Answer>();
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(entryKey(uri));
    m_pump->started();
    connect(job, &QKeychain::Job::finished, this, [this, promise, job] {
        m_pump->finished();
        if (job->error() == QKeychain::NoError) {
            noteAvailability(true);
            return settle<Answer>(promise, std::optional<HostCredentials>(fromJson(job->textData().toUtf8())));
        }
        if (job->error() == QKeychain::EntryNotFound) {
            noteAvailability(true);
            return settle<Answer>(promise, std::optional<HostCredentials>());
        }
        if (meansNoKeychain(job->error()))
            noteAvailability(false);
        settle<Answer>(promise, fail(keychainError(job, QStringLiteral("cannot read the system keychain"))));
    });
    job->start();
    return promise->future();
}

QFuture<Result<void>> HostKeychain::write(const QString &uri, const HostCredentials &credentials)
{
    auto promise = startedPromise<Result<void>>();
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(entryKey(uri));
    job->setTextData(QString::fromUtf8(toJson(credentials)));
    m_pump->started();
    connect(job, &QKeychain::Job::finished, this, [this, promise, job] {
        m_pump->finished();
        if (job->error() == QKeychain::NoError) {
            noteAvailability(true);
            return settle<Result<void>>(promise, {});
        }
        if (meansNoKeychain(job->error()))
            noteAvailability(false);
        settle<Result<void>>(promise, fail(keychainError(job, QStringLiteral("cannot write to the system keychain"))));
    });
    job->start();
    return promise->future();
}

QFuture<Result<void>> HostKeychain::remove(const QString &uri)
{
    auto promise = startedPromise<Result<void>>();
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(entryKey(uri));
    m_pump->started();
    connect(job, &QKeychain::Job::finished, this, [this, promise, job] {
        m_pump->finished();
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) {
            noteAvailability(true);
            return settle<Result<void>>(promise, {});
        }
        if (meansNoKeychain(job->error()))
            noteAvailability(false);
        settle<Result<void>>(promise, fail(keychainError(job, QStringLiteral("cannot delete from the system keychain"))));
    });
    job->start();
    return promise->future();
}

}  // namespace Atrium
