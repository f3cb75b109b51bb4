#include "commandline.h"
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <memory>

using namespace Atrium;

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const QString verb = args.isEmpty() ? QString() : args.first();

    // libvirt's event loop iterates GLib's default context on its own thread; Qt's
    // GLib dispatcher would iterate the same context on the main thread. Qt's own
    // dispatcher keeps them apart.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication::setApplicationName(QStringLiteral("atrium"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATRIUM_VERSION));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning %{endif}%{if-critical}error %{endif}%{category}: %{message}"));

    if (verb == u"help" || verb == u"--help" || verb == u"-h") {
        QTextStream(stdout) << usageText();
        return 0;
    }
    if (verb == u"--version" || verb == u"version") {
        QTextStream(stdout) << "atrium " << ATRIUM_VERSION << Qt::endl;
        return 0;
    }
    if (verb == u"serve") {
        QCoreApplication app(argc, argv);
        return runServeCommand(args.mid(1));
    }
    if (verb == u"token") {
        QCoreApplication app(argc, argv);
        return runTokenCommand(args.mid(1));
    }
    if (!verb.isEmpty() && !verb.startsWith(u'-')) {
        QTextStream(stderr) << "atrium: unknown verb '" << verb << "'\n\n" << usageText();
        return 2;
    }
    return runWindowCommand(argc, argv, args);
}
