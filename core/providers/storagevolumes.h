#pragma once

#include "model/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <libvirt/libvirt.h>

namespace Atrium {

// Volumes of Atrium's storage pool, through libvirt only (so they work on remote
// hosts too). Called on a host's worker thread.

/// The host's path of @p volume (what a domain's XML or a backing store names).
Result<QString> volumePath(virStorageVolPtr volume);

/// The directory a "dir" pool keeps its volumes in.
Result<QString> poolDirectory(virStoragePoolPtr pool);

/// Makes sure the pool holds a byte-for-byte copy of the local @p file as the
/// volume @p name, uploading it if it is not there yet, and returns its path.
/// A non-empty @p sha256 is checked against the bytes sent. An upload cut short
/// (Atrium killed midway) leaves a "<name>.importing" marker, and the next call
/// starts again.
Result<QString> importFile(virConnectPtr conn, virStoragePoolPtr pool, const QString &file, const QString &name,
                           const QString &sha256, QStringList &log);

/// Deletes the volume @p name; a volume that does not exist is not an error.
Result<void> deleteVolume(virStoragePoolPtr pool, const QString &name);

/// The last @p maxBytes of the volume @p name (a log file).
Result<QByteArray> readVolumeTail(virConnectPtr conn, virStoragePoolPtr pool, const QString &name, qint64 maxBytes);

}  // namespace Atrium
