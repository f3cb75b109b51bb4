// Host credentials in the system keychain, for real: run by ctest twice, once inside a D-Bus
// session with gnome-keyring-daemon (tests/support/with-keyring.sh; ATRIUM_KEYCHAIN=session) and
// once with no D-Bus session at all (ATRIUM_KEYCHAIN=none), the headless machine's case.

#include "secrets/hostkeychain.h"
#include "libvirttestmain.h"
#include "simulatedhost.h"
#include "testresult.h"
#include "testsupport.h"
#include "await.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

constexpr auto kUser = "admin";
constexpr auto kPassword = "kept-in-the-keyring";

QString writeAuthHost(const QTemporaryDir &dir)
{
    return Atrium::Testing::writeAuthHost(dir, QString::fromLatin1(kUser), QString::fromLatin1(kPassword));
}

bool withKeyring()
{
    return qEnvironmentVariable("ATRIUM_KEYCHAIN") == u"session";
}

EngineOptions keychainEngine()
{
    EngineOptions options;
    options.useKeychain = true;
    return options;
}

HostState stateOf(EngineFixture &f, const QString &uri)
{
    const auto info = f.engine->hostInfo(uri);
    return info ? info->state : HostState::Disconnected;
}

}  // namespace

class TestHostKeychain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString mode = qEnvironmentVariable("ATRIUM_KEYCHAIN");
        QVERIFY2(mode == u"session" || mode == u"none", "run through ctest: ATRIUM_KEYCHAIN=session or none");
        if (mode == u"none")
            QVERIFY2(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "the no-keychain run has no D-Bus session");
    }

    void credentialsRoundTrip()
    {
        if (!withKeyring())
            QSKIP("needs the keyring session");
        HostKeychain keychain(QStringLiteral("Atrium test"));
        const QString uri = QStringLiteral("qemu+ssh://root@hv1/system");
        const HostCredentials credentials{QStringLiteral("root"), QStringLiteral("pw \"with\" quotes"), QStringLiteral("phrase ✓")};
        const auto written = await(keychain.write(uri, credentials));
        QVERIFY(written);
        QVERIFY2(*written, qPrintable(failureText(*written)));
        QCOMPARE(keychain.isAvailable(), std::optional<bool>(true));
        const auto read = await(keychain.read(uri));
        QVERIFY(read && *read);
        QVERIFY(read->value().has_value());
        QCOMPARE(*read->value(), credentials);
        // Another host has nothing kept.
        const auto other = await(keychain.read(QStringLiteral("qemu+ssh://root@hv2/system")));
        QVERIFY(other && *other);
        QVERIFY(!other->value().has_value());
        QVERIFY(await(keychain.remove(uri)).value_or(fail(ErrorCode::Internal, QString())));
        const auto gone = await(keychain.read(uri));
        QVERIFY(gone && *gone && !gone->value().has_value());
        // Removing what is not there is fine.
        QVERIFY(await(keychain.remove(uri)).value_or(fail(ErrorCode::Internal, QString())));
    }

    void aKeptAnswerConnectsTheNextRunWithoutAsking()
    {
        if (!withKeyring())
            QSKIP("needs the keyring session");
        QTemporaryDir hostDir;
        const QString uri = writeAuthHost(hostDir);
        EngineFixture f({QStringLiteral("test:///default"), uri}, keychainEngine());
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::NeedsCredentials; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return f.engine->keychainAvailable().has_value(); }, 10000));
        QCOMPARE(f.engine->keychainAvailable(), std::optional<bool>(true));

        QSignalSpy kept(f.engine.get(), &Engine::hostCredentialsKept);
        const HostCredentials answers{QString::fromLatin1(kUser), QString::fromLatin1(kPassword), {}};
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, answers, true));
        QVERIFY(kept.wait(10000));
        QCOMPARE(kept.first().at(1).toString(), QString());
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::Connected; }, 10000));

        // A new run (new hosts, new engine, same keychain): the host asks, the keychain answers.
        f.restart();
        QVERIFY2(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::Connected; }, 15000),
                 qPrintable(f.engine->hostInfo(uri)->lastError));

        // "Don't remember" forgets what was kept: the run after asks the admin again.
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, answers, false));
        QTest::qWait(500);  // the keychain removes it in the background
        f.restart();
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::NeedsCredentials; }, 10000));
        QTest::qWait(1000);
        QCOMPARE(stateOf(f, uri), HostState::NeedsCredentials);

        // Removing the host removes what the keychain keeps for it.
        QSignalSpy keptAgain(f.engine.get(), &Engine::hostCredentialsKept);
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, answers, true));
        QVERIFY(keptAgain.wait(10000));
        QVERIFY(f.engine->removeHost(f.admin, uri));
        QTest::qWait(500);
        HostKeychain keychain;
        const auto left = await(keychain.read(uri));
        QVERIFY(left && *left);
        QVERIFY2(!left->value().has_value(), "a removed host's credentials stay in the keychain");
    }

    void withoutAKeychainTheAnswersLastOneRun()
    {
        if (withKeyring())
            QSKIP("the no-keychain run's case");
        HostKeychain keychain;
        const auto read = await(keychain.read(QStringLiteral("qemu+ssh://root@hv1/system")), 30s);
        QVERIFY(read);
        QVERIFY(!*read);
        QCOMPARE(keychain.isAvailable(), std::optional<bool>(false));

        QTemporaryDir hostDir;
        const QString uri = writeAuthHost(hostDir);
        EngineFixture f({QStringLiteral("test:///default"), uri}, keychainEngine());
        QVERIFY(QTest::qWaitFor([&] { return f.engine->keychainAvailable().has_value(); }, 30000));
        QCOMPARE(f.engine->keychainAvailable(), std::optional<bool>(false));
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::NeedsCredentials; }, 10000));

        // Asked to remember, it cannot: the answers still work for this run, and the admin is told.
        QSignalSpy kept(f.engine.get(), &Engine::hostCredentialsKept);
        QVERIFY(f.engine->setHostCredentials(f.admin, uri, HostCredentials{QString::fromLatin1(kUser), QString::fromLatin1(kPassword), {}}, true));
        QVERIFY(kept.wait(30000));
        QVERIFY2(!kept.first().at(1).toString().isEmpty(), "the failure to keep them is reported");
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::Connected; }, 10000));
        f.restart();
        QVERIFY(QTest::qWaitFor([&] { return stateOf(f, uri) == HostState::NeedsCredentials; }, 10000));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestHostKeychain)
#include "tst_hostkeychain.moc"
