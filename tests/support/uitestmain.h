#pragma once

#include "providers/libvirteventloop.h"
#include "testprinters.h"
#include "testresult.h"

#include <QApplication>
#include <QTest>

/// ATRIUM_TEST_MAIN for widget tests: a QApplication (offscreen, set by ctest)
/// with Qt's own event dispatcher and libvirt's event loop.
#define ATRIUM_UI_TEST_MAIN(TestClass)                               \
    int main(int argc, char *argv[])                                 \
    {                                                                \
        qputenv("QT_NO_GLIB", "1");                                  \
        QApplication app(argc, argv);                                \
        Atrium::LibvirtEventLoop libvirtEvents;                      \
        TestClass test;                                              \
        QTEST_SET_MAIN_SOURCE_PATH                                   \
        return QTest::qExec(&test, argc, argv);                      \
    }
