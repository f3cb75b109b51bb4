// The sampler's tiers on libvirt's test driver: a host whose full sweep is cheap is swept whole
// every tick; a busy one has what the admin looks at (setFocus) sampled every tick and the rest
// every fullSweepEvery ticks. (What the points hold is tst_realmetrics's, on real QEMU.)

#include "metrics/metricssampler.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

constexpr int kDomains = 12;

/// A test-driver host with kDomains running domains.
QString writeBusyHost(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("busy.xml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write("<node>\n");
    for (int i = 0; i < kDomains; ++i) {
        file.write(QStringLiteral("<domain type='test'><name>busy-%1</name><memory>131072</memory><vcpu>1</vcpu>"
                                  "<os><type>hvm</type></os></domain>\n").arg(i).toUtf8());
    }
    file.write("</node>\n");
    return QStringLiteral("test://") + path;
}

struct Sampling {
    explicit Sampling(MetricsOptions options)
    {
        HostOptions hostOptions;
        hostOptions.showForeignDomains = true;  // the host's domains are workspaces
        uri = writeBusyHost(dir);
        f = std::make_unique<EngineFixture>(QStringList{uri}, EngineOptions{}, QString(kNoTunnelInterface), hostOptions);
        if (!QTest::qWaitFor([&] { return ids().size() == kDomains; }, 10000))
            qFatal("the host's domains did not become workspaces");
        Engine *engine = f->engine.get();
        sampler = std::make_unique<MetricsSampler>(
            *f->hosts, *f->store, [engine](const QString &u, const QString &d) { return engine->workspaceIdForDomain(u, d); },
            options);
        sampler->setLocator([engine](const QString &id) -> std::optional<std::pair<QString, QString>> {
            const auto w = engine->workspace(id);
            if (!w || w->domainName.isEmpty())
                return std::nullopt;
            return std::pair{engine->effectiveHostUri(*w), w->domainName};
        });
    }

    QStringList ids() const
    {
        QStringList found;
        f->engine->forEachWorkspace([&](const Workspace &w) {
            if (w.hostUri == uri)
                found << w.id;
        });
        return found;
    }

    bool tick()
    {
        QSignalSpy done(sampler.get(), &MetricsSampler::tickCompleted);
        sampler->tick();
        return done.wait(5000);
    }

    qsizetype points(const QString &id) const { return sampler->history(id).size(); }

    QTemporaryDir dir;
    QString uri;
    std::unique_ptr<EngineFixture> f;
    std::unique_ptr<MetricsSampler> sampler;
};

}  // namespace

class TestMetricsSampler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aCheapHostIsSweptWholeEveryTick()
    {
        Sampling s(MetricsOptions{});  // a test-driver sweep takes far less than a quarter of 2 s
        const QStringList ids = s.ids();
        s.sampler->setFocus(QStringLiteral("selection"), {ids.first()});
        for (int i = 0; i < 4; ++i)
            QVERIFY(s.tick());
        for (const QString &id : ids)
            QCOMPARE(s.points(id), 4);
    }

    void aBusyHostKeepsWhatIsLookedAtFreshAndTheRestLessOften()
    {
        MetricsOptions options;
        options.cheapSweepShare = 0;  // every sweep counts as expensive
        options.fullSweepEvery = 4;
        Sampling s(options);
        const QStringList ids = s.ids();
        const QStringList looked{ids.at(0), ids.at(1), ids.at(2)};
        s.sampler->setFocus(QStringLiteral("catalog"), {ids.at(0), ids.at(1)});
        s.sampler->setFocus(QStringLiteral("viewers"), {ids.at(2), ids.at(0)});
        QCOMPARE(s.sampler->focus().size(), 3);

        // Tick 1 sweeps whole (nothing known yet); 2–4 ask the focus alone; 5 sweeps whole again.
        for (int i = 0; i < 5; ++i)
            QVERIFY(s.tick());
        for (const QString &id : ids)
            QCOMPARE(s.points(id), looked.contains(id) ? 5 : 2);

        // Nothing in focus: a busy host is left alone between sweeps.
        s.sampler->setFocus(QStringLiteral("catalog"), {});
        s.sampler->setFocus(QStringLiteral("viewers"), {});
        QVERIFY(s.sampler->focus().isEmpty());
        for (int i = 0; i < 4; ++i)
            QVERIFY(s.tick());
        for (const QString &id : ids)
            QCOMPARE(s.points(id), looked.contains(id) ? 6 : 3);
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestMetricsSampler)
#include "tst_metricssampler.moc"
