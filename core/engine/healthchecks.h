#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Atrium {

class Engine;
struct Workspace;

/// The opt-in background checks of remote endpoints (`health_checks`): each
/// opted-in endpoint is probed when it opts in (or its URL changes) and then
/// every interval. Endpoints that did not opt in get no traffic from here.
class HealthChecks final : public QObject {
    Q_OBJECT

public:
    HealthChecks(Engine &engine, std::chrono::milliseconds interval);

    /// Starts following the catalog and probing (called by Engine::start()).
    void start();
    /// The endpoints being checked, by id.
    QList<QString> watched() const { return m_watched.keys(); }

private:
    void follow(const Workspace &workspace);
    void checkAll();

    Engine &m_engine;
    QTimer m_timer;
    QHash<QString, QString> m_watched;  ///< id → the URL being checked
};

}  // namespace Atrium
