#pragma once

#include <QString>

namespace Atrium {

/// A bootable image, as its manifest (`<id>.json` in an images directory) describes
/// it. Paths are absolute files on Atrium's machine; a host gets its own copies,
/// imported once into its storage pool.
struct Image {
    QString id;           ///< what a workspace's `image` names, e.g. "atrium-tiny"
    QString name;         ///< for people
    QString description;
    QString os;           ///< "linux", …
    QString manifestPath;

    QString kernelPath;   ///< direct kernel boot; empty = boot from the disk
    QString initrdPath;   ///< optional, with a kernel
    QString cmdline;      ///< the kernel's command line
    QString diskPath;     ///< the read-only base of each workspace's overlay; empty = none
    QString diskFormat;   ///< "raw" or "qcow2"
    qint64 diskVirtualBytes = 0;  ///< the size the guest sees (an overlay is never smaller)

    /// The manifest's sha256s (lower-case hex; empty when it gives none). Checked
    /// while a file is imported into a host's pool.
    QString kernelSha256;
    QString initrdSha256;
    QString diskSha256;

    /// Changes whenever any of the files changes (their sha256s from the manifest, or
    /// their sizes and times when it gives none): a host's copies are named by it, so
    /// a rebuilt image is imported again and overlays made from the old one keep it.
    QString version;

    bool hasDisk() const { return !diskPath.isEmpty(); }
    bool operator==(const Image &) const = default;
};

}  // namespace Atrium
