#pragma once

#include "model/workspace.h"
#include "model/domain.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <optional>

namespace Atrium {

class Engine;

/// What a workspace asked for when its domain exits without Atrium asking.
enum class ExitAction { None, Restart, Remove };

struct ExitDecision {
    ExitAction action = ExitAction::None;
    std::chrono::milliseconds delay{0};  ///< back-off before a restart
    QString why;                         ///< for the lifecycle log
};

namespace LifecyclePolicy {

/// When a running temporary workspace's TTL runs out (counted from when it
/// started); nullopt when it has none or is not running.
std::optional<QDateTime> ttlDeadline(const Workspace &workspace);

/// restart_policy / max_restarts / remove_on_exit applied to an exit that
/// Atrium did not ask for. @p restartsSoFar counts the policy's own restarts
/// since a person last started the workspace.
ExitDecision onUnexpectedExit(const Workspace &workspace, const DomainEvent &exit, int restartsSoFar);

/// 0.5 s, 1 s, 2 s … capped at a minute: a guest that crashes at boot is
/// restarted for ever under "always", but not in a hot loop.
std::chrono::milliseconds restartBackoff(int attempt);

}  // namespace LifecyclePolicy

/// Carries out the lifecycle policies of the micro-VM API's `config` on behalf of
/// the engine: stops or removes temporary workspaces when their TTL expires,
/// and restarts (or removes) workspaces whose domain exits unexpectedly.
/// Acts through the engine's public operations as Actor::system(), so every
/// action is audited like anyone else's.
class LifecyclePolicies final : public QObject {
    Q_OBJECT

public:
    explicit LifecyclePolicies(Engine &engine);

    /// Looks at every workspace once (TTLs that ran out while Atrium was not running act now).
    void start();
    /// How many restarts the policy made since a person last started @p workspaceId.
    int restartCount(const QString &workspaceId) const { return m_restarts.value(workspaceId); }

private:
    void track(const Workspace &workspace);
    void forget(const QString &workspaceId);
    void armTtlTimer();
    void expireTtls();
    void handleExit(const Workspace &workspace, const DomainEvent &exit);
    void restart(const QString &workspaceId);

    Engine &m_engine;
    QHash<QString, QDateTime> m_ttlDeadlines;  ///< running temporary workspaces with a TTL
    QHash<QString, int> m_restarts;
    QSet<QString> m_restarting;  ///< started by the policy, not yet seen running
    QSet<QString> m_running;     ///< to see a workspace *become* running
    QTimer m_ttlTimer;
};

}  // namespace Atrium
