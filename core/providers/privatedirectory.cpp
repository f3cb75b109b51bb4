#include "privatedirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace Atrium {

std::unique_ptr<QTemporaryDir> makePrivateDirectory(const QString &prefix)
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty() || !QFileInfo(base).isWritable())
        base = QDir::tempPath();
    auto dir = std::make_unique<QTemporaryDir>(base + u'/' + prefix + QStringLiteral("-XXXXXX"));
    return dir->isValid() ? std::move(dir) : nullptr;  // QTemporaryDir makes it 0700
}

}  // namespace Atrium
