#include "commandline.h"
#include "commands.h"
#include "unixsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

namespace Atrium {

Q_LOGGING_CATEGORY(lcServe, "atrium.serve")

int runServeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run Atrium headless: the engine and the REST API."));
    parser.addHelpOption();
    addServeOptions(parser);
    QTextStream err(stderr);
    if (!parser.parse(QStringList{QStringLiteral("atrium serve")} + arguments)) {
        err << "atrium serve: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "atrium serve: unexpected argument '" << parser.positionalArguments().first() << "'" << Qt::endl;
        return 2;
    }
    auto settings = readServeOptions(parser);
    if (!settings) {
        err << "atrium serve: " << settings.error().message << Qt::endl;
        return 2;
    }

    // Refusals at start-up (the data directory, its lock, the address) are not cured by
    // restarting: they exit with kExitCannotStart, which atrium.service does not restart.
    auto runtime = Runtime::create(settings->runtime);
    if (!runtime) {
        err << "atrium serve: " << runtime.error().message << Qt::endl;
        return kExitCannotStart;
    }

    auto port = (*runtime)->startApi(settings->listenAddress, settings->listenPort);
    if (!port) {
        err << "atrium serve: " << port.error().message << Qt::endl;
        return kExitCannotStart;
    }

    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::terminationRequested, qApp, [](int signal) {
        qCInfo(lcServe) << "signal" << signal << "received; shutting down";
        QCoreApplication::quit();
    });
    qCInfo(lcServe).noquote() << "Atrium" << ATRIUM_VERSION << "serving on" << (*runtime)->api()->server().baseUrl()
                              << "; data in" << (*runtime)->dataDir();
    const int code = QCoreApplication::exec();
    runtime->reset();  // every change is already committed; this closes hosts cleanly
    qCInfo(lcServe) << "stopped";
    return code;
}

}  // namespace Atrium
