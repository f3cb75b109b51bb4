// Engine: every domain is a workspace — domains Atrium finds on a host (defined with virsh,
// virt-manager or another Atrium) are shown, followed and forgotten here.

#include "engineprivate.h"

#include "base/continuation.h"
#include "model/workspacevalidator.h"

namespace Atrium {

using namespace EngineDetail;

namespace {

constexpr int kMaxAdoptedNameLength = 255;

WorkspaceType detectType(const DomainDetails &d)
{
    if (d.atrium && !d.atrium->type.isEmpty()) {
        if (auto type = workspaceTypeFromString(d.atrium->type); type && isVmType(*type))
            return *type;
    }
    return d.windowsHints ? WorkspaceType::Windows : WorkspaceType::Linux;
}

WorkspaceStatus statusFor(DomainState state)
{
    if (state == DomainState::Paused || state == DomainState::Suspended)
        return WorkspaceStatus::Paused;
    return isDomainActive(state) ? WorkspaceStatus::Running : WorkspaceStatus::Available;
}

/// The workspace id a found domain gets: what its metadata says, else one derived from its
/// UUID, so that every Atrium that finds it calls it the same.
QString idFor(const DomainInfo &domain)
{
    const DomainDetails &d = *domain.details;
    if (d.atrium && isValidWorkspaceId(d.atrium->workspaceId))
        return d.atrium->workspaceId;
    return QStringLiteral("ws-") + QString(domain.uuid).remove(u'-');
}

}  // namespace

bool Engine::refreshFromDomain(Workspace &w, const DomainInfo &domain) const
{
    const DomainDetails &d = *domain.details;
    const Workspace before = w;
    QString name = (d.title.trimmed().isEmpty() ? d.name : d.title).simplified();
    w.name = name.left(kMaxAdoptedNameLength);
    if (d.atrium && !d.atrium->description.isEmpty())
        w.description = d.atrium->description;
    else if (!d.createdByAtrium())
        w.description = d.description.trimmed();
    w.type = detectType(d);
    w.connectionType = ConnectionType::Vnc;
    w.resources.cpus = d.vcpus;
    w.resources.memoryMb = d.memoryMb;
    if (const qint64 bytes = d.storageBytes(); bytes > 0 || w.adopted)
        w.resources.storageMb = bytes / (1024 * 1024);
    w.domainUuid = domain.uuid;
    if (d.atrium) {
        if (!d.atrium->ownerId.isEmpty() && identity(d.atrium->ownerId))
            w.ownerId = d.atrium->ownerId;  // an owner another Atrium knows is nobody here
        if (auto policy = restartPolicyFromString(d.atrium->restartPolicy)) {
            w.config.restartPolicy = *policy;
            w.config.maxRestarts = d.atrium->maxRestarts;
        }
        if (!d.atrium->ttl.isEmpty()) {
            w.config.ttl = d.atrium->ttl;
            w.config.ttlAction = ttlActionFromString(d.atrium->ttlAction).value_or(TtlAction::Stop);
        }
    }
    return !(w == before);
}

Workspace Engine::workspaceFromDomain(const QString &uri, const DomainInfo &domain, const QString &id) const
{
    Workspace w;
    w.id = id;
    // A domain another Atrium created (its metadata says so) is Atrium's own here too.
    w.adopted = !(domain.details && domain.details->createdByAtrium());
    w.hostUri = uri;
    w.domainName = domain.name;
    w.requiresNetbird = false;
    w.icon = QStringLiteral("default");
    w.status = statusFor(domain.state);
    w.createdAt = w.updatedAt = now();
    if (w.status != WorkspaceStatus::Available)
        w.startedAt = w.createdAt;
    refreshFromDomain(w, domain);
    return w;
}

bool Engine::showsDomain(const QString &uri, const DomainInfo &domain) const
{
    LibvirtHost *host = m_hosts.host(uri);
    if (!host || !domain.details)
        return false;
    const HostSettings settings = host->settings();
    if (settings.forgottenDomains.contains(domain.uuid))
        return false;
    return settings.showForeignDomains || domain.details->createdByAtrium();
}

void Engine::adoptDomain(const QString &uri, const DomainInfo &domain, ChangeSet &changes)
{
    if (!domain.details || !showsDomain(uri, domain))
        return;
    const DomainDetails &d = *domain.details;
    QString id = idFor(domain);
    if (m_busy.contains(id))
        return;  // Atrium's own launch is defining it; that flow binds it
    if (auto known = m_workspaces.constFind(id); known != m_workspaces.constEnd()) {
        if (known->provider() == ProviderKind::Libvirt && known->domainName.isEmpty() && effectiveHostUri(*known) == uri) {
            // One of ours whose domain this Atrium had lost (a reset store, a second Atrium
            // with the same catalog): it is that workspace again.
            Workspace w = *known;
            w.domainName = domain.name;
            w.domainUuid = domain.uuid;
            w.hostUri = uri;
            w.status = statusFor(domain.state);
            w.updatedAt = now();
            changes.workspaces << w;
            changes.events << event(w.id, WorkspaceEvent::Kind::Lifecycle,
                                    QStringLiteral("found its domain %1 on %2").arg(domain.name, uri));
            return;
        }
        if (known->domainName == domain.name && effectiveHostUri(*known) == uri)
            return;
        // The same id on another domain (a copied definition, one catalog on two hosts).
        id = QStringLiteral("ws-") + QString(domain.uuid).remove(u'-');
        if (m_workspaces.contains(id))
            return;
    }
    for (const Workspace &pending : std::as_const(changes.workspaces)) {
        if (pending.id == id)
            return;
    }
    const Workspace w = workspaceFromDomain(uri, domain, id);
    changes.workspaces << w;
    const QString detail = QStringLiteral("found domain %1 on %2 (%3, %4 vCPU, %5 MiB%6)")
                               .arg(domain.name, uri, nameOf(domain.state))
                               .arg(d.vcpus)
                               .arg(d.memoryMb)
                               .arg(d.createdByAtrium() ? QStringLiteral(", created by an Atrium") : QString());
    changes.events << event(w.id, WorkspaceEvent::Kind::Lifecycle, detail);
    changes.audit << auditEntry(Actor::system(), QStringLiteral("adopt_domain"), workspaceTarget(w.id), true, detail);
}

void Engine::dropAdopted(const Workspace &w, const QString &why, ChangeSet &changes)
{
    changes.deletedWorkspaces << w.id;
    changes.sessions << endActiveSessions(w.id, SessionStatus::Terminated);
    changes.audit << auditEntry(Actor::system(), QStringLiteral("drop_domain"), workspaceTarget(w.id), true,
                                QStringLiteral("%1 (domain %2 on %3) left the catalog: %4")
                                    .arg(w.name, w.domainName, effectiveHostUri(w), why));
    m_domainDetails.remove(w.id);
}

void Engine::followDomainDefinition(const DomainEvent &e)
{
    LibvirtHost *host = m_hosts.host(e.hostUri);
    if (!host)
        return;
    continueOn(host->domainDetails(e.domainName), this, [this, e](const Result<DomainInfo> &found) {
        ChangeSet changes;
        Workspace *w = workspaceForDomain(e.hostUri, e.domainName);
        if (!found) {
            if (found.error().code == ErrorCode::NotFound && w && w->adopted)
                dropAdopted(*w, QStringLiteral("it is no longer defined"), changes);
            commit(changes);
            return;
        }
        if (!w) {
            adoptDomain(e.hostUri, *found, changes);
        } else {
            m_domainDetails.insert(w->id, *found->details);
            if (w->adopted && !m_busy.contains(w->id)) {
                if (!showsDomain(e.hostUri, *found)) {
                    dropAdopted(*w, QStringLiteral("the host no longer shows domains Atrium did not create"), changes);
                } else if (Workspace updated = *w; refreshFromDomain(updated, *found)) {
                    updated.updatedAt = now();
                    changes.workspaces << updated;
                    changes.events << event(updated.id, WorkspaceEvent::Kind::Domain,
                                            QStringLiteral("domain %1 was redefined on the host").arg(e.domainName));
                }
            }
        }
        for (const Workspace &adopted : std::as_const(changes.workspaces))
            m_domainDetails.insert(adopted.id, *found->details);
        commit(changes);
    });
}

DomainEdit Engine::domainEditFor(const Workspace &before, const Workspace &after) const
{
    DomainEdit edit;
    if (after.adopted) {
        // Atrium's own domains get these from their definition at the next launch.
        if (after.name != before.name)
            edit.title = after.name;
        if (after.resources.cpus != before.resources.cpus)
            edit.vcpus = after.resources.cpus;
        if (after.resources.memoryMb != before.resources.memoryMb)
            edit.memoryMb = after.resources.memoryMb;
    }
    if (const AtriumMetadata metadata = metadataFor(after); !(metadata == metadataFor(before)))
        edit.metadata = metadata;
    return edit;
}

QStringList Engine::describeDomainEdit(const Workspace &before, const DomainEdit &edit) const
{
    QStringList lines;
    if (edit.title)
        lines << QStringLiteral("<title>: '%1' \u2192 '%2'").arg(before.name, *edit.title);
    if (edit.vcpus)
        lines << QStringLiteral("<vcpu>: %1 \u2192 %2 (from the next boot)").arg(before.resources.cpus).arg(*edit.vcpus);
    if (edit.memoryMb) {
        lines << QStringLiteral("<memory>, <currentMemory>: %1 MiB \u2192 %2 MiB (from the next boot)")
                     .arg(before.resources.memoryMb)
                     .arg(*edit.memoryMb);
    }
    if (edit.metadata) {
        const AtriumMetadata was = metadataFor(before);
        const AtriumMetadata &will = *edit.metadata;
        QStringList what;
        if (will.type != was.type)
            what << QStringLiteral("type %1").arg(will.type);
        if (will.ownerId != was.ownerId)
            what << (will.ownerId.isEmpty() ? QStringLiteral("no owner") : QStringLiteral("owner %1").arg(will.ownerId));
        if (will.description != was.description)
            what << QStringLiteral("description");
        if (will.restartPolicy != was.restartPolicy || will.maxRestarts != was.maxRestarts) {
            what << (will.restartPolicy.isEmpty() ? QStringLiteral("no restart policy")
                                                  : QStringLiteral("restart %1 (at most %2)").arg(will.restartPolicy).arg(will.maxRestarts));
        }
        if (will.ttl != was.ttl || will.ttlAction != was.ttlAction)
            what << (will.ttl.isEmpty() ? QStringLiteral("no TTL") : QStringLiteral("TTL %1, then %2").arg(will.ttl, will.ttlAction));
        lines << QStringLiteral("<metadata> (Atrium's own element): %1").arg(what.join(QStringLiteral(", ")));
    }
    return lines;
}

void Engine::writeToDomain(const Actor &actor, const Workspace &w, const DomainEdit &edit)
{
    LibvirtHost *host = hostFor(w);
    if (!host)
        return;
    QStringList what;
    if (edit.title)
        what << QStringLiteral("title");
    if (edit.vcpus)
        what << QStringLiteral("vcpu");
    if (edit.memoryMb)
        what << QStringLiteral("memory");
    if (edit.metadata)
        what << QStringLiteral("Atrium's metadata");
    const QString id = w.id;
    const QString domain = w.domainName;
    const QString uri = host->uri();
    const bool adopted = w.adopted;
    continueOn(host->editDomain(domain, edit), this, [this, actor, id, domain, uri, adopted, what](const Result<void> &done) {
        ChangeSet changes;
        const QString detail = done ? QStringLiteral("domain %1: changed %2").arg(domain, what.join(QStringLiteral(", ")))
                                    : done.error().message;
        if (m_workspaces.contains(id))
            changes.events << event(id, WorkspaceEvent::Kind::Domain, detail);
        changes.audit << auditEntry(actor, QStringLiteral("update_domain"), workspaceTarget(id), bool(done), detail);
        commit(changes);
        if (!done && adopted) {
            // The catalog shows what the host has, not what was asked for.
            DomainEvent reread;
            reread.hostUri = uri;
            reread.domainName = domain;
            reread.kind = DomainEventKind::Defined;
            followDomainDefinition(reread);
        }
    });
}

std::optional<DomainDetails> Engine::domainDetails(const QString &workspaceId) const
{
    return m_domainDetails.value(workspaceId);
}

}  // namespace Atrium
