#include "hostregistry.h"

#include "askpassbroker.h"
#include "credentialbook.h"

#include <QLoggingCategory>

namespace Atrium {

Q_DECLARE_LOGGING_CATEGORY(lcHost)

HostRegistry::HostRegistry(HostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (!m_options.credentials)
        m_options.credentials = std::make_shared<CredentialBook>();
    if (!m_options.askpass && !m_options.askpassHelper.isEmpty())
        m_options.askpass = std::make_shared<AskpassBroker>(m_options.askpassHelper, m_options.credentials);
}

HostRegistry::~HostRegistry()
{
    // Close hosts in reverse order, each joining its worker thread.
    while (!m_hosts.isEmpty())
        delete m_hosts.takeLast();
}

LibvirtHost *HostRegistry::add(const QString &uri, const std::optional<HostSettings> &settings)
{
    if (LibvirtHost *existing = host(uri))
        return existing;
    auto *host = new LibvirtHost(uri, m_options, this);
    if (settings)
        host->applySettings(*settings);
    m_hosts.append(host);
    connect(host, &LibvirtHost::infoChanged, this, &HostRegistry::hostChanged);
    connect(host, &LibvirtHost::domainEvent, this, &HostRegistry::domainEvent);
    Q_EMIT hostAdded(host->info());
    host->connectToHost();
    return host;
}

bool HostRegistry::remove(const QString &uri)
{
    LibvirtHost *host = this->host(uri);
    if (!host)
        return false;
    m_hosts.removeOne(host);
    m_options.credentials->forget(uri);
    delete host;
    Q_EMIT hostRemoved(uri);
    return true;
}

void HostRegistry::addAutodetected(const std::optional<HostSettings> &systemSettings)
{
    LibvirtHost *system = add(QString(kSystemUri), systemSettings);
    auto *watch = new QObject(this);
    connect(system, &LibvirtHost::infoChanged, watch, [this, watch](const HostInfo &info) {
        if (info.state == HostState::Connected) {
            watch->deleteLater();
            return;
        }
        if (info.state != HostState::Failed)
            return;
        watch->deleteLater();
        qCInfo(lcHost).noquote() << "no hypervisor at" << kSystemUri << "(" << info.lastError
                                 << "); using libvirt's simulator" << kSimulatorUri;
        // Not from inside the host's own signal: removing it deletes the sender.
        QMetaObject::invokeMethod(this, [this] {
            remove(QString(kSystemUri));
            add(QString(kSimulatorUri));
        }, Qt::QueuedConnection);
    });
}

LibvirtHost *HostRegistry::host(const QString &uri) const
{
    for (LibvirtHost *host : m_hosts) {
        if (host->uri() == uri)
            return host;
    }
    return nullptr;
}

LibvirtHost *HostRegistry::defaultHost() const
{
    return m_hosts.isEmpty() ? nullptr : m_hosts.first();
}

QList<HostInfo> HostRegistry::infos() const
{
    QList<HostInfo> list;
    for (const LibvirtHost *host : m_hosts)
        list.append(host->info());
    return list;
}

}  // namespace Atrium
