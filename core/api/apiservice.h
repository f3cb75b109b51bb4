#pragma once

#include "api/http/apiserver.h"
#include "api/microvm/quota.h"

#include <QObject>
#include <chrono>

namespace Atrium {
class Engine;
class MetricsSampler;
class TokenService;
}

namespace Atrium::Api {

struct ApiOptions {
    ConnectionLimits limits;
    QuotaSettings quota;
    /// Where noVNC is installed (the browser console's client): ATRIUM_NOVNC_DIR, else Debian's.
    QString novncDirectory = defaultNovncDirectory();
    static QString defaultNovncDirectory();
    /// How often an idle event stream gets a comment line (proxies close silent streams).
    std::chrono::milliseconds eventKeepAlive{15000};
};

/// The whole REST API over one engine: the server and every controller.
class EventHub;

class ApiService final : public QObject {
    Q_OBJECT

public:
    /// @p metrics may be null: metrics endpoints then say they are not collected.
    ApiService(Engine &engine, TokenService &tokens, const MetricsSampler *metrics, ApiOptions options = {},
               QObject *parent = nullptr);

    Result<quint16> listen(const QHostAddress &address, quint16 port) { return m_server->listen(address, port); }
    ApiServer &server() { return *m_server; }
    /// The event streams (GET /api/events), for counts.
    const EventHub &events() const { return *m_events; }

private:
    ApiServer *m_server = nullptr;
    EventHub *m_events = nullptr;
};

}  // namespace Atrium::Api
