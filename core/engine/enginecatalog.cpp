// Engine: the catalog — creating, updating, deleting and resetting workspaces.

#include "engineprivate.h"

#include "base/continuation.h"
#include "model/defaultcatalog.h"
#include "model/units.h"
#include "model/workspacevalidator.h"

namespace Atrium {

using namespace EngineDetail;

namespace {

/// The names of the fields a patch sets, for the audit log.
QStringList patchedFields(const WorkspacePatch &p)
{
    QStringList fields;
    auto add = [&fields](const auto &value, const char *name) {
        if (value)
            fields << QString::fromLatin1(name);
    };
    add(p.name, "name");
    add(p.description, "description");
    add(p.type, "type");
    add(p.status, "status");
    add(p.icon, "icon");
    add(p.imageUrl, "image_url");
    add(p.url, "url");
    add(p.connectionType, "connection_type");
    add(p.requiresNetbird, "requires_netbird");
    add(p.cpus, "cpu");
    add(p.memoryMb, "memory");
    add(p.storageMb, "storage");
    add(p.gpu, "gpu");
    add(p.gpuType, "gpu_type");
    add(p.environmentType, "environment_type");
    add(p.image, "image");
    add(p.projectId, "project_id");
    add(p.organizationId, "organization_id");
    add(p.volumeIds, "volume_ids");
    add(p.namespaceName, "namespace");
    add(p.mode, "mode");
    add(p.config, "config");
    add(p.ownerId, "owner");
    add(p.hostUri, "host");
    add(p.healthChecks, "health_checks");
    return fields;
}

/// Status changes a person may ask for; the others are facts Atrium observes.
Result<WorkspaceStatus> requestedStatus(const Workspace &current, WorkspaceStatus wanted)
{
    if (wanted != WorkspaceStatus::Available && wanted != WorkspaceStatus::Stopped) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("status: '%1' cannot be set by hand; launch or stop the workspace instead "
                                   "(you may set 'available' or 'stopped')")
                        .arg(nameOf(wanted)),
                    QStringLiteral("status"));
    }
    if (current.isActive() && wanted != current.status) {
        return fail(ErrorCode::Conflict,
                    QStringLiteral("Workspace is %1; stop it before setting its status to '%2'")
                        .arg(nameOf(current.status), nameOf(wanted)));
    }
    return wanted;
}

}  // namespace

// --- catalog -----------------------------------------------------------------

Result<Workspace> Engine::createWorkspace(const Actor &actor, const WorkspacePatch &patch)
{
    Workspace w = applyPatch(Workspace{}, patch);
    if (patch.id) {
        if (m_workspaces.contains(*patch.id))
            return fail(ErrorCode::Conflict, QStringLiteral("A workspace with id '%1' already exists").arg(*patch.id), QStringLiteral("id"));
    } else {
        do {
            w.id = generateWorkspaceId();
        } while (m_workspaces.contains(w.id));
    }
    if (w.ownerId.isEmpty() ? !actor.isAdmin() : !(actor.isAdmin() || w.ownerId == actor.identity.id))
        return fail(Error::adminRequired());
    if (patch.status) {
        if (auto status = requestedStatus(w, *patch.status); !status)
            return fail(status.error());
    }
    if (!w.hostUri.isEmpty() && !m_hosts.host(w.hostUri))
        return fail(ErrorCode::HostNotFound, QStringLiteral("host: '%1' is not one of Atrium's hosts").arg(w.hostUri), QStringLiteral("host"));
    w.statusMessage.clear();
    w.domainName.clear();
    w.createdAt = w.updatedAt = now();
    if (auto ok = validateWorkspace(w); !ok)
        return fail(ok.error());

    ChangeSet changes;
    changes.workspaces << w;
    changes.events << event(w.id, WorkspaceEvent::Kind::Lifecycle,
                            QStringLiteral("created by %1").arg(actor.identity.email));
    changes.audit << auditEntry(actor, QStringLiteral("create_workspace"), workspaceTarget(w.id), true,
                                QStringLiteral("Created workspace: %1").arg(w.name));
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    return w;
}

Result<Engine::PlannedUpdate> Engine::planUpdate(const Actor &actor, const QString &id, const WorkspacePatch &patch) const
{
    auto current = visibleWorkspace(actor, id);
    if (!current)
        return fail(current.error());
    if (!canModify(actor, *current))
        return fail(Error::adminRequired());
    if (patch.id && *patch.id != id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("id cannot be changed"), QStringLiteral("id"));
    if (patch.isEmpty())
        return PlannedUpdate{*current, *current, {}};

    const bool isVm = current->provider() == ProviderKind::Libvirt;
    const bool provisioned = !current->domainName.isEmpty();
    if (isVm && current->isActive() && changesResources(*current, patch)) {
        return fail(ErrorCode::Conflict,
                    QStringLiteral("Resources can only be changed while the workspace is stopped (it is %1)")
                        .arg(nameOf(current->status)));
    }
    if (patch.type && providerFor(*patch.type) != current->provider() && (provisioned || current->isActive())) {
        return fail(ErrorCode::Conflict,
                    QStringLiteral("type: a provisioned VM cannot become a remote endpoint (or the other way "
                                   "round); create a new workspace instead"),
                    QStringLiteral("type"));
    }
    if (patch.hostUri && *patch.hostUri != current->hostUri && provisioned) {
        return fail(ErrorCode::Conflict,
                    QStringLiteral("host: the domain of this workspace lives on %1; it cannot move")
                        .arg(effectiveHostUri(*current)),
                    QStringLiteral("host"));
    }
    if (patch.hostUri && !patch.hostUri->isEmpty() && !m_hosts.host(*patch.hostUri))
        return fail(ErrorCode::HostNotFound, QStringLiteral("host: '%1' is not one of Atrium's hosts").arg(*patch.hostUri), QStringLiteral("host"));
    if (patch.ownerId && !actor.isAdmin())
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required to change the owner"));
    const bool newStorage = patch.storageMb && *patch.storageMb != current->resources.storageMb;
    const bool newImage = patch.image && *patch.image != current->image;
    if (current->adopted && (newStorage || newImage)) {
        const QString field = newStorage ? QStringLiteral("storage") : QStringLiteral("image");
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1: domain %2 was not created by Atrium; its disks are changed on the host")
                        .arg(field, current->domainName),
                    field);
    }

    Workspace updated = applyPatch(*current, patch);
    if (patch.status) {
        auto status = requestedStatus(*current, *patch.status);
        if (!status)
            return fail(status.error());
        updated.status = *status;
        if (!current->isActive())
            updated.statusMessage.clear();
    }
    // A domain Atrium found may be outside what Atrium would create (a 32 MiB guest, 512 vCPUs):
    // only what the patch changes has to be valid.
    if (auto ok = current->adopted ? validateChanges(*current, updated) : validateWorkspace(updated); !ok)
        return fail(ok.error());
    updated.updatedAt = now();
    const DomainEdit edit = provisioned ? domainEditFor(*current, updated) : DomainEdit{};
    if (current->adopted && !edit.isEmpty()) {
        LibvirtHost *host = hostFor(updated);
        if (!host || !host->isConnected()) {
            return fail(ErrorCode::VmUnavailable, QStringLiteral("Host %1 is not connected; domain %2 cannot be changed now")
                                                      .arg(effectiveHostUri(*current), current->domainName));
        }
    }
    return PlannedUpdate{*current, updated, edit};
}

Result<QStringList> Engine::previewUpdate(const Actor &actor, const QString &id, const WorkspacePatch &patch) const
{
    auto plan = planUpdate(actor, id, patch);
    if (!plan)
        return fail(plan.error());
    return describeDomainEdit(plan->before, plan->edit);
}

Result<Workspace> Engine::updateWorkspace(const Actor &actor, const QString &id, const WorkspacePatch &patch)
{
    auto plan = planUpdate(actor, id, patch);
    if (!plan)
        return fail(plan.error());
    if (patch.isEmpty())
        return plan->after;
    ChangeSet changes;
    changes.workspaces << plan->after;
    changes.audit << auditEntry(actor, QStringLiteral("update_workspace"), workspaceTarget(id), true,
                                QStringLiteral("Updated %1").arg(patchedFields(patch).join(QStringLiteral(", "))));
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    if (!plan->edit.isEmpty()) {
        if (LibvirtHost *host = hostFor(plan->after); host && host->isConnected())
            writeToDomain(actor, plan->after, plan->edit);
    }
    return plan->after;
}

QFuture<Result<void>> Engine::deleteWorkspace(const Actor &actor, const QString &id, DomainRemoval removal)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<void>(fail(workspace.error()));
    if (!canModify(actor, *workspace))
        return ready<void>(fail(Error::adminRequired()));
    Workspace w = *workspace;
    if (w.status == WorkspaceStatus::Pending || w.status == WorkspaceStatus::Stopping || m_busy.contains(id))
        return ready<void>(fail(ErrorCode::Conflict, QStringLiteral("Workspace is busy (%1); try again when it settles").arg(nameOf(w.status))));

    if (w.provider() != ProviderKind::Libvirt || w.domainName.isEmpty())
        return ready(finishDelete(actor, id, QStringList{}, w.status));
    if (removal == DomainRemoval::Forget || (removal == DomainRemoval::Default && w.adopted))
        return ready(forgetWorkspace(actor, w));
    if (!actor.isAdmin() && w.adopted)
        return ready<void>(fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required to undefine a domain Atrium did not create")));

    LibvirtHost *host = hostFor(w);
    if (!host || !host->isConnected()) {
        return ready<void>(fail(ErrorCode::VmUnavailable,
                                QStringLiteral("Host %1 is not connected; domain %2 cannot be removed now")
                                    .arg(effectiveHostUri(w), w.domainName)));
    }
    const WorkspaceStatus before = w.status;
    w.status = WorkspaceStatus::Stopping;
    w.statusMessage = QStringLiteral("removing domain %1").arg(w.domainName);
    ChangeSet removing;
    removing.workspaces << w;
    if (auto ok = commit(removing); !ok)
        return ready<void>(fail(ok.error()));
    m_busy.insert(id);
    auto finish = [this, actor, id, before](const Result<QStringList> &removed) {
        m_busy.remove(id);
        return finishDelete(actor, id, removed, before);
    };
    if (w.adopted)
        return continueOn(host->undefine(w.domainName, removal == DomainRemoval::UndefineWithDisks), this, finish);
    const QString domain = w.domainName;
    auto removed = continueOn(host->remove(domain), this, [domain](const Result<void> &done) -> Result<QStringList> {
        if (!done)
            return fail(done.error());
        return QStringList{QStringLiteral("removed domain %1 and its disk").arg(domain)};
    });
    return continueOn(removed, this, finish);
}

Result<void> Engine::forgetWorkspace(const Actor &actor, const Workspace &w)
{
    ChangeSet changes;
    changes.deletedWorkspaces << w.id;
    changes.sessions = endActiveSessions(w.id, SessionStatus::Terminated);
    LibvirtHost *host = m_hosts.host(effectiveHostUri(w));
    if (host && !w.domainUuid.isEmpty()) {
        HostSettings settings = host->settings();
        if (!settings.forgottenDomains.contains(w.domainUuid))
            settings.forgottenDomains << w.domainUuid;
        changes.hostSettings << settings;
    }
    changes.audit << auditEntry(actor, QStringLiteral("delete_workspace"), workspaceTarget(w.id), true,
                                QStringLiteral("Forgot %1: domain %2 stays on %3").arg(w.name, w.domainName, effectiveHostUri(w)));
    if (auto ok = commit(changes); !ok)
        return ok;
    if (host && !changes.hostSettings.isEmpty())
        host->applySettings(changes.hostSettings.first());
    m_domainDetails.remove(w.id);
    return {};
}

Result<void> Engine::finishDelete(const Actor &actor, const QString &id, const Result<QStringList> &removed,
                                  WorkspaceStatus previousStatus)
{
    auto current = workspace(id);
    if (!current)
        return fail(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"));
    ChangeSet changes;
    if (!removed) {
        Workspace w = *current;
        w.status = previousStatus == WorkspaceStatus::Running ? WorkspaceStatus::Error : previousStatus;
        w.statusMessage = removed.error().message;
        changes.workspaces << w;
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("delete failed: ") + removed.error().message);
        changes.audit << auditEntry(actor, QStringLiteral("delete_workspace"), workspaceTarget(id), false, removed.error().message);
        return recordFailure(changes, removed.error());
    }
    changes.deletedWorkspaces << id;
    changes.sessions = endActiveSessions(id, SessionStatus::Terminated);
    changes.audit << auditEntry(actor, QStringLiteral("delete_workspace"), workspaceTarget(id), true,
                                removed->isEmpty() ? QStringLiteral("Deleted %1").arg(current->name)
                                                   : QStringLiteral("Deleted %1: %2").arg(current->name, removed->join(QStringLiteral("; "))));
    m_domainDetails.remove(id);
    return commit(changes);
}

QFuture<Result<int>> Engine::resetWorkspaces(const Actor &actor)
{
    if (!actor.isAdmin())
        return ready<int>(fail(Error::adminRequired()));
    if (!m_busy.isEmpty()) {
        return ready<int>(fail(ErrorCode::Conflict,
                               QStringLiteral("%1 workspace(s) are starting or stopping; reset when they settle").arg(m_busy.size())));
    }

    // Atrium's domains go with their workspaces; hosts that are down keep theirs.
    struct Removal {
        int pending = 0;
        QStringList problems;
    };
    auto removal = std::make_shared<Removal>();
    auto promise = std::make_shared<QPromise<Result<int>>>();
    promise->start();
    QFuture<Result<int>> future = promise->future();

    auto finish = [this, actor, removal, promise] {
        ChangeSet changes;
        changes.deleteAllWorkspaces = true;
        changes.workspaces = defaultWorkspaces(now());
        for (const Session &s : std::as_const(m_activeSessions)) {
            Session ended = s;
            ended.status = SessionStatus::Terminated;
            ended.endedAt = now();
            changes.sessions << ended;
        }
        QString detail = QStringLiteral("Reset to %1 default workspaces").arg(changes.workspaces.size());
        if (!removal->problems.isEmpty())
            detail += QStringLiteral("; left behind: ") + removal->problems.join(QStringLiteral("; "));
        changes.audit << auditEntry(actor, QStringLiteral("reset_workspaces"), QStringLiteral("workspaces"), true, detail);
        const int count = int(changes.workspaces.size());
        m_busy.clear();
        if (auto ok = commit(changes); !ok)
            settle<int>(promise, fail(ok.error()));
        else
            settle<int>(promise, count);
    };

    for (const Workspace &w : std::as_const(m_workspaces)) {
        // A domain Atrium found is not Atrium's to remove: it is found again after the reset.
        if (w.provider() != ProviderKind::Libvirt || w.domainName.isEmpty() || w.adopted)
            continue;
        LibvirtHost *host = hostFor(w);
        if (!host || !host->isConnected()) {
            removal->problems << QStringLiteral("domain %1 on %2 (host not connected)").arg(w.domainName, effectiveHostUri(w));
            continue;
        }
        ++removal->pending;
        m_busy.insert(w.id);
        const QString domain = w.domainName;
        const QString uri = host->uri();
        continueOn(host->remove(domain), this, [removal, finish, domain, uri](const Result<void> &removed) {
            if (!removed)
                removal->problems << QStringLiteral("domain %1 on %2 (%3)").arg(domain, uri, removed.error().message);
            if (--removal->pending == 0)
                finish();
        });
    }
    if (removal->pending == 0)
        finish();
    return future;
}

}  // namespace Atrium
