// Engine: the hypervisor hosts — what they are, and adding, removing and configuring them.

#include "engineprivate.h"

#include <QRegularExpression>
#include <QUrl>

namespace Atrium {

using namespace EngineDetail;

QList<HostInfo> Engine::hostInfos() const
{
    return m_hosts.infos();
}

std::optional<HostInfo> Engine::hostInfo(const QString &uri) const
{
    const LibvirtHost *host = m_hosts.host(uri);
    return host ? std::optional<HostInfo>(host->info()) : std::nullopt;
}

QString Engine::defaultHostUri() const
{
    const LibvirtHost *host = m_hosts.defaultHost();
    return host ? host->uri() : QString();
}

std::optional<HostInfo> Engine::hostOf(const Workspace &workspace) const
{
    if (workspace.provider() != ProviderKind::Libvirt)
        return std::nullopt;
    const LibvirtHost *host = hostFor(workspace);
    return host ? std::optional<HostInfo>(host->info()) : std::nullopt;
}

QString Engine::effectiveHostUri(const Workspace &workspace) const
{
    if (workspace.provider() != ProviderKind::Libvirt)
        return {};
    return workspace.hostUri.isEmpty() ? defaultHostUri() : workspace.hostUri;
}

LibvirtHost *Engine::hostFor(const Workspace &workspace) const
{
    if (!workspace.hostUri.isEmpty())
        return m_hosts.host(workspace.hostUri);
    return m_hosts.defaultHost();
}

Result<void> Engine::addHost(const Actor &actor, const QString &uri)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    const QString trimmed = uri.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    static const QRegularExpression scheme(QStringLiteral("^(qemu|test|xen|lxc|vz|ch|bhyve)(\\+(ssh|libssh|libssh2|tls|tcp|unix|ext))?$"));
    if (!url.isValid() || !scheme.match(url.scheme()).hasMatch()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("'%1' is not a libvirt URI (e.g. qemu:///system or qemu+ssh://root@host/system)").arg(trimmed.left(200)),
                    QStringLiteral("uri"));
    }
    if (m_hosts.host(trimmed))
        return fail(ErrorCode::Conflict, QStringLiteral("%1 is already one of Atrium's hosts").arg(trimmed), QStringLiteral("uri"));
    ChangeSet changes;
    changes.addedHosts << trimmed;
    changes.audit << auditEntry(actor, QStringLiteral("add_host"), hostTarget(trimmed), true);
    if (auto ok = commit(changes); !ok)
        return ok;
    m_hosts.add(trimmed, rememberedSettings(trimmed));
    return {};
}

std::optional<HostSettings> Engine::rememberedSettings(const QString &uri) const
{
    auto all = m_store.hostSettings();
    if (!all)
        return std::nullopt;
    for (const HostSettings &settings : *all) {
        if (settings.uri == uri)
            return settings;
    }
    return std::nullopt;
}

Result<void> Engine::setHostVirtualization(const Actor &actor, const QString &uri, Virtualization virtualization)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    if (host->isSimulated()) {
        return fail(ErrorCode::Conflict, QStringLiteral("%1 is libvirt's simulator: it virtualizes nothing, so it has no "
                                                        "virtualization setting")
                                             .arg(uri));
    }
    const HostSettings before = host->settings();
    // An admin's choice starts afresh: a KVM failure seen in auto is forgotten, so auto tries KVM again.
    HostSettings settings = before;
    settings.virtualization = virtualization;
    settings.kvmFailure.clear();
    settings.kvmFailedAt = {};
    QString detail = QStringLiteral("virtualization %1 -> %2").arg(nameOf(before.virtualization), nameOf(virtualization));
    if (!before.kvmFailure.isEmpty())
        detail += QStringLiteral("; forgot that KVM failed here (%1)").arg(before.kvmFailure);
    ChangeSet changes;
    changes.hostSettings << settings;
    changes.audit << auditEntry(actor, QStringLiteral("set_host_virtualization"), hostTarget(uri), true, detail);
    if (auto ok = commit(changes); !ok)
        return ok;
    host->applySettings(settings);
    return {};
}

Result<void> Engine::setHostShowsForeignDomains(const Actor &actor, const QString &uri, bool show)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    HostSettings settings = host->settings();
    if (settings.showForeignDomains == show)
        return {};
    settings.showForeignDomains = show;
    ChangeSet changes;
    changes.hostSettings << settings;
    changes.audit << auditEntry(actor, QStringLiteral("set_host_foreign_domains"), hostTarget(uri), true,
                                show ? QStringLiteral("shows domains not created by Atrium")
                                     : QStringLiteral("hides domains not created by Atrium"));
    if (auto ok = commit(changes); !ok)
        return ok;
    host->applySettings(settings);
    if (host->isConnected())
        reconcileHost(uri);  // adopts them now, or takes them out of the catalog
    return {};
}

Result<void> Engine::setHostDisplayName(const Actor &actor, const QString &uri, const QString &name)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    if (!isValidHostDisplayName(name)) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("display_name must be at most %1 characters, without control characters or "
                                   "leading or trailing spaces")
                        .arg(kMaxHostDisplayNameLength),
                    QStringLiteral("display_name"));
    }
    HostSettings settings = host->settings();
    if (settings.displayName == name)
        return {};
    const QString before = settings.displayName;
    settings.displayName = name;
    ChangeSet changes;
    changes.hostSettings << settings;
    changes.audit << auditEntry(actor, QStringLiteral("set_host_name"), hostTarget(uri), true,
                                QStringLiteral("'%1' -> '%2'").arg(before.isEmpty() ? defaultHostName(uri) : before,
                                                                   name.isEmpty() ? defaultHostName(uri) : name));
    if (auto ok = commit(changes); !ok)
        return ok;
    host->applySettings(settings);
    return {};
}

Result<void> Engine::removeHost(const Actor &actor, const QString &uri)
{
    if (!actor.isAdmin())
        return fail(Error::adminRequired());
    if (!m_hosts.host(uri))
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    int provisioned = 0;
    for (const Workspace &w : std::as_const(m_workspaces))
        provisioned += !w.domainName.isEmpty() && effectiveHostUri(w) == uri;
    if (provisioned > 0) {
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1 workspace(s) have domains on %2; delete them first").arg(provisioned).arg(uri));
    }
    ChangeSet changes;
    changes.removedHosts << uri;
    changes.audit << auditEntry(actor, QStringLiteral("remove_host"), hostTarget(uri), true);
    if (auto ok = commit(changes); !ok)
        return ok;
    m_hosts.remove(uri);
    m_keychainAsked.remove(uri);
    if (m_keychain)
        m_keychain->remove(uri);  // a forgotten host's secrets do not outlive it
    return {};
}

Result<void> Engine::reconnectHost(const QString &uri)
{
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return fail(ErrorCode::HostNotFound, QStringLiteral("%1 is not one of Atrium's hosts").arg(uri));
    host->reconnectNow();
    return {};
}

void Engine::handleHostChanged(const HostInfo &info)
{
    if (info.state == HostState::Connected)
        reconcileHost(info.uri);
    if (info.state == HostState::NeedsCredentials)
        offerKeptCredentials(info);
    Q_EMIT hostChanged(info);
}

}  // namespace Atrium
