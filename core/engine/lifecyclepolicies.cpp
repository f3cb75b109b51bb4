#include "lifecyclepolicies.h"

#include "base/continuation.h"
#include "engine.h"
#include "model/units.h"

#include <QLoggingCategory>

#include <algorithm>

namespace Atrium {

Q_LOGGING_CATEGORY(lcPolicies, "atrium.policies")

namespace LifecyclePolicy {

std::optional<QDateTime> ttlDeadline(const Workspace &w)
{
    if (w.mode != WorkspaceMode::Temporary || w.config.ttl.isEmpty() || !w.startedAt.isValid())
        return std::nullopt;
    if (w.status != WorkspaceStatus::Running && w.status != WorkspaceStatus::Paused)
        return std::nullopt;
    const auto ttl = Units::parseDuration(QStringLiteral("config.ttl"), w.config.ttl);
    if (!ttl)
        return std::nullopt;  // the validator refuses these; an old row must not stop anything
    return w.startedAt.addSecs(ttl->count());
}

std::chrono::milliseconds restartBackoff(int attempt)
{
    using namespace std::chrono_literals;
    const int doublings = std::clamp(attempt - 1, 0, 7);
    return std::min<std::chrono::milliseconds>(500ms * (1 << doublings), 60s);
}

ExitDecision onUnexpectedExit(const Workspace &w, const DomainEvent &exit, int restartsSoFar)
{
    // A guest that shut itself down chose to exit; a crash, a failure or a destroy
    // from outside Atrium (virsh destroy, the OOM killer taking QEMU) did not.
    const bool guestChoseToExit = exit.kind == DomainEventKind::Stopped && exit.reason == u"shut down";
    const bool policyWants = w.config.restartPolicy == RestartPolicy::Always
        || (w.config.restartPolicy == RestartPolicy::OnFailure && !guestChoseToExit);
    const int max = w.config.maxRestarts;
    if (policyWants && (max == 0 || restartsSoFar < max)) {
        const int attempt = restartsSoFar + 1;
        ExitDecision d{ExitAction::Restart, restartBackoff(attempt), {}};
        d.why = QStringLiteral("restart_policy %1: domain %2; restart %3%4 in %5 ms")
                    .arg(nameOf(w.config.restartPolicy), exit.reason)
                    .arg(attempt)
                    .arg(max == 0 ? QString() : QStringLiteral(" of %1").arg(max))
                    .arg(d.delay.count());
        return d;
    }
    if (w.config.removeOnExit) {
        return {ExitAction::Remove, {}, QStringLiteral("remove_on_exit: domain %1; removing the workspace").arg(exit.reason)};
    }
    if (policyWants)
        return {ExitAction::None, {}, QStringLiteral("restart_policy %1: max_restarts (%2) reached; left stopped")
                                          .arg(nameOf(w.config.restartPolicy)).arg(max)};
    return {};
}

}  // namespace LifecyclePolicy

LifecyclePolicies::LifecyclePolicies(Engine &engine)
    : QObject(&engine), m_engine(engine)
{
    m_ttlTimer.setSingleShot(true);
    m_ttlTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_ttlTimer, &QTimer::timeout, this, &LifecyclePolicies::expireTtls);
    connect(&engine, &Engine::workspaceAdded, this, &LifecyclePolicies::track);
    connect(&engine, &Engine::workspaceChanged, this, &LifecyclePolicies::track);
    connect(&engine, &Engine::workspaceRemoved, this, &LifecyclePolicies::forget);
    connect(&engine, &Engine::catalogReset, this, [this] {
        m_ttlDeadlines.clear();
        m_restarts.clear();
        m_restarting.clear();
        m_running.clear();
        start();
    });
    connect(&engine, &Engine::workspaceExited, this, &LifecyclePolicies::handleExit);
}

void LifecyclePolicies::start()
{
    m_engine.forEachWorkspace([this](const Workspace &w) { track(w); });
    armTtlTimer();
}

void LifecyclePolicies::track(const Workspace &w)
{
    const bool running = w.status == WorkspaceStatus::Running;
    if (running && !m_running.contains(w.id)) {
        m_running.insert(w.id);
        // Running again without the policy's doing: a person started it, the count starts over.
        if (!m_restarting.remove(w.id))
            m_restarts.remove(w.id);
    } else if (!running) {
        m_running.remove(w.id);
    }
    const auto deadline = LifecyclePolicy::ttlDeadline(w);
    const bool changed = deadline ? m_ttlDeadlines.value(w.id) != *deadline : m_ttlDeadlines.contains(w.id);
    if (!changed)
        return;
    if (deadline)
        m_ttlDeadlines.insert(w.id, *deadline);
    else
        m_ttlDeadlines.remove(w.id);
    armTtlTimer();
}

void LifecyclePolicies::forget(const QString &workspaceId)
{
    m_restarts.remove(workspaceId);
    m_restarting.remove(workspaceId);
    m_running.remove(workspaceId);
    if (m_ttlDeadlines.remove(workspaceId))
        armTtlTimer();
}

void LifecyclePolicies::armTtlTimer()
{
    if (m_ttlDeadlines.isEmpty()) {
        m_ttlTimer.stop();
        return;
    }
    const QDateTime next = *std::min_element(m_ttlDeadlines.cbegin(), m_ttlDeadlines.cend());
    const qint64 ms = std::clamp<qint64>(m_engine.now().msecsTo(next), 0, 3600 * 1000);  // re-check hourly
    m_ttlTimer.start(std::chrono::milliseconds(ms));
}

void LifecyclePolicies::expireTtls()
{
    const QDateTime now = m_engine.now();
    QStringList due;
    for (auto it = m_ttlDeadlines.cbegin(); it != m_ttlDeadlines.cend(); ++it) {
        if (it.value() <= now)
            due << it.key();
    }
    for (const QString &id : std::as_const(due)) {
        const auto w = m_engine.workspace(id);
        if (!w)
            continue;
        const bool remove = w->config.ttlAction == TtlAction::Remove;
        m_engine.noteLifecycle(id, QStringLiteral("ttl %1 expired: %2").arg(w->config.ttl, remove ? QStringLiteral("removing the workspace")
                                                                                                 : QStringLiteral("stopping")));
        auto done = [this, id, remove](const Result<void> &result) {
            if (result)
                return;
            // Busy (a stop or start in flight) or the host is away: try again shortly.
            qCWarning(lcPolicies).noquote() << "ttl of" << id << ":" << (remove ? "remove" : "stop") << "failed:" << result.error().message;
            if (m_ttlDeadlines.contains(id))
                m_ttlTimer.start(std::min<int>(m_ttlTimer.isActive() ? m_ttlTimer.remainingTime() : 5000, 5000));
        };
        if (remove)
            continueOn(m_engine.deleteWorkspace(Actor::system(), id), this, done);
        else
            continueOn(m_engine.stopWorkspace(Actor::system(), id), this, done);
    }
    armTtlTimer();
}

void LifecyclePolicies::handleExit(const Workspace &w, const DomainEvent &exit)
{
    const ExitDecision decision = LifecyclePolicy::onUnexpectedExit(w, exit, m_restarts.value(w.id));
    if (!decision.why.isEmpty())
        m_engine.noteLifecycle(w.id, decision.why);
    switch (decision.action) {
    case ExitAction::None: break;
    case ExitAction::Restart: {
        const int attempt = m_restarts.value(w.id) + 1;
        m_restarts.insert(w.id, attempt);
        QTimer::singleShot(decision.delay, this, [this, id = w.id] { restart(id); });
        break;
    }
    case ExitAction::Remove:
        continueOn(m_engine.deleteWorkspace(Actor::system(), w.id), this, [id = w.id](const Result<void> &removed) {
            if (!removed)
                qCWarning(lcPolicies).noquote() << "remove_on_exit of" << id << "failed:" << removed.error().message;
        });
        break;
    }
}

void LifecyclePolicies::restart(const QString &id)
{
    const auto w = m_engine.workspace(id);
    if (!w || w->isActive())
        return;  // removed, or someone started it meanwhile
    m_restarting.insert(id);
    continueOn(m_engine.startWorkspace(Actor::system(), id), this, [this, id](const Result<Workspace> &started) {
        if (started)
            return;
        m_restarting.remove(id);
        m_engine.noteLifecycle(id, QStringLiteral("restart failed: %1").arg(started.error().message));
    });
}

}  // namespace Atrium
