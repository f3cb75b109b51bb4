#pragma once

#include "testprinters.h"
#include "testresult.h"

#include <QCoreApplication>
#include <QTest>

#include <tuple>

namespace Atrium::Testing {

/// What every Atrium test process does: Qt's own event dispatcher (libvirt owns GLib's default
/// context, so Qt must not use it), an @p Application, the process-wide @p Services (created
/// after the application, destroyed before it), then the test class.
template <typename Application, typename TestClass, typename... Services>
int runTestMain(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    Application app(argc, argv);
    [[maybe_unused]] std::tuple<Services...> services;
    TestClass test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

}  // namespace Atrium::Testing

/// Like QTEST_GUILESS_MAIN, with Qt's own event dispatcher. Tests that open libvirt connections
/// use ATRIUM_LIBVIRT_TEST_MAIN (libvirttestmain.h); widget tests ATRIUM_UI_TEST_MAIN (uitestmain.h).
#define ATRIUM_TEST_MAIN(TestClass)                                                         \
    int main(int argc, char *argv[])                                                        \
    {                                                                                       \
        return Atrium::Testing::runTestMain<QCoreApplication, TestClass>(argc, argv);       \
    }
