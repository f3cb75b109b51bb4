#include "api/events/eventscontroller.h"

#include "api/events/eventhub.h"
#include "api/http/apiserver.h"
#include "api/http/errorreply.h"

#include <QTcpSocket>

namespace Atrium::Api {

EventsController::EventsController(Engine &engine, ApiServer &server, std::chrono::milliseconds keepAlive, QObject *parent)
    : QObject(parent)
    , m_hub(new EventHub(engine, keepAlive, this))
{
    server.addStream(QStringLiteral("/api/events"), [this](ApiRequest request, QTcpSocket *socket) {
        follow(std::move(request), socket);
    });
}

void EventsController::registerRoutes(Router &router)
{
    // GET is taken over before the router (a stream); this answers what reaches it: HEAD.
    router.add(HttpMethod::Get, QStringLiteral("/api/events"), Surface::Bearer, Access::Read, [](const ApiRequest &) {
        return errorReply(Surface::Bearer, 400, QStringLiteral("STREAM_ONLY"),
                          QStringLiteral("/api/events is an event stream: GET it (HEAD is not served)"));
    });
}

void EventsController::follow(ApiRequest request, QTcpSocket *socket)
{
    const QString surface = request.queryValue(QStringLiteral("surface"));
    EventShape shape = EventShape::Atrium;
    if (surface == u"v1")
        shape = EventShape::V1;
    else if (surface == u"microvm")
        shape = EventShape::MicroVm;
    else if (!surface.isEmpty() && surface != u"atrium") {
        return ApiServer::refuseUpgrade(socket, errorReply(Surface::Bearer, Error::invalid(QStringLiteral("surface"),
                                                 QStringLiteral("surface must be atrium, v1 or microvm (got '%1')").arg(surface.left(40)))));
    }
    // EventSource sends the header when it reconnects; a first connection may say it in the query.
    QByteArray last = request.header("last-event-id").trimmed();
    if (last.isEmpty())
        last = request.queryValue(QStringLiteral("last_event_id")).toLatin1();
    std::optional<quint64> lastId;
    if (!last.isEmpty()) {
        bool ok = false;
        const quint64 id = last.toULongLong(&ok);
        if (!ok || last.size() > 20 || !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return ApiServer::refuseUpgrade(socket, errorReply(Surface::Bearer, Error::invalid(QStringLiteral("Last-Event-ID"),
                                                     QStringLiteral("Last-Event-ID must be an event's id (digits)"))));
        }
        lastId = id;
    }
    m_hub->follow(socket, request.actor, shape, lastId);
}

}  // namespace Atrium::Api
