// Engine: the lifecycle — launching, starting, stopping, restarting and syncing workspaces.

#include "engineprivate.h"

#include "base/continuation.h"
#include "providers/tunnelprobe.h"

namespace Atrium {

using namespace EngineDetail;

namespace {

QString describeStop(StopOutcome outcome, std::chrono::milliseconds deadline)
{
    switch (outcome) {
    case StopOutcome::AlreadyStopped: return QStringLiteral("the domain was already shut off");
    case StopOutcome::ShutDown: return QStringLiteral("the guest shut down gracefully");
    case StopOutcome::Destroyed:
        return QStringLiteral("the guest did not shut down within %1 s and was destroyed").arg(deadline.count() / 1000.0);
    }
    return {};
}

}  // namespace

Result<void> Engine::checkLaunchable(const Workspace &w) const
{
    switch (w.status) {
    case WorkspaceStatus::Stopped:
        return fail(ErrorCode::Conflict,
                    QStringLiteral("Workspace is stopped (out of service); set its status to 'available' to launch it"));
    case WorkspaceStatus::Pending:
        return fail(ErrorCode::Conflict, QStringLiteral("Workspace is already starting"));
    case WorkspaceStatus::Stopping:
        return fail(ErrorCode::Conflict, QStringLiteral("Workspace is stopping; launch it again once it has stopped"));
    default: return {};
    }
}

QFuture<Result<LaunchResult>> Engine::launchWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<LaunchResult>(fail(workspace.error()));
    if (auto ok = checkLaunchable(*workspace); !ok)
        return ready<LaunchResult>(fail(ok.error()));
    if (workspace->provider() == ProviderKind::Remote)
        return ready(launchRemote(actor, *workspace));
    return launchVm(actor, *workspace, true);
}

QFuture<Result<Workspace>> Engine::startWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<Workspace>(fail(workspace.error()));
    if (workspace->status == WorkspaceStatus::Running)
        return ready<Workspace>(fail(ErrorCode::Conflict, QStringLiteral("Workspace is already running")));
    if (auto ok = checkLaunchable(*workspace); !ok)
        return ready<Workspace>(fail(ok.error()));
    auto toWorkspace = [](const Result<LaunchResult> &launched) -> Result<Workspace> {
        if (!launched)
            return fail(launched.error());
        return launched->workspace;
    };
    if (workspace->provider() == ProviderKind::Remote)
        return ready(toWorkspace(launchRemote(actor, *workspace)));
    return continueOn(launchVm(actor, *workspace, false), this, toWorkspace);
}

Result<LaunchResult> Engine::launchRemote(const Actor &actor, Workspace w)
{
    const TunnelStatus tunnel = m_tunnel.status();
    auto refused = [&](ErrorCode code, const QString &message) {
        return refuse(actor, QStringLiteral("launch_workspace"), workspaceTarget(w.id), Error(code, message));
    };
    if (w.url.isEmpty() && w.type != WorkspaceType::Browser)
        return refused(ErrorCode::Conflict, QStringLiteral("Workspace has no URL to connect to; set its url first"));
    if (w.requiresNetbird && tunnel != TunnelStatus::Encrypted) {
        return refused(ErrorCode::TunnelDown,
                       QStringLiteral("Workspace requires an active NetBird tunnel, but %1").arg(m_tunnel.explain(tunnel)));
    }

    const Session session = newSession(actor, w, tunnel);
    w.status = WorkspaceStatus::Running;
    w.statusMessage.clear();
    w.userRequestedStop = false;
    if (!w.startedAt.isValid())
        w.startedAt = session.startedAt;
    w.updatedAt = session.startedAt;

    ChangeSet changes;
    changes.workspaces << w;
    changes.sessions << session;
    changes.events << event(w.id, WorkspaceEvent::Kind::Lifecycle,
                            QStringLiteral("session %1 opened by %2").arg(session.id, actor.identity.email));
    changes.audit << auditEntry(actor, QStringLiteral("launch_workspace"), workspaceTarget(w.id), true,
                                QStringLiteral("Launched %1 (session %2, tunnel %3)")
                                    .arg(w.name, session.id, nameOf(tunnel)));
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    // Someone is connecting now: the moment to measure whether (and how fast) it answers.
    if (canProbe(w))
        measureReachability(w.id, ProbeTrigger::Launch);
    return LaunchResult{session, w, securityFacts(actor, w, tunnel)};
}

QFuture<Result<LaunchResult>> Engine::launchVm(const Actor &actor, Workspace w, bool openSession)
{
    LibvirtHost *host = hostFor(w);
    auto refused = [&](Error error) {
        return ready<LaunchResult>(refuse(actor, QStringLiteral("launch_workspace"), workspaceTarget(w.id), std::move(error)));
    };
    if (!host) {
        return refused(Error(ErrorCode::VmUnavailable,
                             w.hostUri.isEmpty() ? QStringLiteral("No hypervisor host is configured")
                                                 : QStringLiteral("Host %1 is not one of Atrium's hosts").arg(w.hostUri)));
    }
    if (!host->isConnected()) {
        const HostInfo info = host->info();
        return refused(Error(ErrorCode::VmUnavailable,
                             QStringLiteral("Host %1 is %2%3")
                                 .arg(info.uri, nameOf(info.state),
                                      info.lastError.isEmpty() ? QString() : QStringLiteral(": ") + info.lastError)));
    }
    TunnelStatus tunnel = TunnelStatus::NotRequired;
    if (!host->isLocal()) {
        tunnel = m_tunnel.status();
        if (w.requiresNetbird && tunnel != TunnelStatus::Encrypted) {
            return refused(Error(ErrorCode::TunnelDown, QStringLiteral("Workspace on %1 requires an active NetBird tunnel, but %2")
                                                            .arg(host->uri(), m_tunnel.explain(tunnel))));
        }
    }

    DomainSpec spec = domainSpecFor(w);
    // The simulator boots nothing, so there it does not matter which image a
    // workspace names; a real host refuses one that is not installed.
    if (!host->isSimulated() && !w.adopted) {
        auto image = bootImageFor(w);
        if (!image) {
            return refused(image.error());
        }
        spec.image = *image;
    }
    const WorkspaceStatus before = w.status;
    w.status = WorkspaceStatus::Pending;
    w.statusMessage = before == WorkspaceStatus::Running ? QStringLiteral("opening a session")
                                                         : QStringLiteral("starting domain %1 on %2").arg(spec.name, host->uri());
    w.hostUri = host->uri();
    w.domainName = spec.name;
    w.userRequestedStop = false;
    ChangeSet pending;
    pending.workspaces << w;
    pending.events << event(w.id, WorkspaceEvent::Kind::Lifecycle,
                            QStringLiteral("launch requested by %1").arg(actor.identity.email));
    if (auto ok = commit(pending); !ok)
        return ready<LaunchResult>(fail(ok.error()));

    m_busy.insert(w.id);
    const QString id = w.id;
    return continueOn(host->ensureRunning(spec), this, [this, actor, id, tunnel, openSession](const Result<DomainInfo> &result) {
        m_busy.remove(id);
        return finishVmLaunch(actor, id, tunnel, openSession, result);
    });
}

Result<LaunchResult> Engine::finishVmLaunch(const Actor &actor, const QString &id, TunnelStatus tunnel,
                                            bool openSession, const Result<DomainInfo> &result)
{
    auto current = workspace(id);
    if (!current)
        return fail(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"));
    Workspace w = *current;
    ChangeSet changes;
    if (!result) {
        w.status = WorkspaceStatus::Error;
        w.statusMessage = result.error().message;
        w.updatedAt = now();
        changes.workspaces << w;
        changes.events << event(id, WorkspaceEvent::Kind::Provision, QStringLiteral("launch failed: ") + result.error().message);
        changes.audit << auditEntry(actor, openSession ? QStringLiteral("launch_workspace") : QStringLiteral("start_workspace"),
                                    workspaceTarget(id), false, result.error().message);
        return recordFailure(changes, result.error());
    }

    const Session session = openSession ? newSession(actor, w, tunnel) : Session{};
    const QDateTime at = now();
    w.status = result->state == DomainState::Paused ? WorkspaceStatus::Paused : WorkspaceStatus::Running;
    w.statusMessage.clear();
    if (!w.startedAt.isValid())
        w.startedAt = at;
    w.updatedAt = at;
    changes.workspaces << w;
    for (const QString &line : result->log)
        changes.events << event(id, WorkspaceEvent::Kind::Provision, line);
    if (!result->kvmFailure.isEmpty())
        noteKvmFailure(changes, w, result->kvmFailure);
    if (openSession) {
        changes.sessions << session;
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle,
                                QStringLiteral("session %1 opened by %2").arg(session.id, actor.identity.email));
        changes.audit << auditEntry(actor, QStringLiteral("launch_workspace"), workspaceTarget(id), true,
                                    QStringLiteral("Launched %1 (domain %2 on %3, session %4)")
                                        .arg(w.name, w.domainName, w.hostUri, session.id));
    } else {
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("started by %1").arg(actor.identity.email));
        changes.audit << auditEntry(actor, QStringLiteral("start_workspace"), workspaceTarget(id), true,
                                    QStringLiteral("Started %1 (domain %2 on %3)").arg(w.name, w.domainName, w.hostUri));
    }
    if (auto ok = commit(changes); !ok)
        return fail(ok.error());
    return LaunchResult{session, w, securityFacts(actor, w, tunnel)};
}

void Engine::noteKvmFailure(ChangeSet &changes, const Workspace &w, const QString &qemuSaid) const
{
    const QString message = QStringLiteral("KVM does not work on host %1, so domain %2 was started under emulation "
                                           "(TCG), which is slower. QEMU said: %3. The host emulates every domain from "
                                           "now on, until an admin changes its virtualization setting.")
                                .arg(w.hostUri, w.domainName, qemuSaid);
    changes.events << event(w.id, WorkspaceEvent::Kind::Lifecycle, message);
    changes.audit << auditEntry(Actor::system(), QStringLiteral("host_kvm_unusable"), QStringLiteral("host:") + w.hostUri,
                                false, message);
    if (const LibvirtHost *host = m_hosts.host(w.hostUri))
        changes.hostSettings << host->settings();
}

QFuture<Result<void>> Engine::stopWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<void>(fail(workspace.error()));
    Workspace w = *workspace;
    const bool vmWithDomain = w.provider() == ProviderKind::Libvirt && !w.domainName.isEmpty();
    if (w.status == WorkspaceStatus::Pending)
        return ready<void>(fail(ErrorCode::Conflict, QStringLiteral("Workspace is starting; stop it once it runs")));
    if (w.status == WorkspaceStatus::Stopping)
        return ready<void>(fail(ErrorCode::Conflict, QStringLiteral("Workspace is already stopping")));
    // A VM in error may still have a running domain: stopping it is how to recover.
    if (!w.isActive() && !(w.status == WorkspaceStatus::Error && vmWithDomain))
        return ready<void>(fail(ErrorCode::Conflict, QStringLiteral("Workspace is not running")));

    if (w.provider() == ProviderKind::Remote || !vmWithDomain) {
        ChangeSet changes;
        changes.sessions = endActiveSessions(id, SessionStatus::Terminated);
        w.status = WorkspaceStatus::Available;
        w.statusMessage.clear();
        w.startedAt = {};
        w.userRequestedStop = true;
        w.updatedAt = now();
        changes.workspaces << w;
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("stopped by %1").arg(actor.identity.email));
        changes.audit << auditEntry(actor, QStringLiteral("stop_workspace"), workspaceTarget(id), true,
                                    QStringLiteral("Stopped %1; %2 session(s) terminated").arg(w.name).arg(changes.sessions.size()));
        return ready(commit(changes));
    }

    LibvirtHost *host = hostFor(w);
    if (!host || !host->isConnected()) {
        const QString message = QStringLiteral("Host %1 is not connected; the domain cannot be stopped now")
                                    .arg(effectiveHostUri(w));
        return ready<void>(refuse(actor, QStringLiteral("stop_workspace"), workspaceTarget(id), Error(ErrorCode::VmUnavailable, message)));
    }
    w.status = WorkspaceStatus::Stopping;
    w.statusMessage = QStringLiteral("shutting down domain %1").arg(w.domainName);
    w.userRequestedStop = true;
    ChangeSet stopping;
    stopping.workspaces << w;
    stopping.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("stop requested by %1").arg(actor.identity.email));
    if (auto ok = commit(stopping); !ok)
        return ready<void>(fail(ok.error()));

    m_busy.insert(id);
    return continueOn(host->stop(w.domainName, m_options.stopDeadline), this, [this, actor, id](const Result<StopOutcome> &result) {
        m_busy.remove(id);
        return finishVmStop(actor, id, result);
    });
}

Result<void> Engine::finishVmStop(const Actor &actor, const QString &id, const Result<StopOutcome> &result)
{
    auto current = workspace(id);
    if (!current)
        return fail(ErrorCode::WorkspaceNotFound, QStringLiteral("Workspace not found"));
    Workspace w = *current;
    ChangeSet changes;
    w.updatedAt = now();
    if (!result) {
        w.status = WorkspaceStatus::Error;
        w.statusMessage = result.error().message;
        changes.workspaces << w;
        changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("stop failed: ") + result.error().message);
        changes.audit << auditEntry(actor, QStringLiteral("stop_workspace"), workspaceTarget(id), false, result.error().message);
        return recordFailure(changes, result.error());
    }
    const QString how = describeStop(*result, m_options.stopDeadline);
    changes.sessions = endActiveSessions(id, SessionStatus::Terminated);
    w.status = WorkspaceStatus::Available;
    w.statusMessage.clear();
    w.startedAt = {};
    changes.workspaces << w;
    changes.events << event(id, WorkspaceEvent::Kind::Lifecycle, QStringLiteral("stopped: ") + how);
    changes.audit << auditEntry(actor, QStringLiteral("stop_workspace"), workspaceTarget(id), true,
                                QStringLiteral("Stopped %1: %2; %3 session(s) terminated").arg(w.name, how).arg(changes.sessions.size()));
    return commit(changes);
}

QFuture<Result<Workspace>> Engine::restartWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<Workspace>(fail(workspace.error()));
    if (!workspace->isActive())
        return startWorkspace(actor, id);
    auto promise = std::make_shared<QPromise<Result<Workspace>>>();
    promise->start();
    QFuture<Result<Workspace>> future = promise->future();
    continueOn(stopWorkspace(actor, id), this, [this, actor, id, promise](const Result<void> &stopped) {
        if (!stopped) {
            settle<Workspace>(promise, fail(stopped.error()));
            return;
        }
        continueOn(startWorkspace(actor, id), this, [promise](const Result<Workspace> &started) {
            settle<Workspace>(promise, started);
        });
    });
    return future;
}

QFuture<Result<int>> Engine::syncWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<int>(fail(workspace.error()));
    if (workspace->provider() != ProviderKind::Libvirt)
        return ready<int>(fail(ErrorCode::Conflict, QStringLiteral("A remote endpoint has no disk Atrium could sync")));
    if (!workspace->isActive() || workspace->domainName.isEmpty())
        return ready<int>(0);  // shut off: everything is already on its disk
    LibvirtHost *host = hostFor(*workspace);
    if (!host || !host->isConnected())
        return ready<int>(fail(ErrorCode::VmUnavailable, QStringLiteral("Host %1 is not connected").arg(effectiveHostUri(*workspace))));
    return continueOn(host->syncFilesystems(workspace->domainName), this, [this, actor, id](const Result<int> &flushed) {
        ChangeSet changes;
        changes.audit << auditEntry(actor, QStringLiteral("sync_workspace"), workspaceTarget(id), bool(flushed),
                                    flushed ? QStringLiteral("flushed %1 filesystem(s)").arg(*flushed) : flushed.error().message);
        commit(changes);
        return flushed;
    });
}

void Engine::noteLifecycle(const QString &workspaceId, const QString &message)
{
    if (!m_workspaces.contains(workspaceId))
        return;
    ChangeSet changes;
    changes.events << event(workspaceId, WorkspaceEvent::Kind::Lifecycle, message);
    commit(changes);
}

SecurityFacts Engine::securityFacts(const Actor &actor, const Workspace &workspace, TunnelStatus tunnel) const
{
    SecurityFacts facts;
    facts.encryptedTunnel = tunnel == TunnelStatus::Encrypted;
    facts.identityVerified = !actor.identity.id.isEmpty() && actor.client != u"system";
    facts.mfaEnforced = false;
    facts.sessionRecording = false;
    // Atrium's own domains have a VNC server with no listener (reached through libvirt or a
    // UNIX socket); a found domain has what its XML says.
    facts.noOpenPorts = false;
    if (workspace.provider() == ProviderKind::Libvirt) {
        const std::optional<DomainDetails> details = m_domainDetails.value(workspace.id);
        facts.noOpenPorts = details ? details->graphics.opensNoPort() : !workspace.adopted;
    }
    return facts;
}

}  // namespace Atrium
