#pragma once

#include <QList>
#include <QLocale>

class QCoreApplication;
class QTranslator;

namespace Atrium {

/// Installs Atrium's catalog (":/i18n/atrium_<language>.qm") for the first of @p locale's UI
/// languages that Atrium ships, else the English one (it holds the plural forms of the source
/// text), and Qt's own strings (qtbase_<language>) in that same language, so a window never mixes
/// two. Returns the translators installed, owned by @p app.
QList<QTranslator *> installTranslations(QCoreApplication &app, const QLocale &locale = QLocale());

}  // namespace Atrium
