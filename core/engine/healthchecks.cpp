#include "healthchecks.h"

#include "engine.h"

namespace Atrium {

HealthChecks::HealthChecks(Engine &engine, std::chrono::milliseconds interval)
    : QObject(&engine)
    , m_engine(engine)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &HealthChecks::checkAll);
}

void HealthChecks::start()
{
    m_engine.forEachWorkspace([this](const Workspace &w) { follow(w); });
    connect(&m_engine, &Engine::workspaceAdded, this, &HealthChecks::follow);
    connect(&m_engine, &Engine::workspaceChanged, this, &HealthChecks::follow);
    connect(&m_engine, &Engine::workspaceRemoved, this, [this](const QString &id) { m_watched.remove(id); });
    connect(&m_engine, &Engine::catalogReset, this, [this] {
        m_watched.clear();
        m_engine.forEachWorkspace([this](const Workspace &w) { follow(w); });
    });
    m_timer.start();
}

void HealthChecks::follow(const Workspace &workspace)
{
    if (!workspace.healthChecks || !Engine::canProbe(workspace)) {
        m_watched.remove(workspace.id);
        return;
    }
    const auto watched = m_watched.constFind(workspace.id);
    if (watched != m_watched.constEnd() && *watched == workspace.url)
        return;
    // Newly opted in, or pointed elsewhere: a first answer now rather than after an interval.
    m_watched.insert(workspace.id, workspace.url);
    m_engine.measureReachability(workspace.id, ProbeTrigger::Background);
}

void HealthChecks::checkAll()
{
    for (auto it = m_watched.cbegin(); it != m_watched.cend(); ++it)
        m_engine.measureReachability(it.key(), ProbeTrigger::Background);
}

}  // namespace Atrium
