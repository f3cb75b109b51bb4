#include "commandline.h"
#include "commands.h"
#include "translations.h"
#include "unixsignals.h"

#include "mainwindow.h"
#include "viewer/webengineenvironment.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QTextStream>
#include <QTranslator>

#include <memory>

namespace Atrium {

Q_LOGGING_CATEGORY(lcWindow, "atrium.window")

namespace {

/// Without a display QApplication aborts; say what to do instead.
bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

}  // namespace

int runWindowCommand(int &argc, char **argv, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Open Atrium's desktop console; the REST API listens too."));
    parser.addHelpOption();
    addServeOptions(parser);
    QTextStream err(stderr);
    if (!parser.parse(QStringList{QStringLiteral("atrium")} + arguments)) {
        err << "atrium: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "atrium: unexpected argument '" << parser.positionalArguments().first() << "'" << Qt::endl;
        return 2;
    }
    auto settings = readServeOptions(parser);
    if (!settings) {
        err << "atrium: " << settings.error().message << Qt::endl;
        return 2;
    }
    if (!hasDisplay()) {
        err << "atrium: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). "
               "Run `atrium serve` for the engine and the REST API without a window."
            << Qt::endl;
        return 1;
    }

    // Before the application object: as root (containers, CI) Chromium needs its
    // sandbox off or every web viewer stays blank; see prepareWebEngine().
    Ui::prepareWebEngine();
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Atrium"));
    QApplication::setDesktopFileName(QStringLiteral("io.atrium.Atrium"));
    QApplication::setOrganizationName(QStringLiteral("Atrium"));
    for (const QTranslator *translator : installTranslations(app))
        qCInfo(lcWindow).noquote() << "translations:" << translator->filePath();

    auto runtime = Runtime::create(settings->runtime);
    if (!runtime) {
        err << "atrium: " << runtime.error().message << Qt::endl;
        QMessageBox::critical(nullptr, QObject::tr("Atrium"), runtime.error().message);
        return kExitCannotStart;
    }
    auto identity = (*runtime)->tokens().localAdmin();
    if (!identity) {
        err << "atrium: " << identity.error().message << Qt::endl;
        return 1;
    }
    // The window is the machine owner's console: admin, like the socket-local user of virt-manager.
    Actor actor;
    actor.identity = *identity;
    actor.client = QStringLiteral("desktop");
    actor.clientAddress = QStringLiteral("local");

    // A busy port does not cost the admin the window: the status bar says the API is off.
    QString apiBaseUrl;
    if (auto port = (*runtime)->startApi(settings->listenAddress, settings->listenPort); port)
        apiBaseUrl = (*runtime)->api()->server().baseUrl();
    else
        qCWarning(lcWindow).noquote() << "REST API not started:" << port.error().message;

    auto window = std::make_unique<Ui::MainWindow>((*runtime)->engine(), &(*runtime)->metrics(), actor, apiBaseUrl);
    window->show();

    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::terminationRequested, &app, [](int) { QApplication::quit(); });
    qCInfo(lcWindow).noquote() << "Atrium" << ATRIUM_VERSION << "window open; API" << (apiBaseUrl.isEmpty() ? QStringLiteral("off") : apiBaseUrl)
                               << "; data in" << (*runtime)->dataDir();
    const int code = QApplication::exec();
    window.reset();  // the window holds references into the engine
    runtime->reset();
    return code;
}

}  // namespace Atrium
