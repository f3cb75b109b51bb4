#pragma once

#include "model/image.h"
#include "model/error.h"

#include <QList>
#include <QStringList>

namespace Atrium {

/// The images Atrium can boot: one manifest (`*.json`) per image in its images
/// directories, next to the files it names. The first directory that has an id
/// wins, so an image in the data directory overrides an installed one. The
/// directories are read at every lookup (a few small files): an image built
/// while Atrium runs is there for the next launch.
class ImageCatalog final {
public:
    /// What Linux VM workspaces without an image boot, when it is installed
    /// (installer/build-guest-image.sh builds it).
    static constexpr QLatin1StringView kDefaultImageId{"atrium-tiny"};

    ImageCatalog() = default;
    explicit ImageCatalog(QStringList directories);

    /// `images/` in @p dataDir, then `atrium/images` in every XDG data directory
    /// (~/.local/share, /usr/local/share, /usr/share).
    static QStringList defaultDirectories(const QString &dataDir);

    QStringList directories() const { return m_directories; }

    /// Every usable image, by id. A manifest that cannot be used is left out and
    /// described in @p problems ("<file>: <why>").
    QList<Image> images(QStringList *problems = nullptr) const;

    /// The image called @p id. INVALID_IMAGE (field "image") when no directory
    /// has it (the message names the images there are) or its manifest is broken.
    Result<Image> find(const QString &id) const;

    /// Reads and checks one manifest: its files exist, the disk's format is what
    /// the manifest says (or what its first bytes say when it says nothing).
    static Result<Image> readManifest(const QString &path);

private:
    QStringList m_directories;
};

}  // namespace Atrium
