// A test process that starts the private libvirtd (and a QEMU in it) and then ends badly:
// tst_harnesscleanup runs it and checks that nothing it started outlives it.
//
//   harness_child abort|segfault|hang
//
// Prints "READY <harness directory> <PID of unshare>" once QEMU runs, then ends as told when
// a line arrives on its standard input.

#include "realhypervisor.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>

#include <csignal>
#include <cstdio>
#include <thread>

using namespace Atrium::Testing;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString ending = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    RealHypervisor hypervisor;
    if (!hypervisor.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(hypervisor.error()));
        return hypervisor.skipped() ? 77 : 1;
    }
    // A guest with nothing to boot still runs QEMU; its serial log names the harness directory.
    const QString xml = QStringLiteral("<domain type='qemu'><name>leftover-probe</name><memory unit='MiB'>64</memory>"
                                       "<os><type arch='x86_64'>hvm</type></os><devices><serial type='file'>"
                                       "<source path='%1/probe-serial.log'/></serial></devices></domain>")
                            .arg(hypervisor.directory());
    QFile file(hypervisor.directory() + QStringLiteral("/probe.xml"));
    if (!file.open(QIODevice::WriteOnly) || file.write(xml.toUtf8()) < 0)
        return 1;
    file.close();
    QString output;
    if (!hypervisor.virsh({QStringLiteral("create"), file.fileName()}, &output)) {
        std::fprintf(stderr, "virsh create failed: %s\n", qPrintable(output));
        return 1;
    }
    QFile pid(hypervisor.directory() + QStringLiteral("/harness.pid"));
    pid.open(QIODevice::ReadOnly);
    std::printf("READY %s %s\n", qPrintable(hypervisor.directory()), pid.readAll().trimmed().constData());
    std::fflush(stdout);

    char go[8];
    if (!std::fgets(go, sizeof go, stdin))
        return 1;
    // None of these endings runs a destructor: only the lifeline can clean up.
    if (ending == u"abort")
        std::abort();
    if (ending == u"segfault")
        std::raise(SIGSEGV);
    std::this_thread::sleep_for(std::chrono::hours(1));  // "hang": the test SIGKILLs it, as ctest does at a timeout
    return 0;
}
