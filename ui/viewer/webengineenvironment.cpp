#include "webengineenvironment.h"

#include <QCoreApplication>

#include <unistd.h>

namespace Atrium::Ui {

void prepareWebEngine()
{
#ifdef ATRIUM_HAVE_WEBENGINE
    // Chromium will not start its sandbox as root ("Running as root without
    // --no-sandbox is not supported"): the render process dies and every page
    // stays blank. Root is a container or CI machine, never a person's desktop
    // session, which keeps the sandbox. A value somebody set on purpose wins.
    if (::geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    // The web view draws through OpenGL contexts shared with the window's; Qt
    // must know before the application object exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
#endif
}

}  // namespace Atrium::Ui
