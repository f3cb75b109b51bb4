#pragma once

#include "consoletickets.h"
#include "endpointprobe.h"
#include "images/imagecatalog.h"
#include "model/auditentry.h"
#include "model/consolestream.h"
#include "model/domain.h"
#include "model/error.h"
#include "model/host.h"
#include "model/identity.h"
#include "model/session.h"
#include "model/workspace.h"
#include "model/workspaceevent.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace Atrium {

class HealthChecks;
class HostKeychain;
class HostRegistry;
class LibvirtHost;
class LifecyclePolicies;
class Store;
class TunnelProbe;
struct ChangeSet;

struct EngineOptions {
    /// How long a guest gets to shut down gracefully before it is destroyed.
    std::chrono::milliseconds stopDeadline{30000};
    /// How often hosts' domain lists are compared with the catalog, to catch
    /// anything an event did not tell (a lost connection, a restart of Atrium).
    std::chrono::milliseconds reconcileInterval{60000};
    std::function<QDateTime()> clock;  ///< defaults to the current UTC time
    /// The images VMs boot on real hosts (none: VMs get blank disks).
    ImageCatalog images;
    /// How often remote endpoints whose owner opted in (`health_checks`) are probed.
    std::chrono::milliseconds healthCheckInterval{60000};
    /// Keep host credentials in the system keychain (QtKeychain) when an admin asks, and read
    /// them from there when a host asks. Off in tests that have no D-Bus session.
    bool useKeychain = false;
};

/// Why a remote endpoint is being probed (Atrium sends an endpoint nothing otherwise).
/// What deleting a VM workspace does to its domain.
enum class DomainRemoval {
    Default,            ///< Atrium's own domain: undefined with its disk; a found one: Forget
    Forget,             ///< the domain stays on the host, out of this Atrium's catalog
    Undefine,           ///< the domain is undefined; its disks stay (Atrium's own overlay goes)
    UndefineWithDisks,  ///< the domain is undefined and the volumes of its data disks deleted
};

enum class ProbeTrigger {
    Asked,       ///< someone asked (the API, the detail panel's "Check now")
    Launch,      ///< someone is connecting to it
    Background,  ///< its owner opted in to periodic checks
};

/// The security facts of a launch, as they are (the Workspaces API's `security` block).
struct SecurityFacts {
    bool encryptedTunnel = false;   ///< a NetBird tunnel was up and in the path
    bool identityVerified = false;  ///< the caller presented a valid credential
    bool mfaEnforced = false;       ///< Atrium performs no MFA itself
    bool sessionRecording = false;  ///< Atrium records no screens; it audits actions
    bool noOpenPorts = false;       ///< VM consoles go through libvirt, with no listening port
};

struct LaunchResult {
    Session session;  ///< empty id when the workspace was started without one
    Workspace workspace;
    SecurityFacts security;
};

/// The one door to Atrium's state. Owns the catalog, sessions, audit log and
/// lifecycle policies; the GUI and the REST API are equal clients. Every
/// mutation validates, writes one store transaction (with its audit entry) and
/// then emits change signals. Nothing here blocks on libvirt: operations that
/// need a hypervisor return a QFuture that finishes on this object's thread.
class Engine final : public QObject {
    Q_OBJECT

public:
    Engine(Store &store, HostRegistry &hosts, const TunnelProbe &tunnel, EngineOptions options = {},
           QObject *parent = nullptr);
    ~Engine() override;

    /// Loads the catalog, seeds the default workspaces when it is empty, and
    /// starts following the hosts.
    Result<void> start();
    /// The engine's clock: UTC now, or what EngineOptions::clock says.
    QDateTime now() const;

    // --- reads (engine.cpp) ---------------------------------------------------------

    QList<Workspace> workspaces() const;
    /// Visits every workspace in catalog order without copying it (copying a
    /// 10,000-workspace catalog costs tens of milliseconds). @p visit must not
    /// change the catalog.
    void forEachWorkspace(const std::function<void(const Workspace &)> &visit) const;
    /// The workspaces @p actor may see: shared ones and their own (admins see all).
    QList<Workspace> visibleWorkspaces(const Actor &actor) const;
    std::optional<Workspace> workspace(const QString &id) const;
    /// WORKSPACE_NOT_FOUND when it does not exist or @p actor may not see it.
    Result<Workspace> visibleWorkspace(const Actor &actor, const QString &id) const;
    int workspaceCount() const { return int(m_order.size()); }
    /// Increases with every change to any workspace (for ETags and caches).
    quint64 catalogRevision() const { return m_revision; }
    Result<QList<AuditEntry>> audit(const AuditQuery &query) const;
    Result<int> auditCount(const AuditQuery &query) const;
    Result<QList<WorkspaceEvent>> workspaceEvents(const QString &workspaceId,
                                                  std::optional<WorkspaceEvent::Kind> kind, int limit) const;
    /// Who @p identityId is (a workspace's owner, a session's user); nullopt if unknown.
    std::optional<Identity> identity(const QString &identityId) const;
    TunnelStatus tunnelStatus() const;
    /// The directory this Atrium keeps its data in (its database's), for what belongs beside it.
    QString dataDirectory() const;

    // --- catalog (enginecatalog.cpp) ------------------------------------------------

    /// Creates a workspace from defaults plus @p patch. A shared workspace (no
    /// owner) needs an admin; anyone may create one they own.
    Result<Workspace> createWorkspace(const Actor &actor, const WorkspacePatch &patch);
    Result<Workspace> updateWorkspace(const Actor &actor, const QString &id, const WorkspacePatch &patch);
    /// What updateWorkspace() with @p patch would change in the workspace's domain, a line per
    /// element ("<title>: 'db01' → 'Billing database'"), refused as the update would be. Empty
    /// when the domain is not touched (no domain yet, or only catalog fields change).
    Result<QStringList> previewUpdate(const Actor &actor, const QString &id, const WorkspacePatch &patch) const;
    /// Removes the workspace. What happens to a provisioned VM's domain, @p removal says: by
    /// default Atrium's own domains go with their disk, domains Atrium found stay (forgotten).
    QFuture<Result<void>> deleteWorkspace(const Actor &actor, const QString &id, DomainRemoval removal = DomainRemoval::Default);
    /// Deletes every workspace (and Atrium's domains) and restores the five defaults.
    QFuture<Result<int>> resetWorkspaces(const Actor &actor);

    // --- lifecycle (enginelifecycle.cpp) --------------------------------------------

    /// Starts the workspace if needed and opens a session for @p actor. For a VM
    /// the workspace is Pending when this returns; the future finishes once the
    /// domain runs (or failed to).
    QFuture<Result<LaunchResult>> launchWorkspace(const Actor &actor, const QString &id);
    /// Starts the workspace without opening a session (the v1 and micro-VM APIs:
    /// "start" provisions compute; nobody is connecting yet). A remote endpoint
    /// has nothing to start, so for one this opens a session like a launch.
    QFuture<Result<Workspace>> startWorkspace(const Actor &actor, const QString &id);
    /// Ends every active session; a VM gets a graceful shutdown, then destroy.
    QFuture<Result<void>> stopWorkspace(const Actor &actor, const QString &id);
    /// Stop (when running) followed by start (no session is opened).
    QFuture<Result<Workspace>> restartWorkspace(const Actor &actor, const QString &id);
    /// Flushes a running VM's filesystems to its disk (needs the guest agent).
    /// Returns how many filesystems were flushed; 0 for a stopped VM.
    QFuture<Result<int>> syncWorkspace(const Actor &actor, const QString &id);
    /// Adds a line to the workspace's lifecycle log (the v1 API's `deploy` logs).
    void noteLifecycle(const QString &workspaceId, const QString &message);
    /// TTLs, restart_policy and remove_on_exit, carried out as Actor::system().
    LifecyclePolicies &policies() const { return *m_policies; }

    // --- sessions (enginesessions.cpp) ----------------------------------------------

    Result<QList<Session>> sessions(const SessionQuery &query) const;
    /// SESSION_NOT_FOUND when it does not exist or is not @p actor's (admins see all).
    Result<Session> visibleSession(const Actor &actor, const QString &id) const;
    QList<Session> activeSessions() const;
    /// Marks an active session disconnected. Users may disconnect only their own.
    Result<Session> disconnectSession(const Actor &actor, const QString &sessionId);

    // --- hosts (enginehosts.cpp) ----------------------------------------------------

    /// Every host, in the order they were added (the first is the default host).
    QList<HostInfo> hostInfos() const;
    std::optional<HostInfo> hostInfo(const QString &uri) const;
    /// The host new VM workspaces that name none run on; empty when there is no host.
    QString defaultHostUri() const;
    /// The host a VM workspace runs on: its own, or the default host. Empty for a remote endpoint.
    QString effectiveHostUri(const Workspace &workspace) const;
    /// What is known of the host a VM workspace runs on; nullopt for a remote endpoint or no host.
    std::optional<HostInfo> hostOf(const Workspace &workspace) const;
    /// Adds a libvirt host (admin), connects to it and remembers it for the next start.
    Result<void> addHost(const Actor &actor, const QString &uri);
    /// Forgets a host (admin). Refused while workspaces have domains on it.
    Result<void> removeHost(const Actor &actor, const QString &uri);
    /// Tries to connect again now, without waiting for the back-off.
    Result<void> reconnectHost(const QString &uri);
    /// Sets how a host's domains are accelerated (admin; audited, remembered). Any KVM failure
    /// recorded for the host is forgotten: in auto, its next start tries KVM again.
    Result<void> setHostVirtualization(const Actor &actor, const QString &uri, Virtualization virtualization);
    /// Whether the catalog shows the host's domains that Atrium did not create (admin; audited,
    /// remembered). Turning it off takes them out of the catalog; the domains stay on the host.
    Result<void> setHostShowsForeignDomains(const Actor &actor, const QString &uri, bool show);
    /// Names a host for people ("hv1"; admin; audited, remembered); empty goes back to the name
    /// derived from its URI. INVALID_INPUT for a name over 64 characters or with control characters.
    Result<void> setHostDisplayName(const Actor &actor, const QString &uri, const QString &name);
    /// What the store remembers of @p uri (its virtualization, a KVM failure); nullopt if nothing.
    std::optional<HostSettings> rememberedSettings(const QString &uri) const;

    // --- host credentials (enginecredentials.cpp) -----------------------------------

    /// Gives @p uri the answers to what it asks (admin; audited, never the secrets) and connects
    /// at once. With @p remember they go to the system keychain too (hostCredentialsKept() says
    /// how that went); without, they last until Atrium exits, and any kept ones are forgotten.
    Result<void> setHostCredentials(const Actor &actor, const QString &uri, const HostCredentials &credentials,
                                    bool remember);
    /// Whether a system keychain answered: nullopt until known (or when EngineOptions says not
    /// to use one), false when there is none (credentials are then asked for at every start).
    std::optional<bool> keychainAvailable() const;

    // --- domains (enginedomains.cpp) ------------------------------------------------

    /// What the workspace's domain's XML said when last read (graphics, disks, consoles);
    /// nullopt when it has no domain or it was not read yet.
    std::optional<DomainDetails> domainDetails(const QString &workspaceId) const;
    /// The workspace whose domain @p domainName on @p hostUri is; empty if none.
    QString workspaceIdForDomain(const QString &hostUri, const QString &domainName) const;
    /// The domain a VM workspace is (or will be) defined as.
    DomainSpec domainSpecFor(const Workspace &workspace) const;
    /// The image a VM workspace boots on a real host: the one its `image` names, or
    /// for a Linux workspace without one, ImageCatalog::kDefaultImageId if it is
    /// installed. nullopt = a blank disk. INVALID_IMAGE when `image` names an image
    /// that is not installed.
    Result<std::optional<Image>> bootImageFor(const Workspace &workspace) const;

    // --- consoles (engineconsoles.cpp) ----------------------------------------------

    /// A socket to a running VM's console (its VNC server), opened through libvirt
    /// with no TCP port. The caller owns the descriptor. Conflict when the
    /// workspace is not a VM or does not run; VM_UNAVAILABLE/HYPERVISOR_FAILED when
    /// the host refuses.
    QFuture<Result<int>> openGraphics(const Actor &actor, const QString &id);
    /// The running VM's serial console as a two-way stream (libvirt's, so over any transport);
    /// audited. The stream lives on the caller's thread; dropping it closes the console.
    QFuture<Result<std::shared_ptr<ConsoleStream>>> openSerialConsole(const Actor &actor, const QString &id);
    /// The last @p maxBytes of a VM's serial console (the guest's own output), read through
    /// libvirt. Like any read of guest output it needs the workspace to be visible to @p actor,
    /// and it is audited (read_serial_log). Empty when the VM never ran or logs nothing.
    QFuture<Result<QByteArray>> serialLog(const Actor &actor, const QString &id, qint64 maxBytes = 64 * 1024);

    // --- browser consoles (enginebrowserconsoles.cpp) -------------------------------

    /// A one-time ticket to watch @p sessionId in a browser, bound to @p actor (the session's
    /// user, or an admin watching it). CONFLICT when the session has ended.
    Result<ConsoleTickets::Issued> issueConsoleTicket(const Actor &actor, const QString &sessionId);
    /// A ticket for @p actor's own active session on the workspace (document 003's
    /// `details.token`); nullopt when they have none there.
    std::optional<ConsoleTickets::Issued> consoleTicketForWorkspace(const Actor &actor, const QString &workspaceId);
    /// The tickets and page keys; every one of a session is void once the session ends.
    ConsoleTickets &consoleTickets() { return m_consoleTickets; }
    /// Who a ticket or page key speaks for, and the session it opens, if that session is still
    /// active and its holder still exists. The actor's client is "browser" from @p clientAddress.
    Result<std::pair<Actor, Session>> consoleHolder(const ConsoleTickets::Holder &holder, const QString &clientAddress) const;
    /// Writes one line of the audit log about a browser console (opened, ended, refused).
    void auditConsole(const Actor &actor, const QString &action, const QString &sessionId, bool success,
                      const QString &detail);

    // --- reachability (enginereachability.cpp) --------------------------------------

    /// Measures now whether a remote endpoint answers: a TCP handshake with its
    /// URL's host and port, timed, no byte sent. Atrium probes only when asked.
    QFuture<Result<Reachability>> probeWorkspace(const Actor &actor, const QString &id);
    /// Probes an endpoint for a launch or an opted-in check (no permission check);
    /// the result comes as reachabilityMeasured(). Nothing happens when !canProbe().
    void measureReachability(const QString &id, ProbeTrigger trigger);
    /// A remote endpoint whose URL names a host.
    static bool canProbe(const Workspace &workspace);
    /// The last measurement; nullopt when never measured (or its URL changed since).
    std::optional<Reachability> lastReachability(const QString &id) const { return m_reachability.value(id); }

Q_SIGNALS:
    void workspaceAdded(const Atrium::Workspace &workspace);
    void workspaceChanged(const Atrium::Workspace &workspace);
    void workspaceRemoved(const QString &id);
    void catalogReset();
    void sessionChanged(const Atrium::Session &session);
    void auditAppended(const Atrium::AuditEntry &entry);
    void hostAdded(const Atrium::HostInfo &info);
    void hostRemoved(const QString &uri);
    void hostChanged(const Atrium::HostInfo &info);
    /// A workspace's domain stopped without Atrium asking (a crash, the guest
    /// shutting down, a destroy from outside); @p workspace is as it is now.
    void workspaceExited(const Atrium::Workspace &workspace, const Atrium::DomainEvent &exit);
    /// A remote endpoint was probed (asked for, at a launch, or an opted-in check).
    void reachabilityMeasured(const QString &workspaceId, const Atrium::Reachability &result);
    /// Whether a system keychain is there is known (or changed).
    void keychainAvailabilityKnown(bool available);
    /// setHostCredentials(…, remember = true) finished writing to the keychain: @p error is
    /// empty when the credentials are kept, else why not.
    void hostCredentialsKept(const QString &uri, const QString &error);

private:
    // engine.cpp: how every change is written
    AuditEntry auditEntry(const Actor &actor, const QString &action, const QString &target, bool success,
                          const QString &detail = {}) const;
    WorkspaceEvent event(const QString &workspaceId, WorkspaceEvent::Kind kind, const QString &message) const;
    /// Writes @p changes in one transaction, then mirrors them in memory and
    /// emits the signals. Memory changes only if the store accepted them.
    Result<void> commit(const ChangeSet &changes);
    /// Writes what a failed operation leaves (its audit entry, events, the workspace's error
    /// state) and returns @p error: the operation failed whether or not the store takes it.
    std::unexpected<Error> recordFailure(const ChangeSet &changes, Error error);
    /// Audits that @p actor's @p action on @p target was refused with @p error, and returns it.
    std::unexpected<Error> refuse(const Actor &actor, const QString &action, const QString &target, Error error);
    bool canModify(const Actor &actor, const Workspace &workspace) const;

    // enginecatalog.cpp
    struct PlannedUpdate {
        Workspace before;
        Workspace after;
        DomainEdit edit;  ///< what changes in its domain
    };
    /// Checks @p patch as updateWorkspace() would and says what it would do.
    Result<PlannedUpdate> planUpdate(const Actor &actor, const QString &id, const WorkspacePatch &patch) const;
    Result<void> finishDelete(const Actor &actor, const QString &id, const Result<QStringList> &removed,
                              WorkspaceStatus previousStatus);
    /// Deletes a workspace whose domain stays, and remembers not to show that domain again.
    Result<void> forgetWorkspace(const Actor &actor, const Workspace &workspace);

    // enginelifecycle.cpp
    Result<void> checkLaunchable(const Workspace &workspace) const;
    Result<LaunchResult> launchRemote(const Actor &actor, Workspace workspace);
    QFuture<Result<LaunchResult>> launchVm(const Actor &actor, Workspace workspace, bool openSession);
    Result<LaunchResult> finishVmLaunch(const Actor &actor, const QString &id, TunnelStatus tunnel, bool openSession,
                                        const Result<DomainInfo> &result);
    /// Records that KVM failed @p w's start and the host now emulates (lifecycle log, audit, store).
    void noteKvmFailure(ChangeSet &changes, const Workspace &w, const QString &qemuSaid) const;
    Result<void> finishVmStop(const Actor &actor, const QString &id, const Result<StopOutcome> &result);
    SecurityFacts securityFacts(const Actor &actor, const Workspace &workspace, TunnelStatus tunnel) const;

    // enginesessions.cpp
    Session newSession(const Actor &actor, const Workspace &workspace, TunnelStatus tunnel) const;
    QList<Session> endActiveSessions(const QString &workspaceId, SessionStatus status);

    // enginehosts.cpp
    /// The host a VM workspace runs on (its own, or the default host).
    LibvirtHost *hostFor(const Workspace &workspace) const;
    void handleHostChanged(const HostInfo &info);
    // enginecredentials.cpp
    /// A host asks for credentials: once per host, offers what the keychain keeps for it.
    void offerKeptCredentials(const HostInfo &info);

    // enginedomains.cpp
    void handleDomainEvent(const DomainEvent &event);
    /// Follows @p event, given the domain's present @p state (nullopt: unknown, trust the event).
    void applyDomainEvent(const DomainEvent &event, std::optional<DomainState> state);
    void reconcileHost(const QString &uri);
    void applyReconciliation(const QString &uri, const QList<DomainInfo> &domains);
    Workspace *workspaceForDomain(const QString &hostUri, const QString &domainName);
    /// What a workspace's domain keeps in its <metadata> for every Atrium.
    AtriumMetadata metadataFor(const Workspace &workspace) const;

    // engineadoption.cpp
    /// Whether @p domain belongs in the catalog: not forgotten, and created by an Atrium or on a
    /// host that shows domains Atrium did not create.
    bool showsDomain(const QString &uri, const DomainInfo &domain) const;
    /// Adds the workspace a domain nobody in the catalog has is (or binds the workspace its
    /// metadata names) to @p changes.
    void adoptDomain(const QString &uri, const DomainInfo &domain, ChangeSet &changes);
    Workspace workspaceFromDomain(const QString &uri, const DomainInfo &domain, const QString &id) const;
    /// Sets what an adopted workspace shows from its domain's XML; true when anything changed.
    bool refreshFromDomain(Workspace &workspace, const DomainInfo &domain) const;
    /// Takes an adopted workspace out of the catalog (its domain is gone or hidden).
    void dropAdopted(const Workspace &workspace, const QString &why, ChangeSet &changes);
    /// What changing @p before into @p after changes in its domain (element by element).
    DomainEdit domainEditFor(const Workspace &before, const Workspace &after) const;
    /// @p edit in words, a line per element of the domain's XML it changes.
    QStringList describeDomainEdit(const Workspace &before, const DomainEdit &edit) const;
    /// Applies @p edit to the workspace's domain; the outcome is logged and audited.
    void writeToDomain(const Actor &actor, const Workspace &workspace, const DomainEdit &edit);
    /// Reads a domain defined or changed on the host and adopts or refreshes its workspace.
    void followDomainDefinition(const DomainEvent &event);

    // enginereachability.cpp
    QFuture<Reachability> measure(const Workspace &workspace, ProbeTrigger trigger);

    Store &m_store;
    HostRegistry &m_hosts;
    const TunnelProbe &m_tunnel;
    EngineOptions m_options;

    QHash<QString, Workspace> m_workspaces;
    QStringList m_order;  ///< catalog order (creation order)
    QHash<QString, Session> m_activeSessions;
    QSet<QString> m_busy;  ///< workspaces with a hypervisor operation in flight
    quint64 m_revision = 0;
    mutable QHash<QString, QString> m_domainIndex;  ///< "uri\ndomain" → workspace id
    mutable quint64 m_domainIndexRevision = ~quint64(0);
    QTimer m_reconcileTimer;
    LifecyclePolicies *m_policies = nullptr;  ///< a child of this engine
    HealthChecks *m_healthChecks = nullptr;   ///< a child of this engine
    HostKeychain *m_keychain = nullptr;       ///< a child of this engine; null = no keychain used
    QSet<QString> m_keychainAsked;            ///< hosts whose kept credentials were offered already
    QHash<QString, std::optional<Reachability>> m_reachability;
    QHash<QString, DomainDetails> m_domainDetails;  ///< workspace id → its domain's XML, as last read
    ConsoleTickets m_consoleTickets;
};

}  // namespace Atrium
