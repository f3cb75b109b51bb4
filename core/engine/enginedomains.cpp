// Engine: domains — what a VM workspace's domain is, and following what hypervisors report
// about it (lifecycle events, reconciliation).

#include "engineprivate.h"

#include "base/continuation.h"

namespace Atrium {

using namespace EngineDetail;

QString Engine::workspaceIdForDomain(const QString &hostUri, const QString &domainName) const
{
    // Asked for every domain on every metrics tick: index once per catalog revision.
    if (m_domainIndexRevision != m_revision) {
        m_domainIndex.clear();
        for (const Workspace &w : m_workspaces) {
            if (!w.domainName.isEmpty())
                m_domainIndex.insert(effectiveHostUri(w) + u'\n' + w.domainName, w.id);
        }
        m_domainIndexRevision = m_revision;
    }
    return m_domainIndex.value(hostUri + u'\n' + domainName);
}

Workspace *Engine::workspaceForDomain(const QString &hostUri, const QString &domainName)
{
    for (Workspace &w : m_workspaces) {
        if (w.domainName == domainName && effectiveHostUri(w) == hostUri)
            return &w;
    }
    return nullptr;
}

DomainSpec Engine::domainSpecFor(const Workspace &workspace) const
{
    DomainSpec spec;
    spec.name = workspace.domainName.isEmpty() ? QStringLiteral("atrium-") + workspace.id : workspace.domainName;
    spec.title = workspace.name;
    spec.workspaceId = workspace.id;
    spec.vcpus = workspace.resources.cpus;
    spec.memoryMb = workspace.resources.memoryMb;
    spec.diskMb = workspace.resources.storageMb;
    spec.network = workspace.config.network.allowInternet ? GuestNetwork::Internet : GuestNetwork::Isolated;
    spec.adopted = workspace.adopted;
    spec.metadata = metadataFor(workspace);
    return spec;
}

AtriumMetadata Engine::metadataFor(const Workspace &w) const
{
    AtriumMetadata md;
    md.workspaceId = w.id;
    md.adopted = w.adopted;
    md.type = nameOf(w.type);
    md.ownerId = w.ownerId;
    md.description = w.description;
    if (w.config.restartPolicy != RestartPolicy::No) {
        md.restartPolicy = nameOf(w.config.restartPolicy);
        md.maxRestarts = w.config.maxRestarts;
    }
    if (!w.config.ttl.isEmpty()) {
        md.ttl = w.config.ttl;
        md.ttlAction = nameOf(w.config.ttlAction);
    }
    return md;
}

Result<std::optional<Image>> Engine::bootImageFor(const Workspace &workspace) const
{
    if (!workspace.image.trimmed().isEmpty()) {
        auto image = m_options.images.find(workspace.image.trimmed());
        if (!image)
            return fail(image.error());
        return std::optional<Image>(*image);
    }
    // Atrium builds no Windows image: only Linux workspaces get the default one.
    if (workspace.type == WorkspaceType::Windows)
        return std::optional<Image>{};
    auto fallback = m_options.images.find(QString(ImageCatalog::kDefaultImageId));
    if (!fallback)
        return std::optional<Image>{};
    return std::optional<Image>(*fallback);
}

void Engine::handleDomainEvent(const DomainEvent &e)
{
    const Workspace *found = workspaceForDomain(e.hostUri, e.domainName);
    if (!found) {
        if (e.kind != DomainEventKind::Undefined)
            followDomainDefinition(e);  // defined (or started) elsewhere: a new workspace
        return;
    }
    if (e.kind == DomainEventKind::Defined) {
        followDomainDefinition(e);  // changed elsewhere (or by Atrium's own launch)
        return;
    }
    if (e.kind == DomainEventKind::Undefined && found->adopted && !m_busy.contains(found->id)) {
        // The workspace and its log go; the audit entry says what happened.
        ChangeSet changes;
        dropAdopted(*found, QStringLiteral("domain %1 was undefined on the host").arg(e.domainName), changes);
        commit(changes);
        return;
    }
    const bool changesState = e.kind == DomainEventKind::Started || e.kind == DomainEventKind::Resumed
        || e.kind == DomainEventKind::Suspended || e.kind == DomainEventKind::Stopped || e.kind == DomainEventKind::Crashed;
    LibvirtHost *host = m_hosts.host(e.hostUri);
    if (!changesState || m_busy.contains(found->id) || !host) {
        applyDomainEvent(e, std::nullopt);
        return;
    }
    // Events come from libvirt's event thread, the results of Atrium's own calls from the
    // host's worker: an event may arrive after the start or stop that followed it finished
    // (a STARTED after Atrium's own stop). Act on it only if the domain's state now agrees.
    continueOn(host->domainInfo(e.domainName), this, [this, e](const Result<DomainInfo> &now) {
        if (now)
            applyDomainEvent(e, now->state);
        else if (now.error().code == ErrorCode::NotFound)
            applyDomainEvent(e, DomainState::Shutoff);  // a transient domain that is gone
        else
            applyDomainEvent(e, std::nullopt);
    });
}

void Engine::applyDomainEvent(const DomainEvent &e, std::optional<DomainState> state)
{
    const Workspace *found = workspaceForDomain(e.hostUri, e.domainName);
    if (!found)
        return;
    Workspace w = *found;

    // An event the domain's present state contradicts is history, not news.
    const bool running = state && isDomainActive(*state) && *state != DomainState::Paused && *state != DomainState::Suspended;
    const bool paused = state && (*state == DomainState::Paused || *state == DomainState::Suspended);
    bool stale = false;
    switch (e.kind) {
    case DomainEventKind::Started:
    case DomainEventKind::Resumed: stale = state && !running; break;
    case DomainEventKind::Suspended: stale = state && !paused; break;
    case DomainEventKind::Stopped: stale = state && isDomainActive(*state); break;
    default: break;
    }

    ChangeSet changes;
    QString message = QStringLiteral("domain %1 %2").arg(e.domainName, nameOf(e.kind));
    if (!e.reason.isEmpty())
        message += QStringLiteral(" (%1)").arg(e.reason);
    if (stale)
        message += QStringLiteral(", already past: the domain is %1 now").arg(nameOf(*state));
    changes.events << event(w.id, WorkspaceEvent::Kind::Domain, message);

    // While Atrium itself starts or stops the domain, that flow owns the status.
    const bool ownFlow = m_busy.contains(w.id) || stale;
    const QDateTime at = now();
    switch (e.kind) {
    case DomainEventKind::Started:
    case DomainEventKind::Resumed:
        if (!ownFlow && w.status != WorkspaceStatus::Running) {
            w.status = WorkspaceStatus::Running;
            w.statusMessage.clear();
            if (!w.startedAt.isValid())
                w.startedAt = at;
            w.updatedAt = at;
            changes.workspaces << w;
        }
        break;
    case DomainEventKind::Suspended:
        if (!ownFlow && w.status == WorkspaceStatus::Running) {
            w.status = WorkspaceStatus::Paused;
            w.statusMessage = e.reason;
            w.updatedAt = at;
            changes.workspaces << w;
        }
        break;
    case DomainEventKind::Stopped:
    case DomainEventKind::Crashed:
        if (!ownFlow && (w.isActive() || w.status == WorkspaceStatus::Error)) {
            changes.sessions = endActiveSessions(w.id, SessionStatus::Terminated);
            w.status = e.failure ? WorkspaceStatus::Error : WorkspaceStatus::Available;
            w.statusMessage = e.failure ? QStringLiteral("domain %1 %2").arg(e.domainName, e.reason) : QString();
            w.startedAt = {};
            w.updatedAt = at;
            changes.workspaces << w;
            changes.audit << auditEntry(Actor::system(), QStringLiteral("domain_stopped"),
                                        QStringLiteral("workspace:") + w.id, !e.failure,
                                        QStringLiteral("%1; %2 session(s) terminated").arg(message).arg(changes.sessions.size()));
            // Only the final "stopped" is an exit: a guest panic is followed by one.
            if (e.kind == DomainEventKind::Stopped && commit(changes))
                Q_EMIT workspaceExited(w, e);
            return;
        }
        break;
    case DomainEventKind::Undefined:
        if (!ownFlow) {
            // Someone removed the domain behind Atrium's back: the next launch provisions a new one.
            changes.sessions = endActiveSessions(w.id, SessionStatus::Terminated);
            w.domainName.clear();
            if (w.isActive()) {
                w.status = WorkspaceStatus::Available;
                w.startedAt = {};
            }
            w.updatedAt = at;
            changes.workspaces << w;
        }
        break;
    default: break;
    }
    commit(changes);
}

void Engine::reconcileHost(const QString &uri)
{
    LibvirtHost *host = m_hosts.host(uri);
    if (!host)
        return;
    continueOn(host->domains(), this, [this, uri](const Result<QList<DomainInfo>> &domains) {
        if (domains)
            applyReconciliation(uri, *domains);
        else
            qCWarning(lcEngine).noquote() << "cannot reconcile" << uri << ":" << domains.error().message;
    });
}

void Engine::applyReconciliation(const QString &uri, const QList<DomainInfo> &domains)
{
    QHash<QString, DomainState> states;
    QHash<QString, const DomainInfo *> byName;
    for (const DomainInfo &d : domains) {
        states.insert(d.name, d.state);
        byName.insert(d.name, &d);
    }

    ChangeSet changes;
    const QDateTime at = now();
    QSet<QString> bound;
    for (const QString &id : std::as_const(m_order)) {
        // Look before copying: most of a large catalog is not this host's provisioned VMs.
        const Workspace &current = *m_workspaces.constFind(id);
        if (current.provider() != ProviderKind::Libvirt || current.domainName.isEmpty() || effectiveHostUri(current) != uri)
            continue;
        bound.insert(current.domainName);
        if (m_busy.contains(id))
            continue;
        const DomainInfo *domain = byName.value(current.domainName);
        if (domain && domain->details)
            m_domainDetails.insert(id, *domain->details);
        Workspace w = current;
        if (current.adopted) {
            if (!domain) {
                dropAdopted(current, QStringLiteral("its domain is no longer on the host"), changes);
                continue;
            }
            if (!showsDomain(uri, *domain)) {
                dropAdopted(current, QStringLiteral("the host does not show domains Atrium did not create"), changes);
                continue;
            }
            if (domain->details && refreshFromDomain(w, *domain))
                w.updatedAt = at;  // changed on the host since: written below
        }
        const auto state = states.constFind(w.domainName);
        WorkspaceStatus truth;
        if (state == states.constEnd())
            truth = WorkspaceStatus::Available;
        else if (*state == DomainState::Paused || *state == DomainState::Suspended)
            truth = WorkspaceStatus::Paused;
        else if (isDomainActive(*state))
            truth = WorkspaceStatus::Running;
        else
            truth = WorkspaceStatus::Available;

        // Out-of-service and failed workspaces keep their status while their domain is off.
        const bool keep = !isDomainActive(state == states.constEnd() ? DomainState::NoState : *state)
            && (w.status == WorkspaceStatus::Stopped || w.status == WorkspaceStatus::Error
                || w.status == WorkspaceStatus::Available);
        if (keep || truth == w.status) {
            if (!(w == current))
                changes.workspaces << w;
            continue;
        }

        QString note = QStringLiteral("reconciled with %1: domain %2 is %3")
                           .arg(uri, w.domainName,
                                state == states.constEnd() ? QStringLiteral("gone") : nameOf(*state));
        if (state == states.constEnd())
            w.domainName.clear();
        if (truth == WorkspaceStatus::Available) {
            const QList<Session> ended = endActiveSessions(id, SessionStatus::Terminated);
            changes.sessions << ended;
            w.startedAt = {};
        } else if (!w.startedAt.isValid()) {
            w.startedAt = at;
        }
        w.status = truth;
        w.statusMessage.clear();
        w.updatedAt = at;
        changes.workspaces << w;
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, note);
        changes.audit << auditEntry(Actor::system(), QStringLiteral("reconcile_workspace"), QStringLiteral("workspace:") + id,
                                    true, note);
    }
    for (const DomainInfo &domain : domains) {
        if (bound.contains(domain.name))
            continue;
        const qsizetype before = changes.workspaces.size();
        adoptDomain(uri, domain, changes);
        if (changes.workspaces.size() > before && domain.details)
            m_domainDetails.insert(changes.workspaces.last().id, *domain.details);
    }
    commit(changes);
}

}  // namespace Atrium
