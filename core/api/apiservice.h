#pragma once

#include "apiserver.h"

#include <QObject>

namespace Atrium {
class Engine;
class TokenService;
}

namespace Atrium::Api {

/// The whole REST API over one engine: the server and every controller.
class ApiService final : public QObject {
    Q_OBJECT

public:
    ApiService(Engine &engine, TokenService &tokens, ConnectionLimits limits = {}, QObject *parent = nullptr);

    Result<quint16> listen(const QHostAddress &address, quint16 port) { return m_server->listen(address, port); }
    ApiServer &server() { return *m_server; }

private:
    ApiServer *m_server = nullptr;
};

}  // namespace Atrium::Api
