#include "accelerator.h"

#include <QRegularExpression>
#include <QStringList>

namespace Atrium {

namespace {

/// What QEMU and libvirt say when KVM, not the guest, is what failed (seen on real hosts:
/// nested virtualisation, old CPUs, a module not loaded, a /dev/kvm the QEMU user cannot open).
const QRegularExpression &acceleratorPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(failed to set MSR|kvm_buf_set_msrs|Could not access KVM kernel module|)"
                       R"(failed to initiali[sz]e kvm|/dev/kvm|Domain requires KVM, but it is not available|)"
                       R"(KVM_CREATE_VM|kvm_init_vcpu|KVM is not supported|kvm accelerator (?:not found|does not exist)|)"
                       R"(invalid accelerator kvm|KVM: entry failed|kvm run failed|does not support virt type 'kvm')"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

/// libvirt wraps QEMU's stderr: "internal error: process exited while connecting to monitor:
/// 2026-12-03T09:00:00.123456Z qemu-system-x86_64: error: …". Keep QEMU's words only.
QString qemuWords(const QString &line)
{
    static const QRegularExpression prefix(QStringLiteral(R"(^.*?monitor:\s*)"));
    static const QRegularExpression timestamp(QStringLiteral(R"(^\d{4}-\d\d-\d\dT[\d:.]+Z\s+)"));
    QString words = line.trimmed();
    words.remove(prefix);
    words.remove(timestamp);
    return words.trimmed();
}

}  // namespace

std::optional<QString> acceleratorFailure(const QString &startError)
{
    QStringList said;
    for (const QString &line : startError.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (acceleratorPattern().match(line).hasMatch())
            said << qemuWords(line);
    }
    if (said.isEmpty())
        return std::nullopt;
    said.removeDuplicates();
    QString words = said.join(QStringLiteral("; "));
    if (words.size() > 600)
        words = words.left(600) + QChar(0x2026);
    return words;
}

Result<AcceleratedStart> startWithAcceleratorFallback(const QString &virtType, bool mayEmulate,
                                                      const std::function<Result<void>(const QString &virtType)> &start)
{
    auto started = start(virtType);
    if (started)
        return AcceleratedStart{virtType, {}};
    const std::optional<QString> failure = virtType == u"kvm" ? acceleratorFailure(started.error().message) : std::nullopt;
    if (!failure)
        return fail(started.error());
    if (!mayEmulate) {
        Error error = started.error();
        error.message = QStringLiteral("KVM does not work on this host (QEMU: %1). The host's virtualization is set to "
                                       "KVM; set it to auto or emulation to run its domains under emulation (TCG).")
                            .arg(*failure);
        return fail(error);
    }
    auto emulated = start(QStringLiteral("qemu"));
    if (!emulated) {
        Error error = emulated.error();
        error.message = QStringLiteral("KVM does not work on this host (QEMU: %1), and under emulation: %2")
                            .arg(*failure, emulated.error().message);
        return fail(error);
    }
    return AcceleratedStart{QStringLiteral("qemu"), *failure};
}

}  // namespace Atrium
