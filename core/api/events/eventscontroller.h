#pragma once

#include "api/http/router.h"

#include <QObject>
#include <chrono>

class QTcpSocket;

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

class ApiServer;
class EventHub;

/// GET /api/events: the engine's changes as server-sent events (EventHub). Checks the query
/// (`surface`, `last_event_id`) and the Last-Event-ID header, then hands the stream over.
class EventsController final : public QObject {
    Q_OBJECT

public:
    EventsController(Engine &engine, ApiServer &server, std::chrono::milliseconds keepAlive, QObject *parent = nullptr);
    void registerRoutes(Router &router);
    EventHub &hub() { return *m_hub; }

private:
    void follow(ApiRequest request, QTcpSocket *socket);

    EventHub *m_hub;
};

}  // namespace Atrium::Api
