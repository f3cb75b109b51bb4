#include "engine.h"

#include "healthchecks.h"
#include "lifecyclepolicies.h"

#include "model/defaultcatalog.h"
#include "model/units.h"
#include "model/workspacevalidator.h"
#include "providers/hostregistry.h"
#include "providers/tunnelprobe.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUrl>

namespace Atrium {

Q_LOGGING_CATEGORY(lcEngine, "atrium.engine")

namespace {

QString workspaceTarget(const QString &id)
{
    return QStringLiteral("workspace:") + id;
}

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

Engine::Engine(Store &store, HostRegistry &hosts, const TunnelProbe &tunnel, EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hosts(hosts)
    , m_tunnel(tunnel)
    , m_options(std::move(options))
{
    if (!m_options.clock)
        m_options.clock = [] { return QDateTime::currentDateTimeUtc(); };
    connect(&m_hosts, &HostRegistry::domainEvent, this, &Engine::handleDomainEvent);
    connect(&m_hosts, &HostRegistry::hostChanged, this, &Engine::handleHostChanged);
    connect(&m_hosts, &HostRegistry::hostAdded, this, &Engine::handleHostChanged);
    m_policies = new LifecyclePolicies(*this);
    m_healthChecks = new HealthChecks(*this, m_options.healthCheckInterval);
    connect(&m_reconcileTimer, &QTimer::timeout, this, [this] {
        for (const LibvirtHost *host : m_hosts.hosts()) {
            if (host->isConnected())
                reconcileHost(host->uri());
        }
    });
}

Engine::~Engine() = default;

QDateTime Engine::now() const
{
    return m_options.clock();
}

Result<void> Engine::start()
{
    auto loaded = m_store.workspaces();
    if (!loaded)
        return fail(loaded.error());
    // Moved, not copied: a copy touches every string's reference count, 10,000 times over.
    m_workspaces.reserve(loaded->size());
    m_order.reserve(loaded->size());
    for (Workspace &w : *loaded) {
        m_order.append(w.id);
        m_workspaces.emplace(w.id, std::move(w));  // QHash::insert takes only a const reference
    }
    SessionQuery activeOnly;
    activeOnly.status = SessionStatus::Active;
    activeOnly.limit = 1000000;
    auto active = m_store.sessions(activeOnly);
    if (!active)
        return fail(active.error());
    for (const Session &s : *active)
        m_activeSessions.insert(s.id, s);

    // Document 000: an empty catalog starts with the five default workspaces.
    if (m_workspaces.isEmpty()) {
        ChangeSet seed;
        seed.workspaces = defaultWorkspaces(now());
        seed.audit << auditEntry(Actor::system(), QStringLiteral("seed_defaults"), QStringLiteral("workspaces"), true,
                                 QStringLiteral("created the %1 default workspaces").arg(seed.workspaces.size()));
        if (auto ok = commit(seed); !ok)
            return ok;
    }
    m_reconcileTimer.start(m_options.reconcileInterval);
    m_policies->start();
    m_healthChecks->start();
    for (const LibvirtHost *host : m_hosts.hosts()) {
        if (host->isConnected())
            reconcileHost(host->uri());
    }
    ++m_revision;
    return {};
}

// --- reads -----------------------------------------------------------------

QList<Workspace> Engine::workspaces() const
{
    QList<Workspace> list;
    list.reserve(m_order.size());
    for (const QString &id : m_order)
        list.append(m_workspaces.value(id));
    return list;
}

void Engine::forEachWorkspace(const std::function<void(const Workspace &)> &visit) const
{
    for (const QString &id : m_order)
        visit(*m_workspaces.constFind(id));
}

QList<Workspace> Engine::visibleWorkspaces(const Actor &actor) const
{
    if (actor.isAdmin())
        return workspaces();
    QList<Workspace> list;
    for (const QString &id : m_order) {
        const Workspace &w = *m_workspaces.constFind(id);
        if (w.ownerId.isEmpty() || w.ownerId == actor.identity.id)
            list.append(w);
    }
    return list;
}

std::optional<Workspace> Engine::workspace(const QString &id) const
{
    const auto it = m_workspaces.constFind(id);
    if (it == m_workspaces.constEnd())
        return std::nullopt;
    return *it;
}

Result<Workspace> Engine::visibleWorkspace(const Actor &actor, const QString &id) const
{
    const auto it = m_workspaces.constFind(id);
    if (it == m_workspaces.constEnd()
        || (!actor.isAdmin() && !it->ownerId.isEmpty() && it->ownerId != actor.identity.id)) {
        return fail(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"));
    }
    return *it;
}

Result<QList<Session>> Engine::sessions(const SessionQuery &query) const
{
    return m_store.sessions(query);
}

Result<Session> Engine::visibleSession(const Actor &actor, const QString &id) const
{
    if (auto it = m_activeSessions.constFind(id); it != m_activeSessions.constEnd()) {
        if (it->userId == actor.identity.id || actor.isAdmin())
            return *it;
        return fail(ErrorCode::SessionNotFound, QStringLiteral("Session not found"));
    }
    auto stored = m_store.session(id);
    if (!stored)
        return fail(stored.error());
    if (!*stored || ((*stored)->userId != actor.identity.id && !actor.isAdmin()))
        return fail(ErrorCode::SessionNotFound, QStringLiteral("Session not found"));
    return **stored;
}

QList<Session> Engine::activeSessions() const
{
    QList<Session> list = m_activeSessions.values();
    std::sort(list.begin(), list.end(), [](const Session &a, const Session &b) { return a.startedAt > b.startedAt; });
    return list;
}

Result<QList<AuditEntry>> Engine::audit(const AuditQuery &query) const
{
    return m_store.audit(query);
}

Result<int> Engine::auditCount(const AuditQuery &query) const
{
    return m_store.auditCount(query);
}

Result<QList<WorkspaceEvent>> Engine::workspaceEvents(const QString &workspaceId,
                                                      std::optional<WorkspaceEvent::Kind> kind, int limit) const
{
    return m_store.events(workspaceId, kind, limit);
}

TunnelStatus Engine::tunnelStatus() const
{
    return m_tunnel.status();
}

// --- plumbing ----------------------------------------------------------------

AuditEntry Engine::auditEntry(const Actor &actor, const QString &action, const QString &target, bool success,
                              const QString &detail) const
{
    AuditEntry entry;
    entry.at = now();
    entry.actorId = actor.identity.id;
    entry.actorEmail = actor.identity.email;
    entry.action = action;
    entry.target = target;
    entry.success = success;
    entry.detail = detail;
    return entry;
}

WorkspaceEvent Engine::event(const QString &workspaceId, WorkspaceEvent::Kind kind, const QString &message) const
{
    WorkspaceEvent e;
    e.workspaceId = workspaceId;
    e.at = now();
    e.kind = kind;
    e.message = message;
    return e;
}

Result<void> Engine::commit(const ChangeSet &changes)
{
    if (auto ok = m_store.apply(changes); !ok) {
        qCWarning(lcEngine).noquote() << "store refused a change:" << ok.error().message;
        return ok;
    }
    // Mirror everything first, then signal, so every slot sees one consistent state.
    if (changes.deleteAllWorkspaces) {
        m_workspaces.clear();
        m_order.clear();
    }
    for (const QString &id : changes.deletedWorkspaces) {
        m_reachability.remove(id);
        m_workspaces.remove(id);
        m_order.removeOne(id);
    }
    QList<std::pair<Workspace, bool>> upserted;  // (workspace, was it new)
    for (const Workspace &w : changes.workspaces) {
        const auto previous = m_workspaces.constFind(w.id);
        const bool isNew = previous == m_workspaces.constEnd();
        if (!isNew && previous->url != w.url)
            m_reachability.remove(w.id);  // measured somewhere else
        m_workspaces.insert(w.id, w);
        if (isNew)
            m_order.append(w.id);
        upserted.append({w, isNew});
    }
    for (const Session &s : changes.sessions) {
        if (s.isActive())
            m_activeSessions.insert(s.id, s);
        else
            m_activeSessions.remove(s.id);
    }
    if (changes.deleteAllWorkspaces || !changes.deletedWorkspaces.isEmpty() || !changes.workspaces.isEmpty())
        ++m_revision;

    if (changes.deleteAllWorkspaces) {
        Q_EMIT catalogReset();
    } else {
        for (const QString &id : changes.deletedWorkspaces)
            Q_EMIT workspaceRemoved(id);
        for (const auto &[w, isNew] : upserted) {
            if (isNew)
                Q_EMIT workspaceAdded(w);
            else
                Q_EMIT workspaceChanged(w);
        }
    }
    for (const Session &s : changes.sessions)
        Q_EMIT sessionChanged(s);
    for (const AuditEntry &entry : changes.audit)
        Q_EMIT auditAppended(entry);
    return {};
}

bool Engine::canModify(const Actor &actor, const Workspace &workspace) const
{
    return actor.isAdmin() || (!workspace.ownerId.isEmpty() && workspace.ownerId == actor.identity.id);
}

QList<Session> Engine::endActiveSessions(const QString &workspaceId, SessionStatus status)
{
    QList<Session> ended;
    const QDateTime at = now();
    for (const Session &s : std::as_const(m_activeSessions)) {
        if (s.workspaceId != workspaceId)
            continue;
        Session copy = s;
        copy.status = status;
        copy.endedAt = at;
        ended.append(copy);
    }
    return ended;
}

QString Engine::effectiveHostUri(const Workspace &workspace) const
{
    if (!workspace.hostUri.isEmpty())
        return workspace.hostUri;
    const LibvirtHost *host = m_hosts.defaultHost();
    return host ? host->uri() : QString();
}

LibvirtHost *Engine::hostFor(const Workspace &workspace) const
{
    if (!workspace.hostUri.isEmpty())
        return m_hosts.host(workspace.hostUri);
    return m_hosts.defaultHost();
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
    return spec;
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
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required"));
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

Result<Workspace> Engine::updateWorkspace(const Actor &actor, const QString &id, const WorkspacePatch &patch)
{
    auto current = visibleWorkspace(actor, id);
    if (!current)
        return current;
    if (!canModify(actor, *current))
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required"));
    if (patch.id && *patch.id != id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("id cannot be changed"), QStringLiteral("id"));
    if (patch.isEmpty())
        return current;

    const bool isVm = current->provider() == ProviderKind::Libvirt;
    const bool provisioned = !current->domainName.isEmpty();
    if (isVm && current->isActive() && patch.touchesResources()) {
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

    Workspace updated = applyPatch(*current, patch);
    if (patch.status) {
        auto status = requestedStatus(*current, *patch.status);
        if (!status)
            return fail(status.error());
        updated.status = *status;
        if (!current->isActive())
            updated.statusMessage.clear();
    }
    if (auto ok = validateWorkspace(updated); !ok)
        return fail(ok.error());
    updated.updatedAt = now();

    ChangeSet changes;
    changes.workspaces << updated;
    changes.audit << auditEntry(actor, QStringLiteral("update_workspace"), workspaceTarget(id), true,
                                QStringLiteral("Updated %1").arg(patchedFields(patch).join(QStringLiteral(", "))));
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    return updated;
}

Result<void> Engine::addHost(const Actor &actor, const QString &uri)
{
    if (!actor.isAdmin())
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required"));
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
    changes.audit << auditEntry(actor, QStringLiteral("add_host"), QStringLiteral("host:") + trimmed, true);
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
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required"));
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
    HostSettings settings{uri, virtualization, {}, {}};
    QString detail = QStringLiteral("virtualization %1 -> %2").arg(nameOf(before.virtualization), nameOf(virtualization));
    if (!before.kvmFailure.isEmpty())
        detail += QStringLiteral("; forgot that KVM failed here (%1)").arg(before.kvmFailure);
    ChangeSet changes;
    changes.hostSettings << settings;
    changes.audit << auditEntry(actor, QStringLiteral("set_host_virtualization"), QStringLiteral("host:") + uri, true, detail);
    if (auto ok = commit(changes); !ok)
        return ok;
    host->applySettings(settings);
    return {};
}

Result<void> Engine::removeHost(const Actor &actor, const QString &uri)
{
    if (!actor.isAdmin())
        return fail(ErrorCode::AdminRequired, QStringLiteral("Admin access required"));
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
    changes.audit << auditEntry(actor, QStringLiteral("remove_host"), QStringLiteral("host:") + uri, true);
    if (auto ok = commit(changes); !ok)
        return ok;
    m_hosts.remove(uri);
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

}  // namespace Atrium
