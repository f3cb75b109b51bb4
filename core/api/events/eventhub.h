#pragma once

#include "model/auditentry.h"
#include "model/host.h"
#include "model/identity.h"
#include "model/session.h"
#include "model/workspace.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <array>
#include <chrono>
#include <deque>
#include <optional>
#include <variant>

class QTcpSocket;

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

/// Which API's shape an event's `data` takes: the workspace as that surface's GET shows it.
enum class EventShape { Atrium, V1, MicroVm };

/// GET /api/events: every change the engine makes, as server-sent events, to every client that
/// may see it. Events carry a monotonic id; the last 10,000 are kept so a client that comes back
/// with Last-Event-ID misses nothing (older than that: one `resync` event). A comment every 15 s
/// keeps proxies from closing the stream; a client whose unread backlog passes a bound is
/// disconnected, so memory stays flat whatever the clients do.
class EventHub final : public QObject {
    Q_OBJECT

public:
    static constexpr int kBacklog = 10000;
    static constexpr qint64 kMaxUnsentBytes = 4 << 20;
    static constexpr int kMaxClients = 256;

    EventHub(Engine &engine, std::chrono::milliseconds keepAlive, QObject *parent = nullptr);
    ~EventHub() override;

    /// Streams to @p socket (response headers not yet sent) for @p actor, resuming after
    /// @p lastEventId when given.
    void follow(QTcpSocket *socket, const Actor &actor, EventShape shape, std::optional<quint64> lastEventId);

    int clientCount() const { return int(m_clients.size()); }
    quint64 lastId() const { return m_nextId - 1; }
    /// Clients cut off for not reading (since start).
    int clientsCutOff() const { return m_cutOff; }

private:
    struct Deleted {
        QString id;
        QString ownerId;
    };
    struct HostRemoved {
        QString uri;
    };
    using Payload = std::variant<Workspace, Deleted, Session, HostInfo, HostRemoved, AuditEntry>;
    struct Event {
        quint64 id = 0;
        QByteArray type;
        Payload payload;
        bool inUse = false;  ///< a workspace's: an active session uses it (document 000's status)
        QDateTime at;
        mutable std::array<QByteArray, 3> rendered;  ///< the whole SSE record, per shape, made on first need
    };
    struct Client {
        QTcpSocket *socket = nullptr;
        Actor actor;
        EventShape shape = EventShape::Atrium;
    };

    void publish(QByteArray type, Payload payload, bool inUse = false);
    void resyncAll(const QString &reason);
    bool mayReceive(const Client &client, const Event &event) const;
    const QByteArray &render(const Event &event, EventShape shape) const;
    /// Writes @p bytes to @p client; false when it was cut off for not reading.
    bool send(Client &client, const QByteArray &bytes);
    void drop(QTcpSocket *socket);

    Engine &m_engine;
    quint64 m_nextId;
    std::deque<Event> m_events;
    QHash<QTcpSocket *, Client> m_clients;
    QSet<QString> m_liveSessions;  ///< active sessions already announced (created vs updated)
    QHash<QString, QString> m_owners;  ///< workspace id → owner, to filter its deletion
    QTimer m_keepAlive;
    int m_cutOff = 0;
};

}  // namespace Atrium::Api
