#pragma once

#include "api/http/router.h"

#include <QJsonObject>
#include <QObject>

namespace Atrium {
class Engine;
struct HostInfo;
}

namespace Atrium::Api {

/// Atrium's libvirt hosts: GET /api/hosts (any credential), PATCH /api/hosts/{id} (admin:
/// the virtualization setting).
class HostsController final : public QObject {
    Q_OBJECT

public:
    explicit HostsController(Engine &engine, QObject *parent = nullptr);
    void registerRoutes(Router &router);

    /// A host as /api/hosts shows it.
    static QJsonObject hostJson(const HostInfo &host);
    /// The "virtualization" object of a host (also in /api/health).
    static QJsonObject virtualizationJson(const HostInfo &host);

private:
    ApiReply list(const ApiRequest &request);
    ApiReply update(const ApiRequest &request);

    Engine &m_engine;
};

}  // namespace Atrium::Api
