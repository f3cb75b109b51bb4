// The real-hypervisor harness cleans up after a test however the test ends: a process
// that starts the private libvirtd and a QEMU in it, then aborts, crashes or is killed,
// leaves no libvirtd, virtlogd, QEMU or namespace behind.

#include "testmain.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <unistd.h>

namespace {

/// The PID namespace a process is in ("pid:[4026532xyz]"); empty when the process is gone.
QString pidNamespaceOf(const QString &pid)
{
    char target[64] = {};
    const QByteArray link = QStringLiteral("/proc/%1/ns/pid").arg(pid).toLocal8Bit();
    const ssize_t length = ::readlink(link.constData(), target, sizeof target - 1);
    return length > 0 ? QString::fromLatin1(target, length) : QString();
}

/// Processes whose command line names @p directory or that live in the PID namespace @p ns.
QStringList survivors(const QString &directory, const QString &ns)
{
    QStringList found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QString command = QString::fromLocal8Bit(cmdline.readAll()).replace(QChar(0), QChar(u' ')).trimmed();
        if (command.contains(directory) || pidNamespaceOf(pid) == ns)
            found << pid + u' ' + command.left(200);
    }
    return found;
}

}  // namespace

class TestHarnessCleanup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingOutlivesTheTestProcess_data()
    {
        QTest::addColumn<QString>("ending");
        QTest::newRow("abort") << QStringLiteral("abort");
        QTest::newRow("segfault") << QStringLiteral("segfault");
        QTest::newRow("SIGKILL (a ctest timeout)") << QStringLiteral("hang");
    }

    void nothingOutlivesTheTestProcess()
    {
        QFETCH(QString, ending);
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QStringLiteral(HARNESS_CHILD), {ending});
        QVERIFY(child.waitForStarted());
        QByteArray line;
        QElapsedTimer timer;
        timer.start();
        while (!line.contains('\n') && timer.elapsed() < 120000 && child.state() == QProcess::Running) {
            child.waitForReadyRead(1000);
            line += child.readAll();
        }
        if (!line.startsWith("READY")) {
            child.waitForFinished(5000);
            if (child.exitCode() == 77)
                QSKIP("no real hypervisor here (not root, or no QEMU)");
            QFAIL(qPrintable(QStringLiteral("the child did not start the harness: ") + QString::fromUtf8(line)));
        }
        const QList<QByteArray> words = line.trimmed().split(' ');
        QCOMPARE(words.size(), 3);
        const QString directory = QString::fromUtf8(words.at(1));
        // The namespace's first process is the child of unshare (whose PID the harness wrote down).
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-P"), QString::fromUtf8(words.at(2))});
        QVERIFY(pgrep.waitForFinished());
        const QString init = QString::fromUtf8(pgrep.readAll()).trimmed().section(u'\n', 0, 0);
        QVERIFY2(!init.isEmpty(), "the namespace's first process runs");
        const QString ns = pidNamespaceOf(init);
        QVERIFY(!ns.isEmpty());
        QVERIFY(ns != pidNamespaceOf(QStringLiteral("self")));
        // The check can fail: while the child lives, its daemons and QEMU are there to be found.
        const QStringList running = survivors(directory, ns);
        QVERIFY2(running.filter(QStringLiteral("libvirtd")).size() >= 1, qPrintable(running.join(u'\n')));
        QVERIFY2(running.filter(QStringLiteral("qemu-system")).size() == 1, qPrintable(running.join(u'\n')));

        child.write("go\n");
        child.waitForBytesWritten();
        if (ending == u"hang")
            child.kill();
        QVERIFY(child.waitForFinished(30000));
        // A crash (or, in a sanitizer build, the sanitizer's report and exit): no destructor ran.
        QVERIFY(child.exitStatus() == QProcess::CrashExit || child.exitCode() != 0);
        QTRY_VERIFY2_WITH_TIMEOUT(survivors(directory, ns).isEmpty(), qPrintable(survivors(directory, ns).join(u'\n')), 15000);
        QDir(directory).removeRecursively();  // the child could not: it crashed
    }
};

ATRIUM_TEST_MAIN(TestHarnessCleanup)
#include "tst_harnesscleanup.moc"
