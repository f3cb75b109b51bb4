#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Atrium {

namespace {

QTranslator *install(QCoreApplication &app, const QLocale &locale, const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(&app);
    if (!translator->load(locale, name, QStringLiteral("_"), directory)) {
        delete translator;
        return nullptr;
    }
    QCoreApplication::installTranslator(translator);
    return translator;
}

}  // namespace

QList<QTranslator *> installTranslations(QCoreApplication &app, const QLocale &locale)
{
    const QString ours = QStringLiteral(":/i18n");
    QTranslator *atrium = install(app, locale, QStringLiteral("atrium"), ours);
    if (!atrium)
        atrium = install(app, QLocale(QLocale::English), QStringLiteral("atrium"), ours);
    if (!atrium)
        return {};  // not built with its catalogs: the English source text
    QList<QTranslator *> installed{atrium};
    // Qt's dialogs (Save, Cancel, Yes…) in the language Atrium speaks, not the locale's first choice.
    if (QTranslator *qt = install(app, QLocale(atrium->language()), QStringLiteral("qtbase"),
                                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        installed << qt;
    return installed;
}

}  // namespace Atrium
