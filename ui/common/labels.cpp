#include "labels.h"

#include <QLocale>

#include "model/units.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QUrl>

// The icons live in the static atrium_ui library: its resources must be registered by hand.
static void ensureIconResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(icons);
        return true;
    }();
    Q_UNUSED(registered);
}

namespace Atrium::Ui {

QString Labels::statusInUse(WorkspaceStatus status, int activeSessions)
{
    if (activeSessions <= 0)
        return Labels::status(status);
    return tr("%1 · in use").arg(Labels::status(status));
}

QString Labels::status(WorkspaceStatus status)
{
    switch (status) {
    case WorkspaceStatus::Available: return tr("Available");
    case WorkspaceStatus::Pending: return tr("Starting…");
    case WorkspaceStatus::Running: return tr("Running");
    case WorkspaceStatus::Stopping: return tr("Stopping…");
    case WorkspaceStatus::Paused: return tr("Paused");
    case WorkspaceStatus::Stopped: return tr("Stopped");
    case WorkspaceStatus::Error: return tr("Error");
    }
    return {};
}

QString Labels::type(WorkspaceType type)
{
    switch (type) {
    case WorkspaceType::Html5: return tr("HTML5");
    case WorkspaceType::Rdp: return tr("RDP");
    case WorkspaceType::Web: return tr("Web");
    case WorkspaceType::Linux: return tr("Linux");
    case WorkspaceType::Browser: return tr("Browser");
    case WorkspaceType::Windows: return tr("Windows");
    case WorkspaceType::Dev: return tr("Development");
    case WorkspaceType::Admin: return tr("Admin");
    }
    return {};
}

QString Labels::connection(ConnectionType type)
{
    switch (type) {
    case ConnectionType::Html5: return tr("HTML5 (browser)");
    case ConnectionType::Web: return tr("Web");
    case ConnectionType::Vnc: return tr("VNC");
    case ConnectionType::Browser: return tr("Isolated browser");
    }
    return {};
}

QString Labels::sessionStatus(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active: return tr("Active");
    case SessionStatus::Disconnected: return tr("Disconnected", "session status");
    case SessionStatus::Terminated: return tr("Terminated");
    }
    return {};
}

QString Labels::tunnel(TunnelStatus status)
{
    switch (status) {
    case TunnelStatus::Encrypted: return tr("Encrypted (NetBird)");
    case TunnelStatus::Disconnected: return tr("NetBird down");
    case TunnelStatus::Unavailable: return tr("No NetBird");
    case TunnelStatus::NotRequired: return tr("Not needed");
    }
    return {};
}

QString Labels::hostState(HostState state)
{
    switch (state) {
    case HostState::Connecting: return tr("Connecting…");
    case HostState::Connected: return tr("Connected");
    case HostState::Disconnected: return tr("Disconnected", "host state");
    case HostState::Failed: return tr("Unreachable");
    case HostState::NeedsCredentials: return tr("Needs credentials");
    }
    return {};
}

QString Labels::hostName(const HostInfo &host)
{
    if (!host.displayName.isEmpty())
        return host.simulated ? tr("%1 (simulated)").arg(host.displayName) : host.displayName;
    if (host.simulated) {
        // Several simulators (test:///path/to/node.xml) are told apart by their file.
        const QString file = QUrl(host.uri).fileName();
        return host.uri == u"test:///default" || file.isEmpty() ? tr("simulator") : tr("simulator (%1)").arg(file);
    }
    if (QUrl(host.uri).host().isEmpty())
        return QUrl(host.uri).path() == u"/session" ? tr("local (session)") : tr("local", "this machine's hypervisor");
    return defaultHostName(host.uri);
}

QString Labels::virtualizationSetting(Virtualization virtualization)
{
    switch (virtualization) {
    case Virtualization::Auto: return tr("Auto (KVM when it works)");
    case Virtualization::Kvm: return tr("KVM");
    case Virtualization::Emulation: return tr("Emulation (TCG)");
    }
    return {};
}

QString Labels::virtualization(const HostInfo &h)
{
    if (h.simulated)
        return tr("Simulated");
    switch (h.virtualization) {
    case Virtualization::Kvm: return tr("KVM (set by an admin)");
    case Virtualization::Emulation: return tr("Emulation (set by an admin)");
    case Virtualization::Auto: break;
    }
    if (h.kvmUnusable())
        return tr("KVM unusable here: emulating");
    if (h.state != HostState::Connected && h.hypervisor.isEmpty())
        return tr("Auto");
    return h.kvmOffered ? tr("KVM") : tr("Emulation: no KVM here");
}

QString Labels::virtualizationDetail(const HostInfo &h)
{
    if (h.simulated)
        return tr("libvirt's simulator virtualizes nothing");
    if (h.kvmUnusable()) {
        return tr("KVM failed to start a virtual machine here on %1, so Atrium started it under emulation (slower) "
                  "and emulates every virtual machine on this host until an administrator changes its "
                  "virtualization setting.\nQEMU said: %2")
            .arg(QLocale().toString(h.kvmFailedAt.toLocalTime(), QLocale::ShortFormat), h.kvmFailure);
    }
    switch (h.virtualization) {
    case Virtualization::Kvm: return tr("Virtual machines always use KVM here; a start fails if KVM does.");
    case Virtualization::Emulation:
        return tr("Virtual machines run under QEMU's emulation (TCG) here, even where KVM is offered.");
    case Virtualization::Auto: break;
    }
    if (h.kvmOffered)
        return tr("Virtual machines use KVM; should KVM fail to start one, Atrium says so and emulates it instead.");
    return tr("libvirt offers no KVM on this host: virtual machines run under emulation (TCG).");
}

QString Labels::resources(const Resources &r)
{
    return tr("%1 · %2 · %3").arg(Units::formatCpus(r.cpus), Units::formatSize(r.memoryMb), Units::formatSize(r.storageMb));
}

QString Labels::duration(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return tr("%1 h %2 min").arg(h).arg(m, 2, 10, QLatin1Char('0'));
    if (m > 0)
        return tr("%1 min %2 s").arg(m).arg(s, 2, 10, QLatin1Char('0'));
    return tr("%1 s").arg(s);
}

namespace {

/// Darkens a colour on light palettes and lightens it on dark ones, so pills stay readable.
QColor adapt(QColor color, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    return dark ? color.lighter(135) : color;
}

}  // namespace

QColor Labels::statusColor(WorkspaceStatus status, const QPalette &palette)
{
    switch (status) {
    case WorkspaceStatus::Available: return adapt(QColor(0x2e, 0x7d, 0x32), palette);
    case WorkspaceStatus::Pending:
    case WorkspaceStatus::Stopping: return adapt(QColor(0xb2, 0x6a, 0x00), palette);
    case WorkspaceStatus::Running: return adapt(QColor(0x15, 0x65, 0xc0), palette);
    case WorkspaceStatus::Paused: return adapt(QColor(0x6a, 0x1b, 0x9a), palette);
    case WorkspaceStatus::Stopped: return adapt(QColor(0x61, 0x61, 0x61), palette);
    case WorkspaceStatus::Error: return adapt(QColor(0xc6, 0x28, 0x28), palette);
    }
    return palette.color(QPalette::Text);
}

QColor Labels::hostStateColor(HostState state, const QPalette &palette)
{
    switch (state) {
    case HostState::Connected: return adapt(QColor(0x2e, 0x7d, 0x32), palette);
    case HostState::Connecting:
    case HostState::NeedsCredentials: return adapt(QColor(0xb2, 0x6a, 0x00), palette);
    case HostState::Disconnected:
    case HostState::Failed: return adapt(QColor(0xc6, 0x28, 0x28), palette);
    }
    return palette.color(QPalette::Text);
}

QIcon Labels::workspaceIcon(const QString &iconId, WorkspaceType type)
{
    ensureIconResources();
    static QHash<QString, QIcon> cache;
    const QString key = iconId + u'/' + nameOf(type);
    if (auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QString path = QStringLiteral(":/icons/%1.svg").arg(iconId);
    if (iconId.isEmpty() || !QFile::exists(path))
        path = QStringLiteral(":/icons/%1.svg").arg(nameOf(type));
    if (!QFile::exists(path))
        path = QStringLiteral(":/icons/default.svg");
    const QIcon icon(path);
    cache.insert(key, icon);
    return icon;
}

QIcon Labels::appIcon()
{
    ensureIconResources();
    return QIcon(QStringLiteral(":/icons/atrium.svg"));
}

}  // namespace Atrium::Ui
