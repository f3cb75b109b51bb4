#pragma once

#include "model/domain.h"

#include <QString>

namespace Atrium {

/// The storage pool Atrium keeps its disks in, on every host.
inline constexpr QLatin1StringView kStoragePoolName{"atrium"};
inline constexpr QLatin1StringView kMetadataNamespace{"https://atrium.invalid/xmlns/workspace/1"};

QString domainXml(const DomainSpec &spec);
QString volumeName(const DomainSpec &spec);
QString volumeXml(const DomainSpec &spec);
QString storagePoolXml(const QString &path);

/// The parts of an image a host keeps in its pool, each a volume of its own.
enum class ImagePart { Kernel, Initrd, Disk };
/// "image-<id>-<version>.<part>": a new version of an image gets new volumes, so the
/// overlays made from the old one keep their backing file.
QString imageVolumeName(const Image &image, ImagePart part);
/// The file the domain's serial console is logged to, a volume of the pool too
/// (so it can be read, and is deleted with the workspace, on remote hosts as well).
QString serialLogVolumeName(const QString &domainName);
/// A raw volume of @p bytes, for a file imported byte for byte.
QString rawVolumeXml(const QString &name, qint64 bytes);

}  // namespace Atrium
