#pragma once

#include "domainspec.h"

#include <QString>

namespace Atrium {

/// The storage pool Atrium keeps its disks in, on every host.
inline constexpr QLatin1StringView kStoragePoolName{"atrium"};
inline constexpr QLatin1StringView kMetadataNamespace{"https://atrium.invalid/xmlns/workspace/1"};

QString domainXml(const DomainSpec &spec);
QString volumeName(const DomainSpec &spec);
QString volumeXml(const DomainSpec &spec);
QString storagePoolXml(const QString &path);

}  // namespace Atrium
