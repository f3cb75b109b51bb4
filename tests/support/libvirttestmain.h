#pragma once

#include "providers/libvirteventloop.h"
#include "testmain.h"

/// ATRIUM_TEST_MAIN plus libvirt's event loop, created once for the whole process.
#define ATRIUM_LIBVIRT_TEST_MAIN(TestClass)                                                                  \
    int main(int argc, char *argv[])                                                                         \
    {                                                                                                        \
        return Atrium::Testing::runTestMain<QCoreApplication, TestClass, Atrium::LibvirtEventLoop>(argc, argv); \
    }
