#include "storagevolumes.h"

#include "domainxml.h"
#include "libvirterror.h"
#include "libvirthandles.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QXmlStreamReader>

namespace Atrium {

namespace {

/// Feeds virStreamSendAll from a file, hashing what it sends.
struct UploadSource {
    QFile *file = nullptr;
    QCryptographicHash hash{QCryptographicHash::Sha256};
    bool readFailed = false;
};

int sendChunk(virStreamPtr, char *data, size_t nbytes, void *opaque)
{
    auto *source = static_cast<UploadSource *>(opaque);
    const qint64 n = source->file->read(data, qint64(nbytes));
    if (n < 0) {
        source->readFailed = true;
        return -1;
    }
    source->hash.addData(QByteArrayView(data, n));
    return int(n);
}

int receiveChunk(virStreamPtr, const char *data, size_t nbytes, void *opaque)
{
    static_cast<QByteArray *>(opaque)->append(data, qsizetype(nbytes));
    return int(nbytes);
}

VolumeHandle lookup(virStoragePoolPtr pool, const QString &name)
{
    const QByteArray bytes = name.toUtf8();
    return VolumeHandle(virStorageVolLookupByName(pool, bytes.constData()));
}

Result<VolumeHandle> createRaw(virStoragePoolPtr pool, const QString &name, qint64 bytes)
{
    const QByteArray xml = rawVolumeXml(name, bytes).toUtf8();
    VolumeHandle volume(virStorageVolCreateXML(pool, xml.constData(), 0));
    if (!volume)
        return fail(lastLibvirtError(QStringLiteral("cannot create volume %1").arg(name)));
    return volume;
}

Result<void> upload(virConnectPtr conn, virStorageVolPtr volume, QFile &file, const QString &sha256)
{
    StreamHandle stream(virStreamNew(conn, 0));
    if (!stream)
        return fail(lastLibvirtError(QStringLiteral("cannot open a stream to upload %1").arg(file.fileName())));
    if (virStorageVolUpload(volume, stream.get(), 0, file.size(), 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot upload %1").arg(file.fileName())));
    UploadSource source;
    source.file = &file;
    // On failure virStreamSendAll has aborted the stream already.
    if (virStreamSendAll(stream.get(), sendChunk, &source) < 0) {
        if (source.readFailed)
            return fail(ErrorCode::CreateFailed, QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        return fail(lastLibvirtError(QStringLiteral("uploading %1 failed").arg(file.fileName())));
    }
    const QString sent = QString::fromLatin1(source.hash.result().toHex());
    if (!sha256.isEmpty() && sent != sha256) {
        virStreamAbort(stream.get());
        return fail(ErrorCode::CreateFailed, QStringLiteral("%1 does not match its manifest: sha256 %2, expected %3")
                                                 .arg(file.fileName(), sent, sha256));
    }
    if (virStreamFinish(stream.get()) < 0)
        return fail(lastLibvirtError(QStringLiteral("uploading %1 failed").arg(file.fileName())));
    return {};
}

}  // namespace

Result<QString> volumePath(virStorageVolPtr volume)
{
    char *path = virStorageVolGetPath(volume);
    if (!path)
        return fail(lastLibvirtError(QStringLiteral("cannot get the path of volume %1").arg(QString::fromUtf8(virStorageVolGetName(volume)))));
    const QString result = QString::fromUtf8(path);
    free(path);
    return result;
}

Result<QString> poolDirectory(virStoragePoolPtr pool)
{
    char *xml = virStoragePoolGetXMLDesc(pool, 0);
    if (!xml)
        return fail(lastLibvirtError(QStringLiteral("cannot read the definition of pool %1").arg(QString::fromUtf8(virStoragePoolGetName(pool)))));
    const QByteArray text(xml);
    free(xml);
    QXmlStreamReader reader(text);
    bool inTarget = false;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement && reader.name() == u"target")
            inTarget = true;
        else if (token == QXmlStreamReader::EndElement && reader.name() == u"target")
            inTarget = false;
        else if (token == QXmlStreamReader::StartElement && inTarget && reader.name() == u"path")
            return reader.readElementText().trimmed();
    }
    return fail(ErrorCode::HypervisorFailed, QStringLiteral("pool %1 has no target directory").arg(QString::fromUtf8(virStoragePoolGetName(pool))));
}

Result<QString> importFile(virConnectPtr conn, virStoragePoolPtr pool, const QString &file, const QString &name,
                           const QString &sha256, QStringList &log)
{
    const QString markerName = name + QStringLiteral(".importing");
    VolumeHandle volume = lookup(pool, name);
    VolumeHandle marker = lookup(pool, markerName);
    if (volume && !marker)
        return volumePath(volume.get());

    QFile source(file);
    if (!source.open(QIODevice::ReadOnly))
        return fail(ErrorCode::CreateFailed, QStringLiteral("cannot read %1: %2").arg(file, source.errorString()));
    QElapsedTimer timer;
    timer.start();
    // A volume without a marker is complete: the marker goes first and leaves last.
    if (volume && virStorageVolDelete(volume.get(), 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot delete the incomplete volume %1").arg(name)));
    if (!marker) {
        auto created = createRaw(pool, markerName, 0);
        if (!created)
            return fail(created.error());
        marker = std::move(*created);
    }
    auto created = createRaw(pool, name, source.size());
    if (!created)
        return fail(created.error());
    volume = std::move(*created);
    if (auto sent = upload(conn, volume.get(), source, sha256); !sent) {
        virStorageVolDelete(volume.get(), 0);
        virStorageVolDelete(marker.get(), 0);
        return fail(sent.error());
    }
    if (virStorageVolDelete(marker.get(), 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("imported %1 but cannot delete %2").arg(name, markerName)));
    log << QStringLiteral("imported %1 into the pool as %2 (%3 KiB, %4 ms)")
               .arg(file, name)
               .arg((source.size() + 1023) / 1024)
               .arg(timer.elapsed());
    return volumePath(volume.get());
}

Result<void> deleteVolume(virStoragePoolPtr pool, const QString &name)
{
    VolumeHandle volume = lookup(pool, name);
    if (!volume)
        return lastErrorIsNoStorage() ? Result<void>{} : fail(lastLibvirtError(QStringLiteral("cannot look up volume %1").arg(name)));
    if (virStorageVolDelete(volume.get(), 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot delete volume %1").arg(name)));
    return {};
}

Result<QByteArray> readVolumeTail(virConnectPtr conn, virStoragePoolPtr pool, const QString &name, qint64 maxBytes)
{
    // The file grows behind libvirt's back: refresh to learn its size.
    virStoragePoolRefresh(pool, 0);
    VolumeHandle volume = lookup(pool, name);
    if (!volume)
        return fail(lastLibvirtError(QStringLiteral("cannot find volume %1").arg(name)));
    virStorageVolInfo info{};
    if (virStorageVolGetInfo(volume.get(), &info) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read the size of volume %1").arg(name)));
    const qint64 size = qint64(info.capacity);
    const qint64 offset = std::max<qint64>(0, size - maxBytes);
    QByteArray data;
    if (size == offset)
        return data;
    StreamHandle stream(virStreamNew(conn, 0));
    if (!stream)
        return fail(lastLibvirtError(QStringLiteral("cannot open a stream to read %1").arg(name)));
    if (virStorageVolDownload(volume.get(), stream.get(), quint64(offset), quint64(size - offset), 0) < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read volume %1").arg(name)));
    if (virStreamRecvAll(stream.get(), receiveChunk, &data) < 0)
        return fail(lastLibvirtError(QStringLiteral("reading volume %1 failed").arg(name)));
    if (virStreamFinish(stream.get()) < 0)
        return fail(lastLibvirtError(QStringLiteral("reading volume %1 failed").arg(name)));
    return data;
}

}  // namespace Atrium
