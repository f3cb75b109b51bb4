#include "model/defaultcatalog.h"
#include "model/workspacevalidator.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

namespace {

Workspace valid()
{
    Workspace w;
    w.id = QStringLiteral("ws-test");
    w.name = QStringLiteral("Test");
    return w;
}

}  // namespace

class TestWorkspaceValidator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreValid()
    {
        for (const Workspace &w : defaultWorkspaces(QDateTime::currentDateTimeUtc()))
            QVERIFY2(validateWorkspace(w), qPrintable(w.id));
        QVERIFY(validateWorkspace(valid()));
    }

    void refusals_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("field");
        QTest::newRow("empty name") << 0 << int(ErrorCode::InvalidNameLength) << "name";
        QTest::newRow("long name") << 1 << int(ErrorCode::InvalidNameLength) << "name";
        QTest::newRow("control chars") << 2 << int(ErrorCode::InvalidInput) << "name";
        QTest::newRow("bad url") << 3 << int(ErrorCode::InvalidInput) << "url";
        QTest::newRow("ftp url") << 4 << int(ErrorCode::InvalidInput) << "url";
        QTest::newRow("zero cpus") << 5 << int(ErrorCode::InvalidInput) << "cpu";
        QTest::newRow("tiny memory") << 6 << int(ErrorCode::InvalidInput) << "memory";
        QTest::newRow("namespace") << 7 << int(ErrorCode::InvalidNamespace) << "namespace";
        QTest::newRow("bad ttl on permanent") << 8 << int(ErrorCode::InvalidConfig) << "config.ttl";
        QTest::newRow("bad ttl") << 9 << int(ErrorCode::InvalidConfig) << "config.ttl";
        QTest::newRow("env key") << 10 << int(ErrorCode::InvalidConfig) << "config.env";
        QTest::newRow("bad id") << 11 << int(ErrorCode::InvalidInput) << "id";
        QTest::newRow("icon") << 12 << int(ErrorCode::InvalidInput) << "icon";
        QTest::newRow("negative restarts") << 13 << int(ErrorCode::InvalidConfig) << "config.max_restarts";
        QTest::newRow("host uri") << 14 << int(ErrorCode::InvalidInput) << "host";
    }
    void refusals()
    {
        QFETCH(int, which);
        QFETCH(int, code);
        QFETCH(QString, field);
        Workspace w = valid();
        switch (which) {
        case 0: w.name = QStringLiteral("   "); break;
        case 1: w.name = QString(256, u'x'); break;
        case 2: w.name = QStringLiteral("bad\x01name"); break;
        case 3: w.url = QStringLiteral("not a url"); break;
        case 4: w.url = QStringLiteral("ftp://example.test/"); break;
        case 5: w.resources.cpus = 0; break;
        case 6: w.resources.memoryMb = 16; break;
        case 7: w.namespaceName = QStringLiteral("prod_eu"); break;
        case 8: w.config.ttl = QStringLiteral("0m"); break;
        case 9:
            w.mode = WorkspaceMode::Temporary;
            w.config.ttl = QStringLiteral("soon");
            break;
        case 10: w.config.env = {{QStringLiteral("1BAD"), QStringLiteral("x")}}; break;
        case 11: w.id = QStringLiteral("ws/../etc"); break;
        case 12: w.icon = QStringLiteral("<script>"); break;
        case 13: w.config.maxRestarts = -1; break;
        case 14: w.hostUri = QStringLiteral("no scheme here"); break;
        }
        const auto result = validateWorkspace(w);
        QVERIFY(!result);
        QCOMPARE(int(result.error().code), code);
        QCOMPARE(result.error().field, field);
        QVERIFY(!result.error().message.isEmpty());
    }

    void temporaryWithTtl()
    {
        Workspace w = valid();
        w.mode = WorkspaceMode::Temporary;
        w.config.ttl = QStringLiteral("30m");
        QVERIFY(validateWorkspace(w));
    }

    void permanentKeepsTtl()
    {
        // The micro-VM API's full example sends ttl with mode "permanent"; it must be accepted.
        Workspace w = valid();
        w.mode = WorkspaceMode::Permanent;
        w.config.ttl = QStringLiteral("1h");
        QVERIFY(validateWorkspace(w));
    }

    void patchAppliesOnlySetFields()
    {
        WorkspacePatch p;
        p.cpus = 8;
        p.name = QStringLiteral("Renamed");
        const Workspace before = defaultWorkspaces(QDateTime::currentDateTimeUtc()).first();
        const Workspace after = applyPatch(before, p);
        QCOMPARE(after.resources.cpus, 8);
        QCOMPARE(after.name, QStringLiteral("Renamed"));
        QCOMPARE(after.url, before.url);
        QCOMPARE(after.resources.memoryMb, before.resources.memoryMb);
        QVERIFY(p.touchesResources());
        QVERIFY(!WorkspacePatch{}.touchesResources());
        QVERIFY(WorkspacePatch{}.isEmpty());
    }

    void generatedIdsAreValidAndDistinct()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString id = generateWorkspaceId();
            QVERIFY(isValidWorkspaceId(id));
            QVERIFY(id.startsWith(QStringLiteral("ws-")));
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 200);
    }
};

ATRIUM_TEST_MAIN(TestWorkspaceValidator)
#include "tst_workspacevalidator.moc"
