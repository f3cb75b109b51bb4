#include "askpassbroker.h"

#include "model/host.h"
#include "privatedirectory.h"
#include "sshtunnel.h"

#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

namespace Atrium {

Q_DECLARE_LOGGING_CATEGORY(lcHost)

namespace {

// The helper's request: "<host key>\n<ssh's pid>\n<prompt length>\n<prompt>"; the answer:
// "+<secret>" or "-".
constexpr qsizetype kMaxRequest = 64 * 1024;

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

struct AskpassRequest {
    QString hostKey;
    qint64 asker = 0;
    QString prompt;
};

/// The request in @p bytes once all of it has arrived; nullopt while more is expected.
std::optional<AskpassRequest> parseRequest(const QByteArray &bytes, bool *malformed)
{
    QList<qsizetype> ends;
    for (qsizetype at = bytes.indexOf('\n'); at >= 0 && ends.size() < 3; at = bytes.indexOf('\n', at + 1))
        ends << at;
    if (ends.size() < 3) {
        *malformed = bytes.size() > 256;
        return std::nullopt;
    }
    bool pidOk = false;
    bool lengthOk = false;
    const qint64 asker = bytes.mid(ends[0] + 1, ends[1] - ends[0] - 1).toLongLong(&pidOk);
    const qsizetype length = bytes.mid(ends[1] + 1, ends[2] - ends[1] - 1).toLongLong(&lengthOk);
    if (!pidOk || !lengthOk || asker <= 0 || length < 0 || length > kMaxRequest) {
        *malformed = true;
        return std::nullopt;
    }
    if (bytes.size() - ends[2] - 1 < length)
        return std::nullopt;
    return AskpassRequest{QString::fromUtf8(bytes.left(ends[0])), asker, QString::fromUtf8(bytes.mid(ends[2] + 1, length))};
}

}  // namespace

AskpassBroker::AskpassBroker(QString helper, std::shared_ptr<CredentialBook> book)
    : m_helper(std::move(helper))
    , m_book(std::move(book))
{
    if (m_helper.isEmpty() || !QFileInfo(m_helper).isExecutable()) {
        qCWarning(lcHost) << "no askpass helper at" << m_helper << "- ssh's questions cannot be answered";
        return;
    }
    m_dir = makePrivateDirectory(QStringLiteral("atrium-ask"));
    if (!m_dir)
        return;
    m_socketPath = m_dir->filePath(QStringLiteral("s"));
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("askpass"));
    m_thread->start();
    m_server = new QLocalServer;
    m_server->moveToThread(m_thread);
    QMetaObject::invokeMethod(m_server, [this] { listen(); }, Qt::BlockingQueuedConnection);
}

AskpassBroker::~AskpassBroker()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_server, [server = m_server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void AskpassBroker::listen()
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_socketPath)) {
        qCWarning(lcHost) << "askpass socket" << m_socketPath << ":" << m_server->errorString();
        return;
    }
    QObject::connect(m_server, &QLocalServer::newConnection, m_server, [this] { serve(); });
    m_ready = true;
}

void AskpassBroker::serve()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QLocalSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            bool malformed = false;
            const auto request = parseRequest(*buffer, &malformed);
            if (!request && !malformed)
                return;
            const QString answer = request ? answerFor(request->hostKey, request->asker, request->prompt) : QString();
            socket->write(answer.isNull() ? QByteArray("-") : QByteArray("+") + answer.toUtf8());
            socket->disconnectFromServer();
        });
    }
}

QString AskpassBroker::answerFor(const QString &hostKey, qint64 asker, const QString &prompt)
{
    QString uri;
    {
        QMutexLocker lock(&m_mutex);
        uri = m_uriByKey.value(hostKey);
    }
    if (uri.isEmpty())
        return {};
    if (isHostKeyQuestion(prompt)) {
        m_book->refuseHostKey(uri, prompt.trimmed());
        return {};
    }
    const auto answer = m_book->answer(uri, CredentialRequest{credentialKindOfPrompt(prompt), prompt.trimmed()}, asker);
    return answer ? *answer : QString();
}

QString AskpassBroker::sshCommandFor(const QString &uri)
{
    if (!m_ready)
        return {};
    const QString key = hostId(uri);
    const QString path = m_dir->filePath(QStringLiteral("ssh-") + key);
    QMutexLocker lock(&m_mutex);
    if (m_uriByKey.contains(key))
        return path;
    // ssh asks its helper even with a terminal at hand (force), and gives up on an unreachable
    // host in 10 s instead of the kernel's two minutes. The URI's known_hosts (which libvirt
    // honours for its libssh transports only) holds here too, as in the console tunnels; with
    // no_verify=1 and none named, host keys are not written into ~/.ssh/known_hosts either.
    const QUrlQuery query{QUrl(uri)};
    const QString knownHosts = query.queryItemValue(QStringLiteral("known_hosts"), QUrl::FullyDecoded);
    QString options = QStringLiteral("-o ConnectTimeout=10");
    if (!knownHosts.isEmpty())
        options += QStringLiteral(" -o ") + shellQuoted(QStringLiteral("UserKnownHostsFile=") + knownHosts);
    else if (query.queryItemValue(QStringLiteral("no_verify")) == u"1")
        options += QStringLiteral(" -o UserKnownHostsFile=/dev/null");
    const QString script = QStringLiteral(
        "#!/bin/sh\n"
        "# Atrium: ssh for %1, its questions answered by Atrium (never a prompt)\n"
        "SSH_ASKPASS=%2 SSH_ASKPASS_REQUIRE=force ATRIUM_ASKPASS_SOCKET=%3 ATRIUM_ASKPASS_HOST=%4\n"
        "export SSH_ASKPASS SSH_ASKPASS_REQUIRE ATRIUM_ASKPASS_SOCKET ATRIUM_ASKPASS_HOST\n"
        "exec %5 %6 \"$@\"\n")
        .arg(QString(uri).remove(u'\n'), shellQuoted(m_helper), shellQuoted(m_socketPath), key,
             shellQuoted(SshTunnel::sshProgram()), options);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(script.toUtf8()) < 0
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        qCWarning(lcHost) << "cannot write the ssh wrapper" << path << ":" << file.errorString();
        return {};
    }
    m_uriByKey.insert(key, uri);
    return path;
}

QString withSshCommand(const QString &uri, const QString &sshCommand)
{
    if (sshCommand.isEmpty())
        return uri;
    QUrl url(uri);
    if (!url.scheme().endsWith(QStringLiteral("+ssh")))
        return uri;
    if (QUrlQuery(url).hasQueryItem(QStringLiteral("command")))
        return uri;  // the admin's own ssh: left as it is
    // Appended as text: the rest of the URI reaches libvirt exactly as the admin wrote it.
    const QString value = QString::fromLatin1(QUrl::toPercentEncoding(sshCommand, "/"));
    const qsizetype fragment = uri.indexOf(u'#');
    const QString base = fragment < 0 ? uri : uri.left(fragment);
    return base + (base.contains(u'?') ? u'&' : u'?') + QStringLiteral("command=") + value
        + (fragment < 0 ? QString() : uri.mid(fragment));
}

}  // namespace Atrium
