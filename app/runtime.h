#pragma once

#include "api/apiservice.h"
#include "auth/tokenservice.h"
#include "engine/engine.h"
#include "metrics/metricssampler.h"
#include "model/error.h"
#include "providers/hostregistry.h"
#include "providers/libvirteventloop.h"
#include "providers/tunnelprobe.h"
#include "store/store.h"

#include <QLockFile>
#include <QString>
#include <QStringList>

#include <memory>

namespace Atrium {

struct RuntimeOptions {
    QString dataDir;         ///< where atrium.db lives
    QStringList hostUris;    ///< empty: the saved hosts, or autodetect
    HostOptions hostOptions;
    /// --virt-type: the virtualization of the hosts in hostUris, for this run (not remembered).
    std::optional<Virtualization> commandLineVirtualization;
    EngineOptions engineOptions;
    MetricsOptions metricsOptions;
    Api::ApiOptions apiOptions;
};

/// Everything `atrium serve` and the desktop window run on: the store (with a
/// lock so only one Atrium owns a data directory), libvirt's event loop, the
/// hosts, the tunnel probe, tokens and the engine. Destroyed in reverse order.
class Runtime final {
public:
    static Result<std::unique_ptr<Runtime>> create(const RuntimeOptions &options);
    ~Runtime();

    Engine &engine() { return *m_engine; }
    TokenService &tokens() { return *m_tokens; }
    Store &store() { return *m_store; }
    HostRegistry &hosts() { return *m_hosts; }
    MetricsSampler &metrics() { return *m_metrics; }
    QString dataDir() const { return m_dataDir; }

    /// Starts the REST API. Listening beyond loopback is allowed, with a warning.
    Result<quint16> startApi(const QHostAddress &address, quint16 port);
    Api::ApiService *api() { return m_api.get(); }

    static QString defaultDataDir();
    /// The prefix atrium is installed under (/usr for the package): the parent of the bin
    /// directory it runs from; in a build tree, the prefix it was configured to install to.
    static QString installPrefix();
    /// atrium-askpass, through which Atrium answers ssh's questions; empty when not found.
    static QString askpassHelper();
    static QString databasePath(const QString &dataDir);

private:
    Runtime() = default;

    QString m_dataDir;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<LibvirtEventLoop> m_eventLoop;
    std::unique_ptr<HostRegistry> m_hosts;
    TunnelProbe m_tunnel;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MetricsSampler> m_metrics;
    Api::ApiOptions m_apiOptions;
    std::unique_ptr<Api::ApiService> m_api;
};

}  // namespace Atrium
