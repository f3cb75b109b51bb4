#include "apiservice.h"

#include "sessionscontroller.h"
#include "systemcontroller.h"
#include "workspacescontroller.h"

namespace Atrium::Api {

ApiService::ApiService(Engine &engine, TokenService &tokens, ConnectionLimits limits, QObject *parent)
    : QObject(parent)
{
    m_server = new ApiServer(tokens, limits, this);
    Router &router = m_server->router();
    (new SystemController(engine, this))->registerRoutes(router);
    (new WorkspacesController(engine, this))->registerRoutes(router);
    (new SessionsController(engine, this))->registerRoutes(router);
}

}  // namespace Atrium::Api
