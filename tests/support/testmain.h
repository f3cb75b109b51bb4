#pragma once

#include "providers/libvirteventloop.h"
#include "testprinters.h"
#include "testresult.h"

#include <QCoreApplication>
#include <QTest>

/// Like QTEST_GUILESS_MAIN, plus what every Atrium test process needs: Qt's own
/// event dispatcher (libvirt owns GLib's default context) and libvirt's event
/// loop, created once for the whole process.
#define ATRIUM_TEST_MAIN(TestClass)                                  \
    int main(int argc, char *argv[])                                 \
    {                                                                \
        qputenv("QT_NO_GLIB", "1");                                  \
        QCoreApplication app(argc, argv);                            \
        Atrium::LibvirtEventLoop libvirtEvents;                      \
        TestClass test;                                              \
        QTEST_SET_MAIN_SOURCE_PATH                                   \
        return QTest::qExec(&test, argc, argv);                      \
    }
