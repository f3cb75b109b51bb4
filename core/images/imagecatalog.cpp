#include "imagecatalog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QtEndian>

namespace Atrium {

namespace {

constexpr qint64 kManifestMaxBytes = 64 * 1024;

Error invalidImage(const QString &message)
{
    return Error{ErrorCode::InvalidImage, message, QStringLiteral("image")};
}

/// Ids become parts of volume file names on every host: keep them plain.
bool isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(id).hasMatch();
}

bool isSha256(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{64}$"));
    return pattern.match(text).hasMatch();
}

struct Manifest {
    QString path;
    QJsonObject json;
    QString id;  ///< empty when the file has none (or is not JSON)
};

Result<Manifest> parseManifest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(invalidImage(QStringLiteral("cannot read %1: %2").arg(path, file.errorString())));
    if (file.size() > kManifestMaxBytes)
        return fail(invalidImage(QStringLiteral("%1 is larger than %2 bytes: not an image manifest").arg(path).arg(kManifestMaxBytes)));
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return fail(invalidImage(QStringLiteral("%1 is not a JSON object: %2").arg(path, parseError.errorString())));
    Manifest manifest{path, document.object(), {}};
    manifest.id = manifest.json.value(QStringLiteral("id")).toString();
    return manifest;
}

/// The file a manifest field names (relative to the manifest), checked to exist.
Result<QString> fileOf(const Manifest &manifest, const QString &field)
{
    const QJsonValue value = manifest.json.value(field);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString() || value.toString().isEmpty())
        return fail(invalidImage(QStringLiteral("%1: \"%2\" must be a file name").arg(manifest.path, field)));
    const QFileInfo info(QFileInfo(manifest.path).dir(), value.toString());
    if (!info.isFile() || !info.isReadable())
        return fail(invalidImage(QStringLiteral("%1: %2 file %3 is missing or unreadable").arg(manifest.path, field, info.filePath())));
    return info.absoluteFilePath();
}

QByteArray firstBytes(const QString &path, qint64 count)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(count);
}

/// qcow2 files start with "QFI\xfb"; the guest-visible size is the big-endian
/// 64-bit number at offset 24 of the header.
constexpr char kQcow2Magic[] = {'Q', 'F', 'I', '\xfb'};

bool isQcow2(const QByteArray &header)
{
    return header.startsWith(QByteArray::fromRawData(kQcow2Magic, 4));
}

Result<void> readDisk(const Manifest &manifest, Image &image)
{
    const QByteArray header = firstBytes(image.diskPath, 32);
    const QJsonValue declared = manifest.json.value(QStringLiteral("disk_format"));
    if (!declared.isUndefined() && !declared.isNull() && !declared.isString())
        return fail(invalidImage(QStringLiteral("%1: \"disk_format\" must be \"raw\" or \"qcow2\"").arg(manifest.path)));
    image.diskFormat = declared.toString(isQcow2(header) ? QStringLiteral("qcow2") : QStringLiteral("raw"));
    if (image.diskFormat == u"qcow2") {
        if (!isQcow2(header) || header.size() < 32)
            return fail(invalidImage(QStringLiteral("%1: the disk %2 is not a qcow2 file").arg(manifest.path, image.diskPath)));
        image.diskVirtualBytes = qint64(qFromBigEndian<quint64>(header.constData() + 24));
    } else if (image.diskFormat == u"raw") {
        // A qcow2 file given to a guest as raw would expose its metadata (and its backing file).
        if (isQcow2(header))
            return fail(invalidImage(QStringLiteral("%1: the disk %2 is qcow2, not raw").arg(manifest.path, image.diskPath)));
        image.diskVirtualBytes = QFileInfo(image.diskPath).size();
    } else {
        return fail(invalidImage(QStringLiteral("%1: disk_format '%2' is neither raw nor qcow2").arg(manifest.path, image.diskFormat)));
    }
    if (image.diskVirtualBytes <= 0)
        return fail(invalidImage(QStringLiteral("%1: the disk %2 is empty").arg(manifest.path, image.diskPath)));
    return {};
}

Result<void> readSha256s(const Manifest &manifest, Image &image)
{
    const QJsonValue value = manifest.json.value(QStringLiteral("sha256"));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        return fail(invalidImage(QStringLiteral("%1: \"sha256\" must be an object").arg(manifest.path)));
    const QJsonObject sums = value.toObject();
    const std::pair<const char *, QString *> fields[] = {
        {"kernel", &image.kernelSha256}, {"initrd", &image.initrdSha256}, {"disk", &image.diskSha256}};
    for (const auto &[field, target] : fields) {
        const QString sum = sums.value(QLatin1StringView(field)).toString().toLower();
        if (sums.contains(QLatin1StringView(field)) && !isSha256(sum))
            return fail(invalidImage(QStringLiteral("%1: sha256.%2 is not a sha256 in hex").arg(manifest.path, QLatin1StringView(field))));
        *target = sum;
    }
    return {};
}

/// Names a host's copies: the manifest's sums when it has them, sizes and times
/// otherwise, and the sizes always (a cheap guard against a stale manifest).
QString versionOf(const Image &image)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const std::pair<const QString *, const QString *> parts[] = {
        {&image.kernelPath, &image.kernelSha256}, {&image.initrdPath, &image.initrdSha256}, {&image.diskPath, &image.diskSha256}};
    for (const auto &[path, sum] : parts) {
        if (path->isEmpty()) {
            hash.addData("-\n");
            continue;
        }
        const QFileInfo info(*path);
        QString key = QString::number(info.size());
        key += u':';
        key += sum->isEmpty() ? QString::number(info.lastModified().toMSecsSinceEpoch()) : *sum;
        key += u'\n';
        hash.addData(key.toUtf8());
    }
    hash.addData(image.diskFormat.toUtf8());
    return QString::fromLatin1(hash.result().toHex().left(12));
}

Result<Image> imageFrom(const Manifest &manifest)
{
    if (!isValidId(manifest.id)) {
        return fail(invalidImage(QStringLiteral("%1: \"id\" must be 1-64 letters, digits, '.', '_' or '-' (got '%2')")
                                     .arg(manifest.path, manifest.id)));
    }
    Image image;
    image.id = manifest.id;
    image.manifestPath = QFileInfo(manifest.path).absoluteFilePath();
    image.name = manifest.json.value(QStringLiteral("name")).toString(image.id);
    image.description = manifest.json.value(QStringLiteral("description")).toString();
    image.os = manifest.json.value(QStringLiteral("os")).toString();
    const QJsonValue cmdline = manifest.json.value(QStringLiteral("cmdline"));
    if (!cmdline.isUndefined() && !cmdline.isNull() && !cmdline.isString())
        return fail(invalidImage(QStringLiteral("%1: \"cmdline\" must be a string").arg(manifest.path)));
    image.cmdline = cmdline.toString();

    const std::pair<const char *, QString *> files[] = {
        {"kernel", &image.kernelPath}, {"initrd", &image.initrdPath}, {"disk", &image.diskPath}};
    for (const auto &[field, target] : files) {
        auto path = fileOf(manifest, QLatin1StringView(field));
        if (!path)
            return fail(path.error());
        *target = *path;
    }
    if (image.kernelPath.isEmpty() && image.diskPath.isEmpty())
        return fail(invalidImage(QStringLiteral("%1: an image needs a kernel, a disk or both").arg(manifest.path)));
    if (image.kernelPath.isEmpty() && !image.initrdPath.isEmpty())
        return fail(invalidImage(QStringLiteral("%1: an initrd needs a kernel").arg(manifest.path)));
    if (image.hasDisk()) {
        if (auto ok = readDisk(manifest, image); !ok)
            return fail(ok.error());
    }
    if (auto ok = readSha256s(manifest, image); !ok)
        return fail(ok.error());
    image.version = versionOf(image);
    return image;
}

QStringList manifestsIn(const QString &directory)
{
    QStringList paths;
    const QDir dir(directory);
    for (const QFileInfo &info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name))
        paths << info.absoluteFilePath();
    return paths;
}

}  // namespace

ImageCatalog::ImageCatalog(QStringList directories)
    : m_directories(std::move(directories))
{
}

QStringList ImageCatalog::defaultDirectories(const QString &dataDir)
{
    QStringList dirs;
    if (!dataDir.isEmpty())
        dirs << QDir::cleanPath(QDir(dataDir).filePath(QStringLiteral("images")));
    for (const QString &location : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation)) {
        const QString dir = QDir::cleanPath(location + QStringLiteral("/atrium/images"));
        if (!dirs.contains(dir))
            dirs << dir;
    }
    return dirs;
}

Result<Image> ImageCatalog::readManifest(const QString &path)
{
    auto manifest = parseManifest(path);
    if (!manifest)
        return fail(manifest.error());
    return imageFrom(*manifest);
}

QList<Image> ImageCatalog::images(QStringList *problems) const
{
    QList<Image> found;
    QSet<QString> seen;
    for (const QString &directory : m_directories) {
        for (const QString &path : manifestsIn(directory)) {
            auto image = readManifest(path);
            if (!image) {
                if (problems)
                    *problems << image.error().message;
                continue;
            }
            if (seen.contains(image->id))
                continue;  // an earlier directory has it
            seen.insert(image->id);
            found << *image;
        }
    }
    return found;
}

Result<Image> ImageCatalog::find(const QString &id) const
{
    for (const QString &directory : m_directories) {
        for (const QString &path : manifestsIn(directory)) {
            auto manifest = parseManifest(path);
            if (manifest && manifest->id == id)
                return imageFrom(*manifest);
        }
    }
    QStringList known;
    for (const Image &image : images())
        known << image.id;
    const QString installed = known.isEmpty() ? QStringLiteral("no images are installed")
                                              : QStringLiteral("the installed images are: ") + known.join(QStringLiteral(", "));
    return fail(invalidImage(QStringLiteral("image '%1' is not installed; %2 (Atrium reads images from %3)")
                                 .arg(id, installed, m_directories.isEmpty() ? QStringLiteral("no directory")
                                                                             : m_directories.join(QStringLiteral(", ")))));
}

}  // namespace Atrium
