#include "apiservice.h"

#include "api/atrium/hostscontroller.h"
#include "api/atrium/metricshistorycontroller.h"
#include "api/atrium/systemcontroller.h"
#include "api/console/viewercontroller.h"
#include "api/events/eventscontroller.h"
#include "api/microvm/microvmcontroller.h"
#include "api/sessions/sessionscontroller.h"
#include "api/v1/v1workspacescontroller.h"
#include "api/workspaces/workspacescontroller.h"

namespace Atrium::Api {

QString ApiOptions::defaultNovncDirectory()
{
    const QString configured = qEnvironmentVariable("ATRIUM_NOVNC_DIR");
    return configured.isEmpty() ? QStringLiteral("/usr/share/novnc") : configured;
}

ApiService::ApiService(Engine &engine, TokenService &tokens, const MetricsSampler *metrics, ApiOptions options,
                       QObject *parent)
    : QObject(parent)
{
    m_server = new ApiServer(tokens, options.limits, this);
    Router &router = m_server->router();
    (new SystemController(engine, this))->registerRoutes(router);
    (new HostsController(engine, this))->registerRoutes(router);
    (new WorkspacesController(engine, this))->registerRoutes(router);
    (new SessionsController(engine, this))->registerRoutes(router);
    (new V1WorkspacesController(engine, metrics, this))->registerRoutes(router);
    (new MicroVmController(engine, metrics, options.quota, this))->registerRoutes(router);
    (new MetricsHistoryController(engine, metrics, this))->registerRoutes(router);
    auto *events = new EventsController(engine, *m_server, options.eventKeepAlive, this);
    events->registerRoutes(router);
    m_events = &events->hub();
    auto *viewers = new ViewerController(engine, options.novncDirectory, this);
    viewers->registerRoutes(router);
    m_server->setUpgradeHandler([viewers](ApiRequest request, QTcpSocket *socket) {
        viewers->takeUpgrade(std::move(request), socket);
    });
}

}  // namespace Atrium::Api
