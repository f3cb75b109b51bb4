#include "api/events/eventhub.h"

#include "api/atrium/hostscontroller.h"
#include "api/atrium/systemcontroller.h"
#include "api/microvm/microvmjson.h"
#include "api/sessions/sessionsjson.h"
#include "api/v1/v1json.h"
#include "api/workspaces/workspacesjson.h"
#include "engine/engine.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpSocket>

namespace Atrium::Api {

Q_LOGGING_CATEGORY(lcEvents, "atrium.api.events")

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

}  // namespace

EventHub::EventHub(Engine &engine, std::chrono::milliseconds keepAlive, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    // Ids go on rising across restarts (they start from the clock), so an id from before a
    // restart is never taken for a new event: it is older than the backlog, and gets `resync`.
    , m_nextId(quint64(QDateTime::currentMSecsSinceEpoch()) * 1000)
{
    connect(&engine, &Engine::workspaceAdded, this, [this](const Workspace &w) {
        m_owners.insert(w.id, w.ownerId);
        publish("workspace.created", w);
    });
    connect(&engine, &Engine::workspaceChanged, this, [this](const Workspace &w) {
        m_owners.insert(w.id, w.ownerId);
        publish("workspace.updated", w, WorkspacesJson::workspacesInUse(m_engine.activeSessions()).contains(w.id));
    });
    connect(&engine, &Engine::workspaceRemoved, this, [this](const QString &id) {
        publish("workspace.deleted", Deleted{id, m_owners.take(id)});
    });
    connect(&engine, &Engine::catalogReset, this, [this] {
        m_owners.clear();
        resyncAll(QStringLiteral("the catalog was reset"));
    });
    connect(&engine, &Engine::sessionChanged, this, [this](const Session &s) {
        const bool known = m_liveSessions.contains(s.id);
        if (s.isActive())
            m_liveSessions.insert(s.id);
        else
            m_liveSessions.remove(s.id);
        publish(s.isActive() && !known ? "session.created" : "session.updated", s);
        // Document 000's status of the workspace follows its sessions: it changed as GET shows it.
        if (const auto w = m_engine.workspace(s.workspaceId))
            publish("workspace.updated", *w, WorkspacesJson::workspacesInUse(m_engine.activeSessions()).contains(w->id));
    });
    connect(&engine, &Engine::hostAdded, this, [this](const HostInfo &h) { publish("host.updated", h); });
    connect(&engine, &Engine::hostChanged, this, [this](const HostInfo &h) { publish("host.updated", h); });
    connect(&engine, &Engine::hostRemoved, this, [this](const QString &uri) { publish("host.updated", HostRemoved{uri}); });
    connect(&engine, &Engine::auditAppended, this, [this](const AuditEntry &e) { publish("audit.created", e); });

    for (const Workspace &w : engine.workspaces())
        m_owners.insert(w.id, w.ownerId);
    for (const Session &s : engine.activeSessions())
        m_liveSessions.insert(s.id);

    m_keepAlive.setInterval(keepAlive);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        const auto sockets = m_clients.keys();
        for (QTcpSocket *socket : sockets) {
            if (auto it = m_clients.find(socket); it != m_clients.end())
                send(*it, QByteArrayLiteral(": keep-alive\n\n"));
        }
    });
    m_keepAlive.start();
}

EventHub::~EventHub() = default;

void EventHub::publish(QByteArray type, Payload payload, bool inUse)
{
    Event event;
    event.id = m_nextId++;
    event.type = std::move(type);
    event.payload = std::move(payload);
    event.inUse = inUse;
    event.at = QDateTime::currentDateTimeUtc();
    m_events.push_back(std::move(event));
    if (m_events.size() > size_t(kBacklog))
        m_events.pop_front();
    const Event &added = m_events.back();
    const auto sockets = m_clients.keys();
    for (QTcpSocket *socket : sockets) {
        auto it = m_clients.find(socket);
        if (it != m_clients.end() && mayReceive(*it, added))
            send(*it, render(added, it->shape));
    }
}

void EventHub::resyncAll(const QString &reason)
{
    // A change too big for events: every client re-reads.
    const QByteArray record = "event: resync\ndata: " + compact({{QStringLiteral("reason"), reason}}) + "\n\n";
    const auto sockets = m_clients.keys();
    for (QTcpSocket *socket : sockets) {
        if (auto it = m_clients.find(socket); it != m_clients.end())
            send(*it, record);
    }
}

bool EventHub::mayReceive(const Client &client, const Event &event) const
{
    const Actor &actor = client.actor;
    const auto workspaceVisible = [&](const QString &ownerId) {
        // Document 003 shows the caller's own workspaces only; the others, shared ones too.
        if (client.shape == EventShape::MicroVm)
            return ownerId == actor.identity.id;
        return ownerId.isEmpty() || ownerId == actor.identity.id || actor.isAdmin();
    };
    if (const auto *w = std::get_if<Workspace>(&event.payload))
        return workspaceVisible(w->ownerId);
    if (const auto *d = std::get_if<Deleted>(&event.payload))
        return workspaceVisible(d->ownerId);
    if (const auto *s = std::get_if<Session>(&event.payload))
        return s->userId == actor.identity.id || actor.isAdmin();
    if (std::holds_alternative<AuditEntry>(event.payload))
        return actor.isAdmin();
    return true;  // hosts: GET /api/hosts answers any credential
}

const QByteArray &EventHub::render(const Event &event, EventShape shape) const
{
    QByteArray &record = event.rendered[size_t(shape)];
    if (!record.isEmpty())
        return record;
    QJsonObject data;
    if (const auto *w = std::get_if<Workspace>(&event.payload)) {
        switch (shape) {
        case EventShape::Atrium: data = WorkspacesJson::workspace(*w, event.inUse); break;
        case EventShape::V1: data = V1Json::full(*w, m_engine.identity(w->ownerId)); break;
        case EventShape::MicroVm: data = MicroVmJson::workspace(*w, event.at); break;
        }
    } else if (const auto *d = std::get_if<Deleted>(&event.payload)) {
        data = {{QStringLiteral("id"), d->id}};
    } else if (const auto *s = std::get_if<Session>(&event.payload)) {
        data = SessionsJson::session(*s);
    } else if (const auto *h = std::get_if<HostInfo>(&event.payload)) {
        data = HostsController::hostJson(*h);
    } else if (const auto *r = std::get_if<HostRemoved>(&event.payload)) {
        data = {{QStringLiteral("uri"), r->uri}, {QStringLiteral("removed"), true}};
    } else if (const auto *e = std::get_if<AuditEntry>(&event.payload)) {
        data = SystemController::auditJson(*e);
    }
    record = "id: " + QByteArray::number(event.id) + "\nevent: " + event.type + "\ndata: " + compact(data) + "\n\n";
    return record;
}

void EventHub::follow(QTcpSocket *socket, const Actor &actor, EventShape shape, std::optional<quint64> lastEventId)
{
    socket->setParent(this);
    if (m_clients.size() >= kMaxClients) {
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 85\r\n\r\n"
                      "{\"detail\":\"Too many event streams are open; try again shortly\",\"code\":\"SERVER_BUSY\"}");
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    Client &client = m_clients[socket];
    client.socket = socket;
    client.actor = actor;
    client.shape = shape;
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });  // nothing to read: a stream
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray head = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                                        "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
                                        "Connection: close\r\n\r\nretry: 2000\n\n");
    if (!send(client, head))
        return;
    if (!lastEventId)
        return;
    // Resume: everything after the client's last event, or — if that fell out of the backlog or
    // is not one of ours — one resync.
    const bool known = !m_events.empty() && *lastEventId >= m_events.front().id - 1 && *lastEventId <= m_events.back().id;
    if (!known && !(m_events.empty() && *lastEventId == m_nextId - 1)) {
        const QByteArray record = "event: resync\ndata: "
            + compact({{QStringLiteral("reason"), QStringLiteral("events after %1 are no longer kept (the last %2 are); re-read what you follow").arg(*lastEventId).arg(kBacklog)},
                       {QStringLiteral("last_event_id"), QString::number(lastId())}})
            + "\n\n";
        send(client, record);
        return;
    }
    for (const Event &event : m_events) {
        if (event.id <= *lastEventId || !mayReceive(client, event))
            continue;
        if (!send(client, render(event, shape)))
            return;
    }
}

bool EventHub::send(Client &client, const QByteArray &bytes)
{
    QTcpSocket *socket = client.socket;
    if (socket->state() != QAbstractSocket::ConnectedState)
        return false;
    socket->write(bytes);
    if (socket->bytesToWrite() > kMaxUnsentBytes) {
        // It stopped reading: memory is not its to hold. It may come back with Last-Event-ID.
        qCInfo(lcEvents) << "cut off an event stream that stopped reading:" << client.actor.identity.email
                         << socket->bytesToWrite() << "bytes unsent";
        ++m_cutOff;
        drop(socket);
        socket->abort();
        return false;
    }
    return true;
}

void EventHub::drop(QTcpSocket *socket)
{
    if (m_clients.remove(socket) > 0)
        socket->deleteLater();
}

}  // namespace Atrium::Api
