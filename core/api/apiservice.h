#pragma once

#include "api/http/apiserver.h"
#include "api/microvm/quota.h"

#include <QObject>

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
};

/// The whole REST API over one engine: the server and every controller.
class ApiService final : public QObject {
    Q_OBJECT

public:
    /// @p metrics may be null: metrics endpoints then say they are not collected.
    ApiService(Engine &engine, TokenService &tokens, const MetricsSampler *metrics, ApiOptions options = {},
               QObject *parent = nullptr);

    Result<quint16> listen(const QHostAddress &address, quint16 port) { return m_server->listen(address, port); }
    ApiServer &server() { return *m_server; }

private:
    ApiServer *m_server = nullptr;
};

}  // namespace Atrium::Api
