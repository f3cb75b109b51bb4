#pragma once

#include "providers/libvirteventloop.h"
#include "testmain.h"

#include <QApplication>

/// ATRIUM_LIBVIRT_TEST_MAIN for widget tests: a QApplication (offscreen, set by ctest).
#define ATRIUM_UI_TEST_MAIN(TestClass)                                                                    \
    int main(int argc, char *argv[])                                                                      \
    {                                                                                                     \
        return Atrium::Testing::runTestMain<QApplication, TestClass, Atrium::LibvirtEventLoop>(argc, argv); \
    }
