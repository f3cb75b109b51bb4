// The Sessions API's two Python programs, unchanged but for BASE_URL and token,
// against the API over HTTP (Debian's python3-requests).

#include "api/events/eventhub.h"
#include "apifixture.h"
#include "libvirttestmain.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

const QString kBaseUrlLine = QStringLiteral("BASE_URL = \"https://your-domain.com/api\"");
const QString kTokenLine = QStringLiteral("token = \"your-token-here\"");

/// The document's program with its two placeholders filled in; nothing else changes.
QString preparedScript(const QString &name, const QString &baseUrl, const QString &token, QTemporaryDir &dir)
{
    QFile source(qEnvironmentVariable("ATRIUM_SOURCE_DIR") + QStringLiteral("/tests/api/python/") + name);
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(source.readAll());
    if (text.count(kBaseUrlLine) != 1 || text.count(kTokenLine) != 1)
        return {};
    text.replace(kBaseUrlLine, QStringLiteral("BASE_URL = \"%1\"").arg(baseUrl));
    text.replace(kTokenLine, QStringLiteral("token = \"%1\"").arg(token));
    const QString path = dir.filePath(name);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(text.toUtf8());
    return path;
}

void startPython(QProcess &python, const QString &script)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *proxy : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"})
        env.remove(QString::fromLatin1(proxy));
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost"));
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    python.setProcessEnvironment(env);
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(QStringLiteral("python3"), {script});
}

/// The README's event-stream program, pointed at @p baseUrl with @p token.
QString preparedFollower(const QString &baseUrl, const QString &token, QTemporaryDir &dir)
{
    QFile source(qEnvironmentVariable("ATRIUM_SOURCE_DIR") + QStringLiteral("/tests/api/python/follow_events.py"));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(source.readAll());
    const QString baseLine = QStringLiteral("BASE_URL = \"http://127.0.0.1:8765\"");
    const QString tokenLine = QStringLiteral("token = \"…\"  # atrium token create …");
    if (text.count(baseLine) != 1 || text.count(tokenLine) != 1)
        return {};
    text.replace(baseLine, QStringLiteral("BASE_URL = \"%1\"").arg(baseUrl));
    text.replace(tokenLine, QStringLiteral("token = \"%1\"").arg(token));
    const QString path = dir.filePath(QStringLiteral("follow_events.py"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(text.toUtf8());
    return path;
}

}  // namespace

class TestPythonClients : public QObject {
    Q_OBJECT

private:
    QDateTime m_clock;

private Q_SLOTS:
    void initTestCase()
    {
        QProcess probe;
        probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import requests")});
        QVERIFY2(probe.waitForFinished(20000) && probe.exitCode() == 0, "python3-requests is not installed (installer/install-deps.sh installs it)");
    }

    void monitorPrintsTheActiveSessions()
    {
        ApiFixture f;
        const QString panel = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint())->id;
        const QString vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Lab VM")))->id;
        const QString a = f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.user))
                              .object().value(QStringLiteral("session_id")).toString();
        const QString b = f.client().post(QStringLiteral("/api/workspaces/") + vm + QStringLiteral("/launch"), {}, f.bearer(f.user))
                              .object().value(QStringLiteral("session_id")).toString();
        QVERIFY(!a.isEmpty() && !b.isEmpty());

        QTemporaryDir dir;
        const QString script = preparedScript(QStringLiteral("monitor_sessions.py"),
                                              QStringLiteral("http://127.0.0.1:%1/api").arg(f.port), f.user.secret, dir);
        QVERIFY(!script.isEmpty());
        QProcess python;
        startPython(python, script);
        QByteArray output;
        // It loops forever (every 30 s): read its first report, then stop it.
        QVERIFY2(QTest::qWaitFor([&] { output += python.readAll(); return output.count("MFA:") >= 2; }, 30000), output.constData());
        python.kill();
        python.waitForFinished();
        const QString text = QString::fromUtf8(output);
        QVERIFY2(text.contains(QStringLiteral("Active Sessions: 2")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Session ID: ") + a));
        QVERIFY(text.contains(QStringLiteral("Session ID: ") + b));
        QVERIFY(text.contains(QStringLiteral("- Loopback panel")));
        QVERIFY(text.contains(QStringLiteral("- Lab VM")));
        QVERIFY(text.contains(QStringLiteral("Tunnel: unavailable")));
        QVERIFY(text.contains(QStringLiteral("Tunnel: not_required")));
        QVERIFY(text.contains(QStringLiteral("MFA: Not verified")));
        QVERIFY(text.contains(QStringLiteral("Duration: 0:00:")));
        QVERIFY(!text.contains(QStringLiteral("Traceback")));
    }

    void theReadmesFollowerSeesSessionsComeAndGo()
    {
        ApiFixture f;
        const QString vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Lab VM")))->id;
        QTemporaryDir dir;
        const QString script = preparedFollower(QStringLiteral("http://127.0.0.1:%1").arg(f.port), f.user.secret, dir);
        QVERIFY(!script.isEmpty());
        QProcess python;
        startPython(python, script);
        QTRY_COMPARE(f.api->events().clientCount(), 1);
        const QString session = f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(vm), {}, f.bearer(f.user))
                                    .object().value(QStringLiteral("session_id")).toString();
        f.client().post(QStringLiteral("/api/sessions/%1/disconnect").arg(session), {}, f.bearer(f.user));
        QByteArray output;
        QVERIFY2(QTest::qWaitFor([&] { output += python.readAll(); return output.contains("session.updated Lab VM disconnected"); }, 20000),
                 output.constData());
        QVERIFY2(output.contains("session.created Lab VM active"), output.constData());
        python.kill();
        python.waitForFinished();
        QVERIFY(!output.contains("Traceback"));
    }

    void cleanupDisconnectsOnlyOldSessions()
    {
        // The engine's clock says the first session started nine hours ago.
        m_clock = QDateTime::currentDateTimeUtc().addSecs(-9 * 3600);
        EngineOptions options;
        options.clock = [this] { return m_clock; };
        ApiFixture f(options);
        const QString panel = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint())->id;
        const QString old = f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.user))
                                .object().value(QStringLiteral("session_id")).toString();
        m_clock = QDateTime::currentDateTimeUtc().addSecs(-3600);
        const QString recent = f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.user))
                                   .object().value(QStringLiteral("session_id")).toString();
        const QString someoneElses = f.client().post(QStringLiteral("/api/workspaces/") + panel + QStringLiteral("/launch"), {}, f.bearer(f.other))
                                         .object().value(QStringLiteral("session_id")).toString();
        m_clock = QDateTime::currentDateTimeUtc();

        QTemporaryDir dir;
        const QString script = preparedScript(QStringLiteral("cleanup_sessions.py"),
                                              QStringLiteral("http://127.0.0.1:%1/api").arg(f.port), f.user.secret, dir);
        QVERIFY(!script.isEmpty());
        QProcess python;
        startPython(python, script);
        QVERIFY(QTest::qWaitFor([&] { return python.state() == QProcess::NotRunning; }, 30000));
        const QString text = QString::fromUtf8(python.readAll());
        QCOMPARE(python.exitCode(), 0);
        QVERIFY2(text.contains(QStringLiteral("Disconnecting old session: Loopback panel")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Session %1 disconnected").arg(old)));
        QCOMPARE(text.count(QStringLiteral("disconnected")), 1);

        auto status = [&f](const QString &id) { return f.engine.store->session(id)->value().status; };
        QCOMPARE(status(old), SessionStatus::Disconnected);
        QCOMPARE(status(recent), SessionStatus::Active);
        QCOMPARE(status(someoneElses), SessionStatus::Active);  // users see only their own
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestPythonClients)
#include "tst_pythonclients.moc"
