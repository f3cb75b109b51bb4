// Engine: construction, the catalog's reads, and the one way every change is written.

#include "engineprivate.h"

#include "healthchecks.h"
#include "lifecyclepolicies.h"

#include "model/defaultcatalog.h"
#include "providers/tunnelprobe.h"

#include <QFileInfo>

namespace Atrium {

Q_LOGGING_CATEGORY(lcEngine, "atrium.engine")

using namespace EngineDetail;

Engine::Engine(Store &store, HostRegistry &hosts, const TunnelProbe &tunnel, EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hosts(hosts)
    , m_tunnel(tunnel)
    , m_options(std::move(options))
    , m_consoleTickets([this] { return now(); })
{
    if (!m_options.clock)
        m_options.clock = [] { return QDateTime::currentDateTimeUtc(); };
    // A browser console lives no longer than its session.
    connect(this, &Engine::sessionChanged, this, [this](const Session &session) {
        if (session.isActive())
            return;
        // A VM that stopped on its own may run again: its browser consoles wait for it, as the
        // desktop viewer does. Anything else ends them.
        const auto w = workspace(session.workspaceId);
        if (session.status == SessionStatus::Terminated && w && w->provider() == ProviderKind::Libvirt && !w->userRequestedStop)
            m_consoleTickets.orphanSession(session.id);
        else
            m_consoleTickets.forgetSession(session.id);
    });
    connect(&m_hosts, &HostRegistry::domainEvent, this, &Engine::handleDomainEvent);
    connect(&m_hosts, &HostRegistry::hostChanged, this, &Engine::handleHostChanged);
    connect(&m_hosts, &HostRegistry::hostAdded, this, &Engine::hostAdded);
    connect(&m_hosts, &HostRegistry::hostRemoved, this, &Engine::hostRemoved);
    m_policies = new LifecyclePolicies(*this);
    m_healthChecks = new HealthChecks(*this, m_options.healthCheckInterval);
    if (m_options.useKeychain) {
        m_keychain = new HostKeychain(QStringLiteral("Atrium"), this);
        connect(m_keychain, &HostKeychain::availabilityKnown, this, &Engine::keychainAvailabilityKnown);
    }
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

    // The Workspaces API: an empty catalog starts with the five default workspaces.
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
    if (m_keychain)
        m_keychain->probe();
    for (const LibvirtHost *host : m_hosts.hosts()) {
        if (host->isConnected())
            reconcileHost(host->uri());
        if (host->info().state == HostState::NeedsCredentials)
            offerKeptCredentials(host->info());
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

std::optional<Identity> Engine::identity(const QString &identityId) const
{
    if (identityId.isEmpty())
        return std::nullopt;
    auto found = m_store.identity(identityId);
    return found ? *found : std::nullopt;
}

QString Engine::dataDirectory() const
{
    return QFileInfo(m_store.path()).absolutePath();
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
    // Sessions count too: the Workspaces API's status says whether a workspace is in use.
    if (changes.deleteAllWorkspaces || !changes.deletedWorkspaces.isEmpty() || !changes.workspaces.isEmpty()
        || !changes.sessions.isEmpty())
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

std::unexpected<Error> Engine::recordFailure(const ChangeSet &changes, Error error)
{
    // The operation failed whatever the store does; a record it refuses is logged (by commit()).
    commit(changes);
    return std::unexpected(std::move(error));
}

std::unexpected<Error> Engine::refuse(const Actor &actor, const QString &action, const QString &target, Error error)
{
    ChangeSet changes;
    changes.audit << auditEntry(actor, action, target, false, error.message);
    return recordFailure(changes, std::move(error));
}

bool Engine::canModify(const Actor &actor, const Workspace &workspace) const
{
    return actor.isAdmin() || (!workspace.ownerId.isEmpty() && workspace.ownerId == actor.identity.id);
}

}  // namespace Atrium
