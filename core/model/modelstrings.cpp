#include "host.h"
#include "workspaceevent.h"

#include <QCryptographicHash>
#include <QUrl>

namespace Atrium {

QString nameOf(WorkspaceEvent::Kind kind)
{
    switch (kind) {
    case WorkspaceEvent::Kind::Provision: return QStringLiteral("provision");
    case WorkspaceEvent::Kind::Lifecycle: return QStringLiteral("lifecycle");
    case WorkspaceEvent::Kind::Domain: return QStringLiteral("domain");
    }
    return {};
}

QString nameOf(HostState state)
{
    switch (state) {
    case HostState::Connecting: return QStringLiteral("connecting");
    case HostState::Connected: return QStringLiteral("connected");
    case HostState::Disconnected: return QStringLiteral("disconnected");
    case HostState::Failed: return QStringLiteral("failed");
    case HostState::NeedsCredentials: return QStringLiteral("needs_credentials");
    }
    return {};
}

QString nameOf(Virtualization virtualization)
{
    switch (virtualization) {
    case Virtualization::Auto: return QStringLiteral("auto");
    case Virtualization::Kvm: return QStringLiteral("kvm");
    case Virtualization::Emulation: return QStringLiteral("emulation");
    }
    return {};
}

std::optional<Virtualization> parseVirtualization(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"auto")
        return Virtualization::Auto;
    if (t == u"kvm")
        return Virtualization::Kvm;
    if (t == u"emulation" || t == u"qemu" || t == u"tcg")
        return Virtualization::Emulation;
    return std::nullopt;
}

QString hostId(const QString &uri)
{
    return QString::fromLatin1(QCryptographicHash::hash(uri.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

QString defaultHostName(const QString &uri)
{
    const QUrl url(uri);
    const QString driver = url.scheme().section(u'+', 0, 0);
    if (driver == u"test")
        return QStringLiteral("simulator");
    QString name = url.host();
    if (name.isEmpty()) {
        name = QStringLiteral("local");
        if (url.path() == u"/session")
            name += QStringLiteral(" (session)");
        return name;
    }
    if (url.port() > 0)
        name += u':' + QString::number(url.port());
    return name;
}

QString hostDisplayName(const HostInfo &info)
{
    const QString name = info.displayName.isEmpty() ? defaultHostName(info.uri) : info.displayName;
    return info.simulated && !name.contains(QStringLiteral("simulat")) ? name + QStringLiteral(" (simulated)") : name;
}

bool isValidHostDisplayName(const QString &name)
{
    if (name.size() > kMaxHostDisplayNameLength || name.trimmed() != name)
        return false;
    for (QChar c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return false;
    }
    return true;
}

QString virtualizationSummary(const HostInfo &info)
{
    if (info.simulated)
        return QStringLiteral("simulated: nothing is virtualized");
    switch (info.virtualization) {
    case Virtualization::Kvm: return QStringLiteral("KVM (set by an admin)");
    case Virtualization::Emulation: return QStringLiteral("emulation (set by an admin)");
    case Virtualization::Auto: break;
    }
    if (info.kvmUnusable())
        return QStringLiteral("KVM unusable here: emulating");
    if (info.state != HostState::Connected && info.hypervisor.isEmpty())
        return QStringLiteral("auto");
    return info.kvmOffered ? QStringLiteral("KVM") : QStringLiteral("emulation: libvirt offers no KVM here");
}

QString effectiveVirtType(const HostInfo &info)
{
    if (info.simulated)
        return QStringLiteral("test");
    switch (info.virtualization) {
    case Virtualization::Kvm: return QStringLiteral("kvm");
    case Virtualization::Emulation: return QStringLiteral("qemu");
    case Virtualization::Auto: break;
    }
    return info.kvmOffered && info.kvmFailure.isEmpty() ? QStringLiteral("kvm") : QStringLiteral("qemu");
}

}  // namespace Atrium
