// Host credentials: libvirt's questions answered through virConnectOpenAuth (on the test driver's
// own <auth>, a real authentication), ssh's through the askpass broker and its real helper
// program, a host that asks waits for an admin instead of retrying, and no secret reaches the
// database or the audit. The keychain is tst_hostkeychain's; real ssh is tst_remotehost's.

#include "providers/askpassbroker.h"
#include "providers/connectionerror.h"
#include "providers/credentialbook.h"
#include "providers/libvirthost.h"
#include "libvirttestmain.h"
#include "simulatedhost.h"
#include "testresult.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

constexpr auto kUser = "admin";
constexpr auto kPassword = "s3cret-pa55word";

QString writeAuthHost(const QTemporaryDir &dir)
{
    return Atrium::Testing::writeAuthHost(dir, QString::fromLatin1(kUser), QString::fromLatin1(kPassword));
}

HostOptions quickRetries()
{
    HostOptions options;
    options.reconnectMin = std::chrono::milliseconds(50);
    options.reconnectMax = std::chrono::milliseconds(100);
    return options;
}

bool waitForState(const LibvirtHost &host, HostState state, std::chrono::milliseconds timeout = 10s)
{
    return QTest::qWaitFor([&] { return host.info().state == state; }, int(timeout.count()));
}

/// Runs atrium-askpass as ssh would, with @p prompt; its exit code and what it printed.
std::pair<int, QString> runHelper(const QString &socket, const QString &hostKey, const QString &prompt)
{
    QProcess helper;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ATRIUM_ASKPASS_SOCKET"), socket);
    env.insert(QStringLiteral("ATRIUM_ASKPASS_HOST"), hostKey);
    helper.setProcessEnvironment(env);
    helper.start(QStringLiteral(ATRIUM_ASKPASS_HELPER), {prompt});
    // The broker answers on its own thread: this one may simply block.
    if (!helper.waitForFinished(10000))
        return {-1, QStringLiteral("(no answer within 10 s)")};
    return {helper.exitCode(), QString::fromUtf8(helper.readAllStandardOutput())};
}

/// The socket and host key an ssh wrapper script hands the helper.
std::pair<QString, QString> helperTarget(const QString &wrapper)
{
    QFile file(wrapper);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString script = QString::fromUtf8(file.readAll());
    const auto value = [&](const QString &name) {
        const QRegularExpression assignment(name + QStringLiteral("=('[^']*'|\\S+)"));
        QString v = assignment.match(script).captured(1);
        if (v.startsWith(u'\''))
            v = v.mid(1, v.size() - 2);
        return v;
    };
    return {value(QStringLiteral("ATRIUM_ASKPASS_SOCKET")), value(QStringLiteral("ATRIUM_ASKPASS_HOST"))};
}

}  // namespace

class TestHostCredentials : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aHostThatAsksWaitsForAnAdminInsteadOfRetrying()
    {
        QTemporaryDir dir;
        LibvirtHost host(writeAuthHost(dir), quickRetries());
        QSignalSpy changes(&host, &LibvirtHost::infoChanged);
        host.connectToHost();
        QVERIFY(waitForState(host, HostState::NeedsCredentials));
        const HostInfo info = host.info();
        // Both questions at once: libvirt asks the password only after a user name.
        QCOMPARE(info.credentialsNeeded.size(), 2);
        QCOMPARE(info.credentialsNeeded[0].kind, CredentialKind::Username);
        QVERIFY2(info.credentialsNeeded[0].prompt.contains(u"username"), qPrintable(info.credentialsNeeded[0].prompt));
        QCOMPARE(info.credentialsNeeded[1].kind, CredentialKind::Password);
        QVERIFY(!info.credentialsRefused);
        QVERIFY2(info.lastError.startsWith(u"simulator") || info.lastError.contains(u"asks for credentials"),
                 qPrintable(info.lastError));

        // Ten back-off periods later it has not tried again: asking again gets the same answer.
        const int attempts = int(std::count_if(changes.cbegin(), changes.cend(), [](const QList<QVariant> &args) {
            return args.at(0).value<HostInfo>().state == HostState::Connecting;
        }));
        QTest::qWait(1000);
        const int attemptsLater = int(std::count_if(changes.cbegin(), changes.cend(), [](const QList<QVariant> &args) {
            return args.at(0).value<HostInfo>().state == HostState::Connecting;
        }));
        QCOMPARE(attemptsLater, attempts);
        QCOMPARE(host.info().state, HostState::NeedsCredentials);
    }

    void aRefusedPasswordIsSaidSoAndNotRetried()
    {
        QTemporaryDir dir;
        LibvirtHost host(writeAuthHost(dir), quickRetries());
        host.provideCredentials(HostCredentials{QString::fromLatin1(kUser), QStringLiteral("wrong"), {}});
        QVERIFY(waitForState(host, HostState::NeedsCredentials));
        const HostInfo info = host.info();
        QVERIFY(info.credentialsRefused);
        QVERIFY2(info.lastError.startsWith(u"authentication refused"), qPrintable(info.lastError));
        QVERIFY2(!info.lastError.contains(u"wrong"), "the refused password is not repeated in the message");
    }

    void theRightAnswersConnect()
    {
        QTemporaryDir dir;
        LibvirtHost host(writeAuthHost(dir), quickRetries());
        host.connectToHost();
        QVERIFY(waitForState(host, HostState::NeedsCredentials));
        QVERIFY(!host.hasCredentials());
        host.provideCredentials(HostCredentials{QString::fromLatin1(kUser), QString::fromLatin1(kPassword), {}});
        QVERIFY2(waitForState(host, HostState::Connected), qPrintable(host.info().lastError));
        QVERIFY(host.info().credentialsNeeded.isEmpty());
        QVERIFY(host.hasCredentials());
    }

    void theEngineAuditsCredentialsButNeverStoresThem()
    {
        QTemporaryDir dir;
        const QString uri = writeAuthHost(dir);
        EngineFixture f({QStringLiteral("test:///default"), uri}, {}, QString(kNoTunnelInterface), quickRetries());
        QVERIFY(QTest::qWaitFor([&] { return f.engine->hostInfo(uri)->state == HostState::NeedsCredentials; }, 10000));

        const HostCredentials answers{QString::fromLatin1(kUser), QString::fromLatin1(kPassword), {}};
        const auto refused = f.engine->setHostCredentials(f.user, uri, answers, false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::AdminRequired);
        const auto empty = f.engine->setHostCredentials(f.admin, uri, HostCredentials{}, false);
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
        // This engine uses no keychain: "remember" cannot be honoured, and says so.
        const auto remember = f.engine->setHostCredentials(f.admin, uri, answers, true);
        QVERIFY(!remember);
        QCOMPARE(remember.error().code, ErrorCode::Conflict);
        QCOMPARE(f.engine->keychainAvailable(), std::optional<bool>(false));

        QVERIFY2(f.engine->setHostCredentials(f.admin, uri, answers, false), "an admin gives the answers");
        QVERIFY(QTest::qWaitFor([&] { return f.engine->hostInfo(uri)->state == HostState::Connected; }, 10000));

        AuditQuery query;
        query.action = QStringLiteral("set_host_credentials");
        const auto audit = f.engine->audit(query);
        QVERIFY(audit);
        QCOMPARE(audit->size(), 1);
        QVERIFY2(audit->first().detail.contains(u"username, password"), qPrintable(audit->first().detail));
        f.engine.reset();
        f.hosts.reset();
        f.store.reset();
        for (const QString &name : QDir(f.dir.path()).entryList(QDir::Files)) {
            QFile file(f.dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(kPassword), qPrintable(name + QStringLiteral(" holds the password")));
        }
    }

    void theBookAnswersOncePerAttempt()
    {
        CredentialBook book;
        const QString uri = QStringLiteral("qemu+ssh://root@hv1/system");
        book.provide(uri, HostCredentials{{}, {}, QStringLiteral("phrase")});
        book.beginAttempt(uri);
        const CredentialRequest passphrase{CredentialKind::KeyPassphrase, QStringLiteral("Enter passphrase for key '/k':")};
        QCOMPARE(book.answer(uri, passphrase), std::optional<QString>(QStringLiteral("phrase")));
        QVERIFY(!book.outcome(uri).needsCredentials());
        // ssh asks again: the passphrase was wrong, and answering again would not make it right.
        const CredentialRequest again{CredentialKind::KeyPassphrase, QStringLiteral("Bad passphrase, try again for /k:")};
        QCOMPARE(book.answer(uri, again), std::nullopt);
        QCOMPARE(book.outcome(uri).refused.size(), 1);
        // What it has nothing for, it lists.
        QCOMPARE(book.answer(uri, CredentialRequest{CredentialKind::Password, QStringLiteral("root@hv1's password:")}), std::nullopt);
        QCOMPARE(book.outcome(uri).unanswered.size(), 1);
        // Another ssh (a console's tunnel, say) asks for itself: it gets the answer once too.
        QCOMPARE(book.answer(uri, passphrase, 4242), std::optional<QString>(QStringLiteral("phrase")));
        QCOMPARE(book.answer(uri, again, 4242), std::nullopt);
        // A new attempt starts afresh.
        book.beginAttempt(uri);
        QVERIFY(!book.outcome(uri).needsCredentials());
        QCOMPARE(book.answer(uri, passphrase), std::optional<QString>(QStringLiteral("phrase")));
        book.forget(uri);
        QVERIFY(!book.has(uri));

        QCOMPARE(credentialKindOfPrompt(QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519': ")), CredentialKind::KeyPassphrase);
        QCOMPARE(credentialKindOfPrompt(QStringLiteral("root@127.0.0.1's password: ")), CredentialKind::Password);
        QVERIFY(isHostKeyQuestion(QStringLiteral("The authenticity of host '[127.0.0.1]:2222' can't be established.\n"
                                                 "Are you sure you want to continue connecting (yes/no/[fingerprint])? ")));
    }

    void theHelperGetsTheBooksAnswerAndNothingElse()
    {
        auto book = std::make_shared<CredentialBook>();
        AskpassBroker broker(QStringLiteral(ATRIUM_ASKPASS_HELPER), book);
        QVERIFY(broker.isReady());
        const QString uri = QStringLiteral("qemu+ssh://root@hv1:2222/system?keyfile=/k");
        const QString wrapper = broker.sshCommandFor(uri);
        QVERIFY(QFileInfo(wrapper).isExecutable());
        QCOMPARE(QFileInfo(wrapper).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        const auto [socket, key] = helperTarget(wrapper);
        QVERIFY2(QFileInfo::exists(socket), qPrintable(socket));

        book->provide(uri, HostCredentials{{}, {}, QStringLiteral("phrase with 'quotes' and spaces")});
        book->beginAttempt(uri);
        const auto answered = runHelper(socket, key, QStringLiteral("Enter passphrase for key '/k': "));
        QCOMPARE(answered.first, 0);
        QCOMPARE(answered.second, QStringLiteral("phrase with 'quotes' and spaces\n"));
        // Asked again in the same attempt: refused, not repeated.
        QCOMPARE(runHelper(socket, key, QStringLiteral("Bad passphrase, try again for /k: ")).first, 1);
        QVERIFY(book->outcome(uri).needsCredentials());
        // An unknown host key is never accepted for the admin.
        QCOMPARE(runHelper(socket, key, QStringLiteral("The authenticity of host 'hv1' can't be established.\nAre you "
                                                       "sure you want to continue connecting (yes/no/[fingerprint])? ")).first,
                 1);
        QVERIFY(!book->outcome(uri).unknownHostKey.isEmpty());
        // A host key the broker never handed out gets nothing.
        QCOMPARE(runHelper(socket, QStringLiteral("000000000000"), QStringLiteral("Password: ")).first, 1);
    }

    void theSshCommandJoinsOnlySshUris()
    {
        const QString cmd = QStringLiteral("/run/user/0/atrium-ask-x/ssh-abc");
        QCOMPARE(withSshCommand(QStringLiteral("qemu+ssh://root@hv1/system"), cmd),
                 QStringLiteral("qemu+ssh://root@hv1/system?command=/run/user/0/atrium-ask-x/ssh-abc"));
        QCOMPARE(withSshCommand(QStringLiteral("qemu+ssh://root@hv1:2222/system?keyfile=/k&no_verify=1"), cmd),
                 QStringLiteral("qemu+ssh://root@hv1:2222/system?keyfile=/k&no_verify=1&command=/run/user/0/atrium-ask-x/ssh-abc"));
        // The admin's own command stays; other transports have no ssh.
        QCOMPARE(withSshCommand(QStringLiteral("qemu+ssh://hv1/system?command=/usr/bin/myssh"), cmd),
                 QStringLiteral("qemu+ssh://hv1/system?command=/usr/bin/myssh"));
        QCOMPARE(withSshCommand(QStringLiteral("qemu+tls://hv1/system"), cmd), QStringLiteral("qemu+tls://hv1/system"));
        QCOMPARE(withSshCommand(QStringLiteral("qemu:///system"), cmd), QStringLiteral("qemu:///system"));
        QCOMPARE(withSshCommand(QStringLiteral("qemu+ssh://hv1/system"), QString()), QStringLiteral("qemu+ssh://hv1/system"));
    }

    void connectionErrorsSayWhatWentWrongFirst_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("plain");
        const QString prefix = QStringLiteral("cannot connect to qemu+ssh://root@hv1/system: ");
        QTest::newRow("refused key") << prefix + QStringLiteral("Cannot recv data: root@hv1: Permission denied (publickey).: Connection reset by peer")
                                     << QStringLiteral("authentication refused by hv1");
        QTest::newRow("host key") << prefix + QStringLiteral("Cannot recv data: Host key verification failed.: Connection reset by peer")
                                  << QStringLiteral("unknown host key");
        QTest::newRow("no nc") << prefix + QStringLiteral("Cannot recv data: sh: 1: nc: not found: Connection reset by peer")
                               << QStringLiteral("hv1 has no 'nc' (netcat)");
        QTest::newRow("no socket") << prefix + QStringLiteral("Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory")
                                   << QStringLiteral("no libvirt daemon socket there");
        QTest::newRow("timeout") << prefix + QStringLiteral("Cannot recv data: ssh: connect to host hv1 port 22: Connection timed out")
                                 << QStringLiteral("timed out");
        QTest::newRow("refused port") << prefix + QStringLiteral("Cannot recv data: ssh: connect to host hv1 port 22: Connection refused")
                                      << QStringLiteral("nothing answers at hv1");
        QTest::newRow("dns") << prefix + QStringLiteral("Cannot recv data: ssh: Could not resolve hostname hv1: Name or service not known")
                             << QStringLiteral("unknown host name");
        QTest::newRow("unknown") << prefix + QStringLiteral("something new") << prefix + QStringLiteral("something new");
    }

    void connectionErrorsSayWhatWentWrongFirst()
    {
        QFETCH(QString, message);
        QFETCH(QString, plain);
        const QString said = plainConnectionError(QStringLiteral("qemu+ssh://root@hv1/system"), message);
        QVERIFY2(said.startsWith(plain), qPrintable(said));
        QVERIFY2(said.endsWith(message), "libvirt's own words follow");
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestHostCredentials)
#include "tst_hostcredentials.moc"
