#pragma once

#include <QDir>
#include <QString>
#include <QWidget>

namespace Atrium::Testing {

/// Saves @p widget as ATRIUM_SCREENSHOT_DIR/NAME.png (ctest sets it to build/screenshots)
/// so a person can look at what the test drew. Returns false if it could not be written.
inline bool saveScreenshot(QWidget &widget, const QString &name)
{
    QString dir = qEnvironmentVariable("ATRIUM_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(QStringLiteral("atrium-screenshots"));
    if (!QDir().mkpath(dir))
        return false;
    return widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

}  // namespace Atrium::Testing
