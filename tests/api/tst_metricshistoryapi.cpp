// Atrium's /api/workspaces/{id}/metrics/history over HTTP (document-000 conventions).

#include "apifixture.h"
#include "libvirttestmain.h"
#include "testresult.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

const QStringList kSeries{QStringLiteral("cpu_percent"), QStringLiteral("memory_used_mb"), QStringLiteral("disk_read_bps"),
                          QStringLiteral("disk_write_bps"), QStringLiteral("net_rx_bps"), QStringLiteral("net_tx_bps")};

QString historyPath(const QString &id, const QString &window = {})
{
    return QStringLiteral("/api/workspaces/%1/metrics/history").arg(id)
        + (window.isNull() ? QString() : QStringLiteral("?window=") + window);
}

/// series → reason, from a history document's `unavailable` list.
QHash<QString, QString> reasons(const QJsonObject &history)
{
    QHash<QString, QString> out;
    for (const QJsonValue &v : history.value(QStringLiteral("unavailable")).toArray())
        out.insert(v[QStringLiteral("series")].toString(), v[QStringLiteral("reason")].toString());
    return out;
}

bool tick(MetricsSampler &sampler)
{
    QSignalSpy done(&sampler, &MetricsSampler::tickCompleted);
    sampler.tick();
    return done.wait(10000);
}

QDateTime minutesAgo(int minutes)
{
    const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-60 * minutes);
    return QDateTime(t.date(), QTime(t.time().hour(), t.time().minute()), Qt::UTC);
}

}  // namespace

class TestMetricsHistoryApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void simulatedVmHasTimestampedPointsAndEverySeriesExplicitlyUnavailable()
    {
        ApiFixture f;
        const auto vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Measured?")));
        QVERIFY(vm);
        QCOMPARE(f.client().post(QStringLiteral("/api/workspaces/%1/launch").arg(vm->id), {}, f.bearer(f.user)).status, 200);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(tick(*f.metrics));
            QTest::qWait(20);  // distinct timestamps
        }

        for (const QString &window : {QString(), QStringLiteral("15m"), QStringLiteral("1h")}) {
            const HttpResponse r = f.client().get(historyPath(vm->id, window), f.bearer(f.user));
            QCOMPARE(r.status, 200);
            const QJsonObject h = r.object();
            QCOMPARE(h.value(QStringLiteral("workspace_id")).toString(), vm->id);
            QCOMPARE(h.value(QStringLiteral("window")).toString(), window.isNull() ? QStringLiteral("1h") : window);
            QCOMPARE(h.value(QStringLiteral("resolution")).toString(), QStringLiteral("full"));
            QCOMPARE(h.value(QStringLiteral("interval_seconds")).toDouble(), 2.0);
            const QDateTime from = QDateTime::fromString(h.value(QStringLiteral("from")).toString(), Qt::ISODateWithMs);
            const QDateTime to = QDateTime::fromString(h.value(QStringLiteral("to")).toString(), Qt::ISODateWithMs);
            QVERIFY(from.isValid() && to.isValid());
            QCOMPARE(from.secsTo(to), window == u"15m" ? 15 * 60 : 3600);
            QCOMPARE(h.value(QStringLiteral("series")).toVariant().toStringList(), kSeries);

            // Three ticks, three points, each with its own time and every series null: the simulator measures nothing.
            const QJsonArray points = h.value(QStringLiteral("points")).toArray();
            QCOMPARE(points.size(), 3);
            QDateTime previous;
            for (const QJsonValue &v : points) {
                const QDateTime at = QDateTime::fromString(v[QStringLiteral("at")].toString(), Qt::ISODateWithMs);
                QVERIFY2(at.isValid() && at >= from && at <= to, qPrintable(v[QStringLiteral("at")].toString()));
                QVERIFY(!previous.isValid() || at > previous);
                previous = at;
                for (const QString &series : kSeries) {
                    QVERIFY2(v.toObject().contains(series), qPrintable(series));
                    QVERIFY2(v[series].isNull(), qPrintable(series));
                }
            }
            const auto why = reasons(h);
            QCOMPARE(why.size(), kSeries.size());
            for (const QString &series : kSeries)
                QVERIFY2(why.value(series).contains(QStringLiteral("simulator")), qPrintable(series + u": " + why.value(series)));
        }
    }

    void longWindowsAreTheStoresMinuteAverages()
    {
        ApiFixture f;
        const auto vm = f.engine.engine->createWorkspace(f.engine.admin, smallVm(QStringLiteral("Has a past")));
        QVERIFY(vm);
        // Rows as the sampler writes them (a real host's minutes: no network, since the VM has no NIC).
        MetricMinute old{vm->id, minutesAgo(3 * 24 * 60), 80.0, 120.0, 0.0, 4096.0, std::nullopt, std::nullopt, 30};
        MetricMinute recent{vm->id, minutesAgo(10), 12.345, 96.0, 512.0, 0.0, std::nullopt, std::nullopt, 29};
        QVERIFY(f.engine.store->appendMetricMinutes({old, recent}, minutesAgo(30 * 24 * 60)));

        const HttpResponse day = f.client().get(historyPath(vm->id, QStringLiteral("24h")), f.bearer(f.user));
        QCOMPARE(day.status, 200);
        const QJsonObject h = day.object();
        QCOMPARE(h.value(QStringLiteral("resolution")).toString(), QStringLiteral("minute"));
        QCOMPARE(h.value(QStringLiteral("interval_seconds")).toDouble(), 60.0);
        const QJsonArray points = h.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 1);
        const QJsonObject p = points.first().toObject();
        QCOMPARE(QDateTime::fromString(p.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs), recent.minute);
        QCOMPARE(p.value(QStringLiteral("samples")).toInt(), 29);
        QCOMPARE(p.value(QStringLiteral("cpu_percent")).toDouble(), 12.35);
        QCOMPARE(p.value(QStringLiteral("memory_used_mb")).toDouble(), 96.0);
        QCOMPARE(p.value(QStringLiteral("disk_read_bps")).toDouble(), 512.0);
        QCOMPARE(p.value(QStringLiteral("disk_write_bps")).toDouble(), 0.0);  // measured zero stays zero
        QVERIFY(p.value(QStringLiteral("net_rx_bps")).isNull());
        QVERIFY(p.value(QStringLiteral("net_tx_bps")).isNull());
        const auto why = reasons(h);
        QCOMPARE(QStringList(why.keys()).size(), 2);
        QVERIFY(why.contains(QStringLiteral("net_rx_bps")) && why.contains(QStringLiteral("net_tx_bps")));
        QVERIFY2(!why.value(QStringLiteral("net_rx_bps")).isEmpty(), "a reason is always given");

        const HttpResponse week = f.client().get(historyPath(vm->id, QStringLiteral("7d")), f.bearer(f.user));
        QCOMPARE(week.status, 200);
        const QJsonArray all = week.object().value(QStringLiteral("points")).toArray();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0)[QStringLiteral("cpu_percent")].toDouble(), 80.0);  // oldest first
        QCOMPARE(all.at(1)[QStringLiteral("cpu_percent")].toDouble(), 12.35);

        // The full-resolution windows do not reach into the store: nothing sampled, nothing shown.
        const QJsonObject hour = f.client().get(historyPath(vm->id, QStringLiteral("1h")), f.bearer(f.user)).object();
        QCOMPARE(hour.value(QStringLiteral("points")).toArray().size(), 0);
        QVERIFY(reasons(hour).value(QStringLiteral("cpu_percent")).contains(QStringLiteral("simulator")));
    }

    void aRemoteEndpointIsNotMeasured()
    {
        ApiFixture f;
        const auto remote = f.engine.engine->createWorkspace(f.engine.admin, loopbackEndpoint());
        QVERIFY(remote);
        const HttpResponse r = f.client().get(historyPath(remote->id, QStringLiteral("15m")), f.bearer(f.reader));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("points")).toArray().size(), 0);
        const auto why = reasons(r.object());
        QCOMPARE(why.size(), kSeries.size());
        QVERIFY2(why.value(QStringLiteral("cpu_percent")).contains(QStringLiteral("remote endpoint")), qPrintable(why.value(QStringLiteral("cpu_percent"))));
    }

    void errors()
    {
        ApiFixture f;
        const QString shared = QStringLiteral("ws-1panel");
        const HttpClient http = f.client();

        // No credential, or a bad one: 401 in the Workspaces API's shape.
        for (const Headers &headers : {Headers{}, Headers{{"Authorization", "Bearer nope"}}}) {
            const HttpResponse r = http.get(historyPath(shared), headers);
            QCOMPARE(r.status, 401);
            QVERIFY(!r.object().value(QStringLiteral("detail")).toString().isEmpty());
        }

        // An unknown workspace, and one that is someone else's: both simply not found.
        const HttpResponse missing = http.get(historyPath(QStringLiteral("ws-nope"), QStringLiteral("1h")), f.bearer(f.admin));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace not found"));
        QCOMPARE(missing.object().value(QStringLiteral("code")).toString(), QStringLiteral("WORKSPACE_NOT_FOUND"));
        WorkspacePatch own = smallVm(QStringLiteral("Uma's own"));
        own.ownerId = f.user.identity.id;
        const auto mine = f.engine.engine->createWorkspace(f.engine.admin, own);
        QVERIFY(mine);
        QCOMPARE(http.get(historyPath(mine->id), f.bearer(f.user)).status, 200);
        QCOMPARE(http.get(historyPath(mine->id), f.bearer(f.admin)).status, 200);
        const HttpResponse hidden = http.get(historyPath(mine->id), f.bearer(f.other));
        QCOMPARE(hidden.status, 404);
        QCOMPARE(hidden.object().value(QStringLiteral("detail")).toString(), QStringLiteral("Workspace not found"));

        // A bad window: 400 naming the parameter, whatever the spelling.
        for (const QString &window : {QStringLiteral("2h"), QString(""), QStringLiteral("1H"), QStringLiteral("15%20m"),
                                      QStringLiteral("1h;drop")}) {
            const HttpResponse r = http.get(historyPath(shared, window), f.bearer(f.user));
            QCOMPARE(r.status, 400);
            const QJsonObject e = r.object();
            QCOMPARE(e.value(QStringLiteral("field")).toString(), QStringLiteral("window"));
            QCOMPARE(e.value(QStringLiteral("code")).toString(), QStringLiteral("INVALID_INPUT"));
            QVERIFY2(e.value(QStringLiteral("detail")).toString().contains(QStringLiteral("15m, 1h, 24h, 7d")),
                     qPrintable(e.value(QStringLiteral("detail")).toString()));
        }
        // The workspace is checked first: an unknown one with a bad window is 404.
        QCOMPARE(http.get(historyPath(QStringLiteral("ws-nope"), QStringLiteral("2h")), f.bearer(f.user)).status, 404);

        // Read-only: other methods are 405 with Allow.
        const HttpResponse post = http.post(historyPath(shared), {}, f.bearer(f.admin));
        QCOMPARE(post.status, 405);
        QCOMPARE(post.headers.value("allow"), QByteArray("GET, HEAD, OPTIONS"));
        QVERIFY(!post.object().value(QStringLiteral("detail")).toString().isEmpty());
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestMetricsHistoryApi)
#include "tst_metricshistoryapi.moc"
