#pragma once

#include "api/http/router.h"
#include "model/auditentry.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

/// Atrium's own endpoints: /api/health (no credential), /api/openapi.json (no
/// credential) and /api/audit (admin).
class SystemController final : public QObject {
    Q_OBJECT

public:
    explicit SystemController(Engine &engine, QObject *parent = nullptr);
    void registerRoutes(Router &router);

    /// The API reference served at /api/openapi.json.
    static QByteArray openApiDocument();
    /// An audit entry as /api/audit shows it.
    static QJsonObject auditJson(const AuditEntry &entry);

private:
    ApiReply health(const ApiRequest &request);
    ApiReply audit(const ApiRequest &request);

    Engine &m_engine;
    QElapsedTimer m_uptime;
};

}  // namespace Atrium::Api
