#pragma once

#include "api/http/router.h"

#include <QObject>

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

/// The Sessions API: /api/sessions… with a Bearer token. Everyone sees only their
/// own sessions; an admin may add ?all=true to see everyone's. Also serves the
/// launch response's stream_url (/viewer/{session}).
class SessionsController final : public QObject {
    Q_OBJECT

public:
    explicit SessionsController(Engine &engine, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    ApiReply list(const ApiRequest &request, bool activeOnly);
    ApiReply get(const ApiRequest &request);
    ApiReply disconnect(const ApiRequest &request);

    Engine &m_engine;
};

}  // namespace Atrium::Api
