// The atrium executable as a user meets it: verbs, options, errors, signals.

#include "commandline.h"
#include "httpclient.h"
#include "store/store.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

QString atrium()
{
    return qEnvironmentVariable("ATRIUM_BINARY");
}

Run run(const QStringList &arguments, int timeoutMs = 20000)
{
    QProcess process;
    process.start(atrium(), arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// Starts `atrium serve`, waits until it says it is serving, and returns what it printed.
QByteArray startServer(QProcess &process, const QStringList &arguments)
{
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(atrium(), QStringList{QStringLiteral("serve")} + arguments);
    QByteArray seen;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        seen += process.readAll();
        if (seen.contains("serving"))
            return seen;
    }
    qWarning("server output: %s", seen.constData());
    return {};
}

/// The port in "serving on http://127.0.0.1:PORT".
quint16 servedPort(const QByteArray &output)
{
    const QRegularExpression re(QStringLiteral("serving on http://127\\.0\\.0\\.1:(\\d+)"));
    return quint16(re.match(QString::fromUtf8(output)).captured(1).toUInt());
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpExplainsEveryVerb()
    {
        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char *word : {"serve", "token create", "token list", "token revoke", "--listen", "--data-dir",
                                 "--host", "--stop-timeout", "--scopes", "--expires", "--json"})
            QVERIFY2(help.out.contains(QLatin1StringView(word)), word);
        QCOMPARE(run({QStringLiteral("help")}).out, help.out);
        const Run version = run({QStringLiteral("--version")});
        QCOMPARE(version.code, 0);
        QCOMPARE(version.out, QStringLiteral("atrium " ATRIUM_VERSION "\n"));
        QVERIFY(help.out.contains(QStringLiteral("--version")));
        QVERIFY(help.out.contains(QStringLiteral("Exit status:")));
        QVERIFY2(!help.out.contains(QRegularExpression(QStringLiteral("\\{[A-Z_]+\\}"))), "every placeholder of usage.txt is filled");
        QVERIFY(help.out.contains(QStringLiteral("/atrium/build-guest-image")));
        QVERIFY(run({QStringLiteral("serve"), QStringLiteral("--help")}).out.contains(QStringLiteral("--listen")));
    }

    void badInputIsExplained()
    {
        const Run verb = run({QStringLiteral("frobnicate")});
        QCOMPARE(verb.code, 2);
        QVERIFY(verb.err.contains(QStringLiteral("unknown verb 'frobnicate'")));
        const Run listen = run({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("nowhere")});
        QCOMPARE(listen.code, 2);
        QVERIFY2(listen.err.contains(QStringLiteral("--listen")), qPrintable(listen.err));
        const Run option = run({QStringLiteral("serve"), QStringLiteral("--no-such-option")});
        QCOMPARE(option.code, 2);
        const Run timeout = run({QStringLiteral("serve"), QStringLiteral("--stop-timeout"), QStringLiteral("soon")});
        QCOMPARE(timeout.code, 2);
        QVERIFY(timeout.err.contains(QStringLiteral("--stop-timeout")));
        const Run virt = run({QStringLiteral("serve"), QStringLiteral("--virt-type"), QStringLiteral("xen")});
        QCOMPARE(virt.code, 2);
        QVERIFY2(virt.err.contains(QStringLiteral("--virt-type: 'xen' is not auto, kvm or emulation")), qPrintable(virt.err));
    }

    void aStartThatCannotWorkSaysWhyAndExits78()
    {
        // A directory nobody may write in, root included (CI runs as root): /proc.
        const Run unwritable = run({QStringLiteral("serve"), QStringLiteral("--data-dir"), QStringLiteral("/proc"),
                                    QStringLiteral("--host"), QStringLiteral("test:///default")});
        QCOMPARE(unwritable.code, 78);
        QVERIFY2(unwritable.err.contains(QStringLiteral("cannot write in the data directory /proc")), qPrintable(unwritable.err));
        QVERIFY2(!unwritable.err.contains(QStringLiteral("another Atrium")), qPrintable(unwritable.err));
        const Run uncreatable = run({QStringLiteral("serve"), QStringLiteral("--data-dir"), QStringLiteral("/dev/null/atrium")});
        QCOMPARE(uncreatable.code, 78);
        QVERIFY2(uncreatable.err.contains(QStringLiteral("cannot create the data directory /dev/null/atrium")),
                 qPrintable(uncreatable.err));

        // The API's address already taken.
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
        const Run busy = run({QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"),
                              QStringLiteral("test:///default"), QStringLiteral("--listen"), address});
        QCOMPARE(busy.code, 78);
        QVERIFY2(busy.err.contains(QString::number(taken.serverPort())), qPrintable(busy.err));
    }

    void virtTypeSetsTheHostsOfTheCommandLine()
    {
        // A real (not simulated) host that answers nobody: a closed port on loopback.
        const QString host = QStringLiteral("qemu+tcp://127.0.0.1:1/system");
        auto settingOf = [&host](quint16 port) {
            const QJsonArray hosts = HttpClient(QStringLiteral("127.0.0.1"), port).get(QStringLiteral("/api/health")).object()
                                         .value(QStringLiteral("hosts")).toArray();
            for (const QJsonValue &h : hosts) {
                if (h.toObject().value(QStringLiteral("uri")).toString() == host)
                    return h.toObject().value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("setting")).toString();
            }
            return QString();
        };
        QTemporaryDir dir;
        for (const auto &[given, expected] : {std::pair{QStringLiteral("emulation"), QStringLiteral("emulation")},
                                              std::pair{QStringLiteral("qemu"), QStringLiteral("emulation")},
                                              std::pair{QStringLiteral("kvm"), QStringLiteral("kvm")},
                                              std::pair{QString(), QStringLiteral("auto")}}) {
            QStringList arguments{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"), host,
                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
            if (!given.isEmpty())
                arguments << QStringLiteral("--virt-type") << given;
            QProcess server;
            const QByteArray banner = startServer(server, arguments);
            QVERIFY2(!banner.isEmpty(), qPrintable(given));
            // For this run only: without --virt-type the host has its remembered setting (none: auto).
            QCOMPARE(settingOf(servedPort(banner)), expected);
            ::kill(pid_t(server.processId()), SIGTERM);
            QVERIFY(server.waitForFinished(20000));
        }
    }

    void serveStopsCleanlyAndKeepsEverything()
    {
        QTemporaryDir dir;
        QProcess server;
        const QByteArray banner = startServer(server, {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"),
                                                       QStringLiteral("test:///default"), QStringLiteral("--listen"),
                                                       QStringLiteral("127.0.0.1:0")});
        QVERIFY(!banner.isEmpty());
        const quint16 port = servedPort(banner);
        QVERIFY2(port > 0, banner.constData());
        QVERIFY(!banner.contains("reachable from the network"));
        const HttpResponse health = HttpClient(QStringLiteral("127.0.0.1"), port).get(QStringLiteral("/api/health"));
        QCOMPARE(health.status, 200);

        // A second Atrium on the same data directory is refused, and says who has it.
        const Run second = run({QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(),
                                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QCOMPARE(second.code, 78);  // not worth a restart (atrium.service)
        QVERIFY2(second.err.contains(QStringLiteral("pid %1").arg(server.processId())), qPrintable(second.err));

        // Tokens can be managed while it serves.
        const Run created = run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), dir.path(),
                                 QStringLiteral("--name"), QStringLiteral("CI"), QStringLiteral("--email"),
                                 QStringLiteral("ci@example.test"), QStringLiteral("--role"), QStringLiteral("user"),
                                 QStringLiteral("--json")});
        QCOMPARE(created.code, 0);

        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY(server.readAll().contains("stopped"));

        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        QVERIFY(store);
        // The five defaults, and the simulator's own domain "test", found on the host.
        const QList<Workspace> kept = *(*store)->workspaces();
        QCOMPARE(kept.size(), 6);
        QCOMPARE(std::count_if(kept.cbegin(), kept.cend(), [](const Workspace &w) { return w.adopted; }), 1);
        QCOMPARE(std::find_if(kept.cbegin(), kept.cend(), [](const Workspace &w) { return w.adopted; })->domainName,
                 QStringLiteral("test"));
        QCOMPARE((*store)->tokens()->size(), 1);
    }

    void listeningBeyondLoopbackIsAnnounced()
    {
        QTemporaryDir dir;
        QProcess server;
        const QByteArray banner = startServer(server, {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"),
                                                       QStringLiteral("test:///default"), QStringLiteral("--listen"),
                                                       QStringLiteral("0.0.0.0:0")});
        QVERIFY2(banner.contains("reachable from the network"), banner.constData());
        ::kill(pid_t(server.processId()), SIGINT);
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitCode(), 0);
    }

    void withoutADisplayTheWindowPointsToServe()
    {
        QTemporaryDir dir;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        process.setProcessEnvironment(env);
        process.start(atrium(), {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"), QStringLiteral("test:///default")});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("no display")) && err.contains(QStringLiteral("atrium serve")), qPrintable(err));
    }

    void theWindowRunsTheEngineAndTheApi()
    {
        // `atrium` with no verb: the window (offscreen here) over the same engine, API listening.
        QTemporaryDir dir;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(atrium(), {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"), QStringLiteral("test:///default"),
                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QByteArray seen;
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && process.state() != QProcess::NotRunning && !seen.contains("window open")) {
            process.waitForReadyRead(100);
            seen += process.readAll();
        }
        QVERIFY2(seen.contains("window open"), seen.constData());
        const QRegularExpression re(QStringLiteral("API http://127\\.0\\.0\\.1:(\\d+)"));
        const quint16 port = quint16(re.match(QString::fromUtf8(seen)).captured(1).toUInt());
        QVERIFY2(port > 0, seen.constData());
        QCOMPARE(HttpClient(QStringLiteral("127.0.0.1"), port).get(QStringLiteral("/api/health")).status, 200);

        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void theDefaultAddressIsLoopback()
    {
        QCommandLineParser parser;
        addServeOptions(parser);
        QVERIFY(parser.parse({QStringLiteral("atrium")}));
        const auto settings = readServeOptions(parser);
        QVERIFY(settings);
        QCOMPARE(settings->listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(settings->listenPort, quint16(8765));
        QCOMPARE(parseListenAddress(QStringLiteral("[::1]:9000"))->first, QHostAddress(QHostAddress::LocalHostIPv6));
        QVERIFY(!parseListenAddress(QStringLiteral("localhost:80")));  // an address, not a name to resolve
        QVERIFY(!parseListenAddress(QStringLiteral("127.0.0.1:70000")));
    }

    void tokenLifecycle()
    {
        QTemporaryDir dir;
        const QStringList base{QStringLiteral("token")};
        const QStringList where{QStringLiteral("--data-dir"), dir.path()};
        const Run created = run(base + QStringList{QStringLiteral("create")} + where
                                + QStringList{QStringLiteral("--name"), QStringLiteral("Ada"), QStringLiteral("--email"),
                                              QStringLiteral("ada@example.test"), QStringLiteral("--role"),
                                              QStringLiteral("admin"), QStringLiteral("--json")});
        QCOMPARE(created.code, 0);
        const QJsonObject issued = QJsonDocument::fromJson(created.out.toUtf8()).object();
        const QString id = issued.value(QStringLiteral("id")).toString();
        const QString token = issued.value(QStringLiteral("token")).toString();
        QVERIFY(id.startsWith(QStringLiteral("tok_")));
        QVERIFY(token.startsWith(QStringLiteral("atr_")));

        const Run text = run(base + QStringList{QStringLiteral("create")} + where
                             + QStringList{QStringLiteral("--name"), QStringLiteral("Bo"), QStringLiteral("--email"),
                                           QStringLiteral("bo@example.test"), QStringLiteral("--role"), QStringLiteral("user"),
                                           QStringLiteral("--scopes"), QStringLiteral("workspaces:read"),
                                           QStringLiteral("--expires"), QStringLiteral("1h")});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains(QStringLiteral("shown only this once")));

        const Run listed = run(base + QStringList{QStringLiteral("list")} + where + QStringList{QStringLiteral("--json")});
        QCOMPARE(listed.code, 0);
        const QJsonArray tokens = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(tokens.size(), 2);
        QVERIFY(!listed.out.contains(token));  // never the secret
        QVERIFY(tokens.at(1).toObject().value(QStringLiteral("expires_at")).isString());

        const Run revoked = run(base + QStringList{QStringLiteral("revoke"), id} + where);
        QCOMPARE(revoked.code, 0);
        QVERIFY(run(base + QStringList{QStringLiteral("list")} + where).out.contains(QStringLiteral("revoked")));
        QCOMPARE(run(base + QStringList{QStringLiteral("revoke"), QStringLiteral("tok_nope")} + where).code, 2);

        const Run missing = run(base + QStringList{QStringLiteral("create")} + where
                                + QStringList{QStringLiteral("--name"), QStringLiteral("X")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QStringLiteral("--email is required")));
        const Run role = run(base + QStringList{QStringLiteral("create")} + where
                             + QStringList{QStringLiteral("--name"), QStringLiteral("X"), QStringLiteral("--email"),
                                           QStringLiteral("x@example.test"), QStringLiteral("--role"), QStringLiteral("root")});
        QCOMPARE(role.code, 2);
        QVERIFY(role.err.contains(QStringLiteral("admin or user")));
    }
};

ATRIUM_TEST_MAIN(TestCli)
#include "tst_cli.moc"
