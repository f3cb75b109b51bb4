// /api/hosts and its virtualization setting, over real HTTP, and what /api/health says of it.

#include "apifixture.h"
#include "model/host.h"
#include "libvirttestmain.h"
#include "simulatedhost.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

/// A real (not simulated) libvirt host that answers nobody: a closed port on loopback.
const QString kUnreachable = QStringLiteral("qemu+tcp://127.0.0.1:1/system");

QJsonObject hostOf(const QJsonArray &hosts, const QString &uri)
{
    for (const QJsonValue &h : hosts) {
        if (h.toObject().value(QStringLiteral("uri")).toString() == uri)
            return h.toObject();
    }
    return {};
}

QString pathOf(const QString &uri)
{
    return QStringLiteral("/api/hosts/") + hostId(uri);
}

}  // namespace

class TestHostsApi : public QObject {
    Q_OBJECT

    QByteArray body(const char *virtualization) { return QByteArray("{\"virtualization\":\"") + virtualization + "\"}"; }

private Q_SLOTS:
    void everyHostSaysHowItVirtualizes()
    {
        ApiFixture f;
        const QJsonArray hosts = f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array();
        QCOMPARE(hosts.size(), 1);
        const QJsonObject h = hosts.at(0).toObject();
        QCOMPARE(h.value(QStringLiteral("id")).toString(), hostId(QStringLiteral("test:///default")));
        QCOMPARE(h.value(QStringLiteral("virt_type")).toString(), QStringLiteral("test"));
        const QJsonObject v = h.value(QStringLiteral("virtualization")).toObject();
        QCOMPARE(v.value(QStringLiteral("setting")).toString(), QStringLiteral("auto"));
        QCOMPARE(v.value(QStringLiteral("in_use")).toString(), QStringLiteral("test"));
        QCOMPARE(v.value(QStringLiteral("kvm_offered")).toBool(true), false);
        QCOMPARE(v.value(QStringLiteral("kvm_unusable")).toBool(true), false);
        QVERIFY(v.value(QStringLiteral("kvm_failure")).isNull());
        QVERIFY(v.value(QStringLiteral("kvm_failed_at")).isNull());
        QCOMPARE(v.value(QStringLiteral("summary")).toString(), QStringLiteral("simulated: nothing is virtualized"));
    }

    void anAdminSetsTheVirtualizationAndItIsRemembered()
    {
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default"), kUnreachable});
        const HttpResponse set = f.client().patch(pathOf(kUnreachable), body("emulation"), f.bearer(f.admin));
        QVERIFY2(set.status == 200, set.body.constData());
        QCOMPARE(set.object().value(QStringLiteral("uri")).toString(), kUnreachable);
        QCOMPARE(set.object().value(QStringLiteral("virt_type")).toString(), QStringLiteral("qemu"));
        const QJsonObject v = set.object().value(QStringLiteral("virtualization")).toObject();
        QCOMPARE(v.value(QStringLiteral("setting")).toString(), QStringLiteral("emulation"));
        QCOMPARE(v.value(QStringLiteral("in_use")).toString(), QStringLiteral("qemu"));
        QCOMPARE(v.value(QStringLiteral("summary")).toString(), QStringLiteral("emulation (set by an admin)"));

        const QJsonObject listed = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(), kUnreachable);
        QCOMPARE(listed.value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("setting")).toString(),
                 QStringLiteral("emulation"));
        const QJsonArray audit = f.client().get(QStringLiteral("/api/audit?action=set_host_virtualization"), f.bearer(f.admin))
                                     .object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.at(0).toObject().value(QStringLiteral("target")).toString(), QStringLiteral("host:") + kUnreachable);
        QCOMPARE(audit.at(0).toObject().value(QStringLiteral("detail")).toString(), QStringLiteral("virtualization auto -> emulation"));

        // Remembered with the host: Atrium started again keeps it.
        f.restart();
        const QJsonObject again = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(), kUnreachable);
        QCOMPARE(again.value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("setting")).toString(),
                 QStringLiteral("emulation"));
        QCOMPARE(f.client().patch(pathOf(kUnreachable), body("kvm"), f.bearer(f.admin)).object()
                     .value(QStringLiteral("virt_type")).toString(), QStringLiteral("kvm"));
    }

    void aKvmFailureShowsUntilAnAdminChoosesAgain()
    {
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default"), kUnreachable});
        // What a start under KVM that failed leaves in the store (tst_virtualization makes one for real).
        ChangeSet failed;
        failed.hostSettings << HostSettings{kUnreachable, Virtualization::Auto,
                                            QStringLiteral("qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69"),
                                            QDateTime::currentDateTimeUtc(), true, {}, {}};
        QVERIFY(f.engine.store->apply(failed));
        f.restart();

        const QJsonObject h = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(), kUnreachable);
        const QJsonObject v = h.value(QStringLiteral("virtualization")).toObject();
        QCOMPARE(v.value(QStringLiteral("kvm_unusable")).toBool(), true);
        QCOMPARE(v.value(QStringLiteral("in_use")).toString(), QStringLiteral("qemu"));
        QCOMPARE(v.value(QStringLiteral("summary")).toString(), QStringLiteral("KVM unusable here: emulating"));
        QVERIFY(v.value(QStringLiteral("kvm_failure")).toString().contains(QStringLiteral("failed to set MSR")));
        QVERIFY(!v.value(QStringLiteral("kvm_failed_at")).toString().isEmpty());

        const QJsonObject health = f.client().get(QStringLiteral("/api/health")).object();
        const QJsonArray warnings = health.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).toString().contains(QStringLiteral("KVM unusable here: emulating")), qPrintable(warnings.at(0).toString()));
        QVERIFY(warnings.at(0).toString().contains(kUnreachable));
        const QJsonObject inHealth = hostOf(health.value(QStringLiteral("hosts")).toArray(), kUnreachable);
        QCOMPARE(inHealth.value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("kvm_unusable")).toBool(), true);

        // Choosing auto again forgets the failure (the next start tries KVM), and says so in the audit log.
        const HttpResponse set = f.client().patch(pathOf(kUnreachable), body("auto"), f.bearer(f.admin));
        QCOMPARE(set.status, 200);
        QCOMPARE(set.object().value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("kvm_unusable")).toBool(), false);
        QVERIFY(set.object().value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("kvm_failure")).isNull());
        QVERIFY(f.client().get(QStringLiteral("/api/health")).object().value(QStringLiteral("warnings")).toArray().isEmpty());
        const QJsonArray audit = f.client().get(QStringLiteral("/api/audit?action=set_host_virtualization"), f.bearer(f.admin))
                                     .object().value(QStringLiteral("entries")).toArray();
        QVERIFY(audit.at(0).toObject().value(QStringLiteral("detail")).toString().contains(QStringLiteral("forgot that KVM failed here")));
    }

    void aHostThatAsksForCredentialsSaysWhatItAsked()
    {
        QTemporaryDir dir;
        const QString uri = writeAuthHost(dir, QStringLiteral("u"), QStringLiteral("p"));
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default"), uri});
        QJsonObject h;
        QTRY_VERIFY((h = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(), uri))
                        .value(QStringLiteral("state")).toString() == u"needs_credentials");
        const QJsonArray asked = h.value(QStringLiteral("credentials_needed")).toArray();
        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("username"));
        QVERIFY(asked.at(0).toObject().value(QStringLiteral("prompt")).isString());
        QCOMPARE(asked.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("password"));
        QCOMPARE(h.value(QStringLiteral("credentials_refused")).toBool(true), false);
        QVERIFY2(h.value(QStringLiteral("last_error")).toString().contains(u"asks for credentials"),
                 qPrintable(h.value(QStringLiteral("last_error")).toString()));
        // A connected host has no such fields.
        const QJsonObject simulator = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(),
                                             QStringLiteral("test:///default"));
        QVERIFY(!simulator.contains(QStringLiteral("credentials_needed")));
    }

    void anAdminNamesAHostAndChoosesWhatItShows()
    {
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default"), kUnreachable});
        const QString simulator = QStringLiteral("test:///default");
        // Derived names until an admin chooses one.
        QJsonArray hosts = f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array();
        QCOMPARE(hostOf(hosts, kUnreachable).value(QStringLiteral("display_name")).toString(), QStringLiteral("127.0.0.1:1"));
        QCOMPARE(hostOf(hosts, simulator).value(QStringLiteral("display_name")).toString(), QStringLiteral("simulator"));
        QCOMPARE(hostOf(hosts, simulator).value(QStringLiteral("show_foreign_domains")).toBool(true), false);

        HttpResponse set = f.client().patch(pathOf(kUnreachable), QByteArray(R"({"display_name":"hv1"})"), f.bearer(f.admin));
        QVERIFY2(set.status == 200, set.body.constData());
        QCOMPARE(set.object().value(QStringLiteral("display_name")).toString(), QStringLiteral("hv1"));
        QCOMPARE(set.object().value(QStringLiteral("uri")).toString(), kUnreachable);

        // The simulator shows its built-in domain once asked to (and it has no virtualization to set).
        set = f.client().patch(pathOf(simulator), QByteArray(R"({"show_foreign_domains":true,"display_name":"lab"})"), f.bearer(f.admin));
        QVERIFY2(set.status == 200, set.body.constData());
        QCOMPARE(set.object().value(QStringLiteral("show_foreign_domains")).toBool(), true);
        QCOMPARE(set.object().value(QStringLiteral("display_name")).toString(), QStringLiteral("lab (simulated)"));
        auto adoptedCount = [&] {
            int count = 0;
            for (const Workspace &w : f.engine.engine->workspaces())
                count += w.adopted;
            return count;
        };
        QTRY_COMPARE(adoptedCount(), 1);  // the simulator's own "test" domain

        f.restart();  // remembered
        hosts = f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array();
        QCOMPARE(hostOf(hosts, kUnreachable).value(QStringLiteral("display_name")).toString(), QStringLiteral("hv1"));
        QCOMPARE(hostOf(hosts, simulator).value(QStringLiteral("show_foreign_domains")).toBool(), true);

        // "" goes back to the derived name.
        set = f.client().patch(pathOf(kUnreachable), QByteArray(R"({"display_name":""})"), f.bearer(f.admin));
        QCOMPARE(set.object().value(QStringLiteral("display_name")).toString(), QStringLiteral("127.0.0.1:1"));
        const QJsonArray audit = f.client().get(QStringLiteral("/api/audit?action=set_host_name"), f.bearer(f.admin))
                                     .object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(audit.size(), 3);
        QCOMPARE(audit.at(0).toObject().value(QStringLiteral("detail")).toString(), QStringLiteral("'hv1' -> '127.0.0.1:1'"));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("detail");
        QTest::newRow("a user") << "user" << kUnreachable << QByteArray(R"({"virtualization":"kvm"})") << 403 << "Admin access required";
        QTest::newRow("no credential") << "" << kUnreachable << QByteArray(R"({"virtualization":"kvm"})") << 401 << "";
        QTest::newRow("a read-only token") << "reader" << kUnreachable << QByteArray(R"({"virtualization":"kvm"})") << 403 << "scope";
        QTest::newRow("unknown value") << "admin" << kUnreachable << QByteArray(R"({"virtualization":"fast"})") << 400
                                       << "virtualization must be one of auto, kvm, emulation";
        QTest::newRow("an alias is not the documented value") << "admin" << kUnreachable << QByteArray(R"({"virtualization":"qemu"})")
                                                              << 400 << "virtualization must be one of";
        QTest::newRow("not a string") << "admin" << kUnreachable << QByteArray(R"({"virtualization":1})") << 400 << "virtualization";
        QTest::newRow("missing") << "admin" << kUnreachable << QByteArray("{}") << 400 << "virtualization";
        QTest::newRow("unknown field") << "admin" << kUnreachable << QByteArray(R"({"virtualization":"kvm","speed":9})") << 400 << "speed";
        QTest::newRow("malformed JSON") << "admin" << kUnreachable << QByteArray(R"({"virtualization":)") << 400 << "JSON";
        QTest::newRow("unknown host") << "admin" << QStringLiteral("qemu+ssh://nowhere/system") << QByteArray(R"({"virtualization":"kvm"})")
                                      << 404 << "No host has the id";
        QTest::newRow("the simulator") << "admin" << QStringLiteral("test:///default") << QByteArray(R"({"virtualization":"kvm"})")
                                       << 409 << "virtualizes nothing";
        QTest::newRow("a name too long") << "admin" << kUnreachable << QByteArray(R"({"display_name":")" + QByteArray(65, 'h') + R"("})")
                                         << 400 << "display_name must be at most 64 characters";
        QTest::newRow("a name with a control character") << "admin" << kUnreachable << QByteArray(R"({"display_name":"hv\u0007"})")
                                                         << 400 << "display_name";
        QTest::newRow("a name with spaces around") << "admin" << kUnreachable << QByteArray(R"({"display_name":" hv1"})") << 400
                                                   << "display_name";
        QTest::newRow("a name that is not a string") << "admin" << kUnreachable << QByteArray(R"({"display_name":7})") << 400
                                                     << "display_name";
        QTest::newRow("show_foreign_domains not a boolean") << "admin" << kUnreachable << QByteArray(R"({"show_foreign_domains":"yes"})")
                                                           << 400 << "show_foreign_domains";
        QTest::newRow("one bad field refuses all") << "admin" << kUnreachable
                                                   << QByteArray(R"({"display_name":"hv1","virtualization":"fast"})") << 400
                                                   << "virtualization must be one of";
    }

    void refusals()
    {
        QFETCH(QString, who);
        QFETCH(QString, host);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, detail);
        ApiFixture f({}, {}, QString(kNoTunnelInterface), {QStringLiteral("test:///default"), kUnreachable});
        Headers headers;
        if (who == u"admin")
            headers = f.bearer(f.admin);
        else if (who == u"user")
            headers = f.bearer(f.user);
        else if (who == u"reader")
            headers = f.bearer(f.reader);
        const HttpResponse r = f.client().patch(pathOf(host), body, headers);
        QVERIFY2(r.status == status, r.body.constData());
        QVERIFY2(QString::fromUtf8(r.body).contains(detail), r.body.constData());
        // Nothing changed.
        const QJsonObject h = hostOf(f.client().get(QStringLiteral("/api/hosts"), f.bearer(f.user)).array(), kUnreachable);
        QCOMPARE(h.value(QStringLiteral("virtualization")).toObject().value(QStringLiteral("setting")).toString(), QStringLiteral("auto"));
        QCOMPARE(h.value(QStringLiteral("display_name")).toString(), QStringLiteral("127.0.0.1:1"));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestHostsApi)
#include "tst_hostsapi.moc"
