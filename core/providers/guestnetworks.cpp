#include "guestnetworks.h"

#include "libvirterror.h"

#include <QXmlStreamWriter>

#include <libvirt/virterror.h>

#include <memory>

namespace Atrium {

namespace {

struct NetworkFree {
    void operator()(virNetworkPtr p) const { virNetworkFree(p); }
};
using NetworkHandle = std::unique_ptr<virNetwork, NetworkFree>;

bool lastErrorIsNoNetwork()
{
    const virErrorPtr error = virGetLastError();
    return error && error->code == VIR_ERR_NO_NETWORK;
}

Result<void> ensureActive(virNetworkPtr network, const QString &name, QStringList &log)
{
    const int active = virNetworkIsActive(network);
    if (active < 0)
        return fail(lastLibvirtError(QStringLiteral("cannot read the state of network %1").arg(name)));
    if (active == 0) {
        if (virNetworkCreate(network) < 0)
            return fail(lastLibvirtError(QStringLiteral("cannot start network %1").arg(name)));
        log << QStringLiteral("started network %1").arg(name);
    }
    return {};
}

Result<void> ensureIsolatedNetwork(virConnectPtr conn, QStringList &log)
{
    const QString name = QString::fromLatin1(kIsolatedNetwork);
    NetworkHandle network(virNetworkLookupByName(conn, kIsolatedNetwork));
    if (!network) {
        if (!lastErrorIsNoNetwork())
            return fail(lastLibvirtError(QStringLiteral("cannot look up network %1").arg(name)));
        const QByteArray xml = isolatedNetworkXml().toUtf8();
        network.reset(virNetworkDefineXML(conn, xml.constData()));
        if (!network)
            return fail(lastLibvirtError(QStringLiteral("cannot define network %1").arg(name)));
        virNetworkSetAutostart(network.get(), 1);  // best effort: it is started on demand anyway
        log << QStringLiteral("defined isolated network %1 (bridge %2: no forwarding, no address, no DHCP)")
                   .arg(name, QString::fromLatin1(kIsolatedBridge));
    }
    return ensureActive(network.get(), name, log);
}

}  // namespace

QString isolatedNetworkXml()
{
    QString out;
    QXmlStreamWriter xml(&out);
    xml.writeStartElement(QStringLiteral("network"));
    xml.writeTextElement(QStringLiteral("name"), QString::fromLatin1(kIsolatedNetwork));
    // No <forward> and no <ip>: libvirt makes a bare bridge, with no route to
    // the host or beyond and no dnsmasq to run.
    xml.writeEmptyElement(QStringLiteral("bridge"));
    xml.writeAttribute(QStringLiteral("name"), QString::fromLatin1(kIsolatedBridge));
    xml.writeAttribute(QStringLiteral("stp"), QStringLiteral("on"));
    xml.writeAttribute(QStringLiteral("delay"), QStringLiteral("0"));
    xml.writeEndElement();
    return out;
}

Result<void> resolveGuestNetwork(virConnectPtr conn, DomainSpec &spec, QStringList &log)
{
    spec.networkName.clear();
    switch (spec.network) {
    case GuestNetwork::None: return {};
    case GuestNetwork::Isolated:
        if (auto ok = ensureIsolatedNetwork(conn, log); !ok)
            return ok;
        spec.networkName = QString::fromLatin1(kIsolatedNetwork);
        log << QStringLiteral("NIC on isolated network %1 (allow_internet: false)").arg(spec.networkName);
        return {};
    case GuestNetwork::Internet: {
        const QByteArray name = spec.internetNetwork.toUtf8();
        NetworkHandle network(virNetworkLookupByName(conn, name.constData()));
        if (!network) {
            if (!lastErrorIsNoNetwork())
                return fail(lastLibvirtError(QStringLiteral("cannot look up network %1").arg(spec.internetNetwork)));
            log << QStringLiteral("no network '%1' on this host: the guest gets no NIC").arg(spec.internetNetwork);
            return {};
        }
        if (auto ok = ensureActive(network.get(), spec.internetNetwork, log); !ok)
            return ok;
        spec.networkName = spec.internetNetwork;
        log << QStringLiteral("NIC on network %1").arg(spec.networkName);
        return {};
    }
    }
    return {};
}

}  // namespace Atrium
