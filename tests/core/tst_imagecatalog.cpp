// The image catalog: manifests in images directories, and which image a VM workspace boots.

#include "images/imagecatalog.h"
#include "providers/domainxml.h"
#include "libvirttestmain.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Atrium;
using namespace Atrium::Testing;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(bytes);
}

/// A kernel, an initrd, a raw disk and a manifest naming them, like build-guest-image.sh makes.
QString writeImage(const QString &dir, const QString &id, QJsonObject extra = {})
{
    writeFile(dir + u'/' + id + QStringLiteral(".vmlinuz"), QByteArray("kernel of ") + id.toUtf8());
    writeFile(dir + u'/' + id + QStringLiteral(".initrd.gz"), QByteArray("initrd of ") + id.toUtf8());
    writeFile(dir + u'/' + id + QStringLiteral(".raw"), QByteArray(4096, '\0'));
    QJsonObject manifest{{QStringLiteral("id"), id},
                         {QStringLiteral("name"), QString(QStringLiteral("Image ") + id)},
                         {QStringLiteral("kernel"), QString(id + QStringLiteral(".vmlinuz"))},
                         {QStringLiteral("initrd"), QString(id + QStringLiteral(".initrd.gz"))},
                         {QStringLiteral("cmdline"), QStringLiteral("console=ttyS0")},
                         {QStringLiteral("disk"), QString(id + QStringLiteral(".raw"))},
                         {QStringLiteral("disk_format"), QStringLiteral("raw")}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it.value().isNull())
            manifest.remove(it.key());
        else
            manifest.insert(it.key(), it.value());
    }
    const QString path = dir + u'/' + id + QStringLiteral(".json");
    writeFile(path, QJsonDocument(manifest).toJson());
    return path;
}

QByteArray qcow2Header(quint64 virtualSize)
{
    QByteArray header(512, '\0');
    header.replace(0, 4, QByteArray("QFI\xfb", 4));
    qToBigEndian<quint32>(3, header.data() + 4);
    qToBigEndian<quint64>(virtualSize, header.data() + 24);
    return header;
}

}  // namespace

class TestImageCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAManifestAndResolvesItsFiles()
    {
        QTemporaryDir dir;
        writeImage(dir.path(), QStringLiteral("tiny"));
        const ImageCatalog catalog({dir.path()});
        const Image image = must(catalog.find(QStringLiteral("tiny")));
        QCOMPARE(image.id, QStringLiteral("tiny"));
        QCOMPARE(image.name, QStringLiteral("Image tiny"));
        QCOMPARE(image.kernelPath, dir.filePath(QStringLiteral("tiny.vmlinuz")));
        QCOMPARE(image.initrdPath, dir.filePath(QStringLiteral("tiny.initrd.gz")));
        QCOMPARE(image.diskPath, dir.filePath(QStringLiteral("tiny.raw")));
        QCOMPARE(image.cmdline, QStringLiteral("console=ttyS0"));
        QCOMPARE(image.diskFormat, QStringLiteral("raw"));
        QCOMPARE(image.diskVirtualBytes, 4096);
        QCOMPARE(image.version.size(), 12);
        QCOMPARE(catalog.images().size(), 1);
    }

    void anUnknownImageIsInvalidAndTheMessageSaysWhatThereIs()
    {
        QTemporaryDir dir;
        writeImage(dir.path(), QStringLiteral("tiny"));
        writeImage(dir.path(), QStringLiteral("small"));
        const auto missing = ImageCatalog({dir.path()}).find(QStringLiteral("node-20"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::InvalidImage);
        QCOMPARE(missing.error().field, QStringLiteral("image"));
        QCOMPARE(missing.error().httpStatus(), 400);
        const QString message = missing.error().message;
        QVERIFY2(message.contains(QStringLiteral("node-20")) && message.contains(QStringLiteral("small, tiny"))
                     && message.contains(dir.path()),
                 qPrintable(message));

        const auto none = ImageCatalog({dir.filePath(QStringLiteral("nothing-here"))}).find(QStringLiteral("tiny"));
        QVERIFY(!none);
        QVERIFY2(none.error().message.contains(QStringLiteral("no images are installed")), qPrintable(none.error().message));
    }

    void theFirstDirectoryWins()
    {
        QTemporaryDir mine;
        QTemporaryDir installed;
        writeImage(mine.path(), QStringLiteral("tiny"), {{QStringLiteral("cmdline"), QStringLiteral("mine")}});
        writeImage(installed.path(), QStringLiteral("tiny"), {{QStringLiteral("cmdline"), QStringLiteral("installed")}});
        writeImage(installed.path(), QStringLiteral("other"));
        const ImageCatalog catalog({mine.path(), installed.path()});
        QCOMPARE(must(catalog.find(QStringLiteral("tiny"))).cmdline, QStringLiteral("mine"));
        QCOMPARE(must(catalog.find(QStringLiteral("other"))).id, QStringLiteral("other"));
        QCOMPARE(catalog.images().size(), 2);
    }

    void brokenManifestsAreRefusedWithTheirReason_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing kernel file") << "kernel" << QJsonValue(QStringLiteral("gone.vmlinuz")) << "missing";
        QTest::newRow("kernel not a string") << "kernel" << QJsonValue(42) << "file name";
        QTest::newRow("bad format") << "disk_format" << QJsonValue(QStringLiteral("vmdk")) << "neither raw nor qcow2";
        QTest::newRow("declared qcow2, is raw") << "disk_format" << QJsonValue(QStringLiteral("qcow2")) << "not a qcow2";
        QTest::newRow("bad sha256") << "sha256" << QJsonValue(QJsonObject{{QStringLiteral("disk"), QStringLiteral("xyz")}}) << "sha256";
        QTest::newRow("cmdline not a string") << "cmdline" << QJsonValue(QJsonArray{}) << "cmdline";
        QTest::newRow("initrd without kernel") << "kernel" << QJsonValue(QJsonValue::Null) << "needs a kernel";
    }
    void brokenManifestsAreRefusedWithTheirReason()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = writeImage(dir.path(), QStringLiteral("tiny"), {{field, value}});
        const auto image = ImageCatalog({dir.path()}).find(QStringLiteral("tiny"));
        QVERIFY(!image);
        QCOMPARE(image.error().code, ErrorCode::InvalidImage);
        QVERIFY2(image.error().message.contains(reason) && image.error().message.contains(path), qPrintable(image.error().message));
        QStringList problems;
        QVERIFY(ImageCatalog({dir.path()}).images(&problems).isEmpty());
        QCOMPARE(problems.size(), 1);
    }

    void idsAreKeptPlainBecauseTheyNameFilesOnHosts()
    {
        QTemporaryDir dir;
        for (const QString &id : {QStringLiteral("../escape"), QStringLiteral("a b"), QStringLiteral(""), QStringLiteral(".hidden")}) {
            QJsonObject manifest{{QStringLiteral("id"), id}, {QStringLiteral("kernel"), QStringLiteral("k")}};
            writeFile(dir.filePath(QStringLiteral("k")), "kernel");
            writeFile(dir.filePath(QStringLiteral("m.json")), QJsonDocument(manifest).toJson());
            const auto image = ImageCatalog::readManifest(dir.filePath(QStringLiteral("m.json")));
            QVERIFY2(!image, qPrintable(id));
            QVERIFY(image.error().message.contains(QStringLiteral("\"id\"")));
        }
        QVERIFY(!ImageCatalog::readManifest(dir.filePath(QStringLiteral("absent.json"))));
        writeFile(dir.filePath(QStringLiteral("garbage.json")), "{not json");
        QVERIFY(!ImageCatalog::readManifest(dir.filePath(QStringLiteral("garbage.json"))));
    }

    void aQcow2DiskIsSizedFromItsHeaderAndNeverTakenForRaw()
    {
        QTemporaryDir dir;
        writeImage(dir.path(), QStringLiteral("cloud"), {{QStringLiteral("disk_format"), QJsonValue(QJsonValue::Null)}});
        writeFile(dir.filePath(QStringLiteral("cloud.raw")), qcow2Header(2ull << 30));
        const Image image = must(ImageCatalog({dir.path()}).find(QStringLiteral("cloud")));
        QCOMPARE(image.diskFormat, QStringLiteral("qcow2"));  // from its first bytes
        QCOMPARE(image.diskVirtualBytes, qint64(2) << 30);

        writeImage(dir.path(), QStringLiteral("liar"));  // says raw
        writeFile(dir.filePath(QStringLiteral("liar.raw")), qcow2Header(1 << 20));
        const auto liar = ImageCatalog({dir.path()}).find(QStringLiteral("liar"));
        QVERIFY(!liar);
        QVERIFY2(liar.error().message.contains(QStringLiteral("qcow2, not raw")), qPrintable(liar.error().message));
    }

    void theVersionFollowsTheContent()
    {
        QTemporaryDir dir;
        const QString sum(64, u'a');
        writeImage(dir.path(), QStringLiteral("tiny"), {{QStringLiteral("sha256"), QJsonObject{{QStringLiteral("disk"), sum}}}});
        const ImageCatalog catalog({dir.path()});
        const Image first = must(catalog.find(QStringLiteral("tiny")));
        QCOMPARE(first.diskSha256, sum);
        QCOMPARE(must(catalog.find(QStringLiteral("tiny"))).version, first.version);  // stable

        writeImage(dir.path(), QStringLiteral("tiny"), {{QStringLiteral("sha256"), QJsonObject{{QStringLiteral("disk"), QString(64, u'b')}}}});
        const Image rebuilt = must(catalog.find(QStringLiteral("tiny")));
        QVERIFY(rebuilt.version != first.version);
        // The host's copies are named by it: a new version never overwrites volumes overlays use.
        QVERIFY(imageVolumeName(rebuilt, ImagePart::Disk) != imageVolumeName(first, ImagePart::Disk));
        QCOMPARE(imageVolumeName(first, ImagePart::Disk), QStringLiteral("image-tiny-%1.raw").arg(first.version));
        QCOMPARE(imageVolumeName(first, ImagePart::Kernel), QStringLiteral("image-tiny-%1.vmlinuz").arg(first.version));
    }

    void defaultDirectoriesPutTheDataDirectoryFirst()
    {
        const QStringList dirs = ImageCatalog::defaultDirectories(QStringLiteral("/data/atrium"));
        QCOMPARE(dirs.first(), QStringLiteral("/data/atrium/images"));
        QVERIFY2(dirs.contains(QStringLiteral("/usr/share/atrium/images")), qPrintable(dirs.join(u' ')));
        QCOMPARE(dirs.size(), QSet<QString>(dirs.begin(), dirs.end()).size());
    }

    void anOverlayNamesItsBaseAndItsFormat()
    {
        DomainSpec spec;
        spec.name = QStringLiteral("atrium-x");
        spec.diskMb = 256;
        spec.baseImagePath = QStringLiteral("/pool/image-tiny-0123456789ab.qcow2");
        spec.baseImageFormat = QStringLiteral("qcow2");
        const QString xml = volumeXml(spec);
        QVERIFY2(xml.contains(QStringLiteral("<backingStore><path>/pool/image-tiny-0123456789ab.qcow2</path><format type=\"qcow2\"/>")),
                 qPrintable(xml));
        QVERIFY(xml.contains(QStringLiteral("<capacity unit=\"MiB\">256</capacity>")));
        QCOMPARE(serialLogVolumeName(spec.name), QStringLiteral("atrium-x.serial.log"));
    }

    // Engine::bootImageFor: the engine's policy, over this catalog.
    void aWorkspaceBootsTheImageItNamesOrTheDefaultForLinux()
    {
        QTemporaryDir dir;
        writeImage(dir.path(), QString(ImageCatalog::kDefaultImageId));
        writeImage(dir.path(), QStringLiteral("node-20"));
        EngineOptions options;
        options.images = ImageCatalog({dir.path()});
        EngineFixture f({QStringLiteral("test:///default")}, options);

        Workspace w;
        w.type = WorkspaceType::Linux;
        w.image = QStringLiteral("node-20");
        QCOMPARE(must(f.engine->bootImageFor(w))->id, QStringLiteral("node-20"));
        w.image.clear();
        QCOMPARE(must(f.engine->bootImageFor(w))->id, QString(ImageCatalog::kDefaultImageId));
        w.type = WorkspaceType::Windows;  // Atrium builds no Windows image
        QVERIFY(!must(f.engine->bootImageFor(w)).has_value());
        w.image = QStringLiteral("strongly/jupyter-gpu:latest");
        const auto unknown = f.engine->bootImageFor(w);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, ErrorCode::InvalidImage);

        // Without the default image, a Linux workspace with no image gets a blank disk, as before.
        EngineOptions bare;
        bare.images = ImageCatalog({dir.filePath(QStringLiteral("empty"))});
        EngineFixture g({QStringLiteral("test:///default")}, bare);
        Workspace blank;
        QVERIFY(!must(g.engine->bootImageFor(blank)).has_value());
    }

    void theSimulatorLaunchesWorkspacesWhateverImageTheyName()
    {
        // The v1 and micro-VM APIs name images Atrium does not have ("node-20"): the simulator boots
        // nothing, so the API's examples still launch there; a real host refuses them.
        EngineFixture f;
        WorkspacePatch patch = smallVm();
        patch.image = QStringLiteral("node-20");
        const auto vm = f.engine->createWorkspace(f.admin, patch);
        QVERIFY(vm);
        const auto launched = await(f.engine->launchWorkspace(f.user, vm->id));
        QVERIFY(launched && *launched);
        await(f.engine->deleteWorkspace(f.admin, vm->id));
    }
};

ATRIUM_LIBVIRT_TEST_MAIN(TestImageCatalog)
#include "tst_imagecatalog.moc"
