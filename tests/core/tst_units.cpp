#include "model/units.h"
#include "testmain.h"

#include <QTest>

using namespace Atrium;

class TestUnits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cpus_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");  // -1 = refused
        QTest::newRow("Workspaces API") << "4 vCPU" << 4;
        QTest::newRow("plural") << "2 vCPUs" << 2;
        QTest::newRow("bare") << "8" << 8;
        QTest::newRow("cores") << "16 cores" << 16;
        QTest::newRow("case") << "1 VCPU" << 1;
        QTest::newRow("words") << "four" << -1;
        QTest::newRow("negative") << "-2 vCPU" << -1;
        QTest::newRow("fraction") << "1.5 vCPU" << -1;
        QTest::newRow("empty") << "" << -1;
    }
    void cpus()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        const auto parsed = Units::parseCpus(QStringLiteral("cpu"), text);
        if (expected < 0) {
            QVERIFY(!parsed);
            QCOMPARE(parsed.error().field, QStringLiteral("cpu"));
            QVERIFY(parsed.error().message.contains(QStringLiteral("cpu")));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, expected);
        }
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("mebibytes");  // -1 = refused
        QTest::newRow("GB") << "8 GB" << qint64(8192);
        QTest::newRow("GB tight") << "8GB" << qint64(8192);
        QTest::newRow("GiB") << "8 GiB" << qint64(8192);
        QTest::newRow("Gi (v1 API)") << "16Gi" << qint64(16384);
        QTest::newRow("MB") << "512 MB" << qint64(512);
        QTest::newRow("TB") << "1 TB" << qint64(1048576);
        QTest::newRow("fraction") << "1.5 GB" << qint64(1536);
        QTest::newRow("no unit") << "16" << qint64(-1);
        QTest::newRow("unknown unit") << "16 PB" << qint64(-1);
        QTest::newRow("not whole MB") << "0.3 MB" << qint64(-1);
        QTest::newRow("garbage") << "lots" << qint64(-1);
    }
    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, mebibytes);
        const auto parsed = Units::parseMebibytes(QStringLiteral("memory"), text);
        if (mebibytes < 0) {
            QVERIFY(!parsed);
            QCOMPARE(parsed.error().code, ErrorCode::InvalidInput);
        } else {
            QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
            QCOMPARE(*parsed, mebibytes);
        }
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("30m") << "30m" << qint64(1800);
        QTest::newRow("1h") << "1h" << qint64(3600);
        QTest::newRow("24h") << "24h" << qint64(86400);
        QTest::newRow("combined") << "1h30m" << qint64(5400);
        QTest::newRow("days") << "7d" << qint64(604800);
        QTest::newRow("zero") << "0m" << qint64(-1);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("words") << "an hour" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = Units::parseDuration(QStringLiteral("ttl"), text);
        if (seconds < 0)
            QVERIFY(!parsed);
        else
            QCOMPARE(parsed->count(), seconds);
    }

    void formatting()
    {
        QCOMPARE(Units::formatCpus(4), QStringLiteral("4 vCPU"));
        QCOMPARE(Units::formatSize(8192), QStringLiteral("8 GB"));
        QCOMPARE(Units::formatSize(1536), QStringLiteral("1536 MB"));
        QCOMPARE(Units::formatSize(1048576), QStringLiteral("1 TB"));
        QCOMPARE(Units::formatKubernetesSize(16384), QStringLiteral("16Gi"));
        QCOMPARE(Units::formatKubernetesSize(300), QStringLiteral("300Mi"));
        // What is formatted parses back to the same number.
        for (qint64 mb : {64LL, 512LL, 1536LL, 8192LL, 102400LL, 1048576LL}) {
            QCOMPARE(*Units::parseMebibytes(QStringLiteral("x"), Units::formatSize(mb)), mb);
            QCOMPARE(*Units::parseMebibytes(QStringLiteral("x"), Units::formatKubernetesSize(mb)), mb);
        }
    }
};

ATRIUM_TEST_MAIN(TestUnits)
#include "tst_units.moc"
