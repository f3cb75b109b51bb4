#include "runtime.h"

#include "installdirs.h"

#include <QCoreApplication>
#include <QDebug>
#include <QFileInfo>
#include <QDir>
#include <QStandardPaths>

namespace Atrium {

QString Runtime::defaultDataDir()
{
    // Spelled out rather than AppDataLocation: that one gains the organisation name the window
    // sets for its QSettings, and the window and `atrium serve` must share one database.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("atrium"));
}

QString Runtime::installPrefix()
{
    // /proc/self/exe rather than applicationDirPath(): `atrium help` has no application object.
    const QString binDir = QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()).absolutePath();
    const QString suffix = QStringLiteral("/" ATRIUM_INSTALL_BINDIR);
    if (binDir.endsWith(suffix))
        return binDir.chopped(suffix.size());
    return QStringLiteral(ATRIUM_INSTALL_PREFIX);
}

QString Runtime::askpassHelper()
{
    // Beside atrium in a build tree; in libexec/atrium once installed.
    const QDir bin(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {bin.filePath(QStringLiteral("atrium-askpass")),
                                     bin.filePath(QStringLiteral("../libexec/atrium/atrium-askpass"))}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

QString Runtime::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("atrium.db"));
}

Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeOptions &options)
{
    std::unique_ptr<Runtime> runtime(new Runtime);
    runtime->m_dataDir = options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir;
    if (!QDir().mkpath(runtime->m_dataDir))
        return fail(ErrorCode::StoreFailed, QStringLiteral("cannot create the data directory %1").arg(runtime->m_dataDir));

    // Two engines on one catalog would each believe they own it.
    runtime->m_lock = std::make_unique<QLockFile>(QDir(runtime->m_dataDir).filePath(QStringLiteral("atrium.lock")));
    runtime->m_lock->setStaleLockTime(0);
    if (!runtime->m_lock->tryLock(0)) {
        if (runtime->m_lock->error() != QLockFile::LockFailedError) {
            // Not another Atrium: the directory refuses us (permissions, a read-only disk).
            return fail(ErrorCode::StoreFailed, QStringLiteral("cannot write in the data directory %1 (%2); give this user "
                                                               "write access or pass another --data-dir")
                                                    .arg(runtime->m_dataDir,
                                                         runtime->m_lock->error() == QLockFile::PermissionError
                                                             ? QStringLiteral("permission denied")
                                                             : QStringLiteral("the lock file cannot be created")));
        }
        qint64 pid = 0;
        QString hostname;
        QString application;
        runtime->m_lock->getLockInfo(&pid, &hostname, &application);
        return fail(ErrorCode::Conflict, QStringLiteral("another Atrium (pid %1) is already using %2; stop it or pass "
                                                        "another --data-dir")
                                             .arg(pid)
                                             .arg(runtime->m_dataDir));
    }

    auto store = Store::open(databasePath(runtime->m_dataDir));
    if (!store)
        return fail(store.error());
    runtime->m_store = std::move(*store);
    runtime->m_eventLoop = std::make_unique<LibvirtEventLoop>();
    HostOptions hostOptions = options.hostOptions;
    if (hostOptions.askpassHelper.isEmpty())
        hostOptions.askpassHelper = askpassHelper();
    runtime->m_hosts = std::make_unique<HostRegistry>(hostOptions);
    runtime->m_tokens = std::make_unique<TokenService>(*runtime->m_store);
    EngineOptions engineOptions = options.engineOptions;
    if (engineOptions.images.directories().isEmpty())
        engineOptions.images = ImageCatalog(ImageCatalog::defaultDirectories(runtime->m_dataDir));
    runtime->m_engine = std::make_unique<Engine>(*runtime->m_store, *runtime->m_hosts, runtime->m_tunnel,
                                                 engineOptions);

    QStringList uris = options.hostUris;
    const bool fromCommandLine = !uris.isEmpty();
    if (uris.isEmpty()) {
        auto saved = runtime->m_store->hosts();
        if (saved)
            uris = *saved;
    }
    if (uris.isEmpty()) {
        runtime->m_hosts->addAutodetected(runtime->m_engine->rememberedSettings(QString(HostRegistry::kSystemUri)));
    } else {
        for (const QString &uri : uris) {
            std::optional<HostSettings> settings = runtime->m_engine->rememberedSettings(uri);
            if (fromCommandLine && options.commandLineVirtualization) {
                if (!settings || settings->virtualization != *options.commandLineVirtualization) {
                    HostSettings chosen;
                    if (settings)
                        chosen = *settings;
                    chosen.uri = uri;
                    chosen.virtualization = *options.commandLineVirtualization;
                    chosen.kvmFailure.clear();  // a new choice starts afresh, as in the Hosts view
                    chosen.kvmFailedAt = {};
                    settings = chosen;
                }
            }
            runtime->m_hosts->add(uri, settings);
        }
    }
    if (auto ok = runtime->m_engine->start(); !ok)
        return fail(ok.error());
    Engine *engine = runtime->m_engine.get();
    runtime->m_metrics = std::make_unique<MetricsSampler>(
        *runtime->m_hosts, *runtime->m_store,
        [engine](const QString &uri, const QString &domain) { return engine->workspaceIdForDomain(uri, domain); },
        options.metricsOptions);
    runtime->m_metrics->setLocator([engine](const QString &id) -> std::optional<std::pair<QString, QString>> {
        const auto w = engine->workspace(id);
        if (!w || w->domainName.isEmpty())
            return std::nullopt;
        return std::pair{engine->effectiveHostUri(*w), w->domainName};
    });
    runtime->m_metrics->start();
    runtime->m_apiOptions = options.apiOptions;
    return runtime;
}

Result<quint16> Runtime::startApi(const QHostAddress &address, quint16 port)
{
    m_api = std::make_unique<Api::ApiService>(*m_engine, *m_tokens, m_metrics.get(), m_apiOptions);
    auto listening = m_api->listen(address, port);
    if (!listening) {
        m_api.reset();
        return listening;
    }
    if (!address.isLoopback()) {
        qWarning().noquote() << "the REST API listens on" << m_api->server().baseUrl()
                             << ": it is reachable from the network, not only from this machine";
    }
    return listening;
}

Runtime::~Runtime()
{
    m_api.reset();  // no request may reach the engine while it goes
    m_metrics.reset();
    m_engine.reset();
    m_tokens.reset();
    m_hosts.reset();  // closes every connection, joining its worker thread
    m_eventLoop.reset();
    m_store.reset();
}

}  // namespace Atrium
