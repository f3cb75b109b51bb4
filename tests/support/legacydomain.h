#pragma once

#include "simulatorconnection.h"

#include <libvirt/libvirt.h>

#include <QString>


// A domain defined on libvirt's simulator beside Atrium, as an admin would with virsh.
namespace Atrium::Testing {

/// What `virsh define` of a hand-written domain would make: not Atrium's, with a libosinfo id.
inline QString legacyDomainXml(const QString &name, const QString &uuid, const QString &osId)
{
    return QStringLiteral("<domain type='test'><name>%1</name><uuid>%2</uuid>"
                          "<description>defined by hand</description>"
                          "<metadata><libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
                          "<libosinfo:os id='%3'/></libosinfo:libosinfo></metadata>"
                          "<memory unit='KiB'>1572864</memory><vcpu>3</vcpu>"
                          "<os><type arch='x86_64'>hvm</type></os>"
                          "<devices><graphics type='vnc' port='5907' listen='0.0.0.0'/></devices></domain>")
        .arg(name, uuid, osId);
}

/// A domain defined on the simulator as an admin would with virsh; undefined when it goes.
class LegacyDomain final {
public:
    LegacyDomain(const SimulatorConnection &connection, const QString &name, const QString &uuid,
                 const QString &osId = QStringLiteral("http://debian.org/debian/12"))
        : m_domain(virDomainDefineXML(connection.get(), legacyDomainXml(name, uuid, osId).toUtf8().constData()))
    {
        if (!m_domain)
            qFatal("cannot define %s on the simulator", qPrintable(name));
    }
    ~LegacyDomain()
    {
        if (virDomainIsActive(m_domain) == 1)
            virDomainDestroy(m_domain);
        virDomainUndefine(m_domain);  // fails harmlessly when a test undefined it
        virDomainFree(m_domain);
    }
    LegacyDomain(const LegacyDomain &) = delete;
    LegacyDomain &operator=(const LegacyDomain &) = delete;

    virDomainPtr get() const { return m_domain; }
    QString xml(unsigned flags = VIR_DOMAIN_XML_INACTIVE) const
    {
        char *xml = virDomainGetXMLDesc(m_domain, flags);
        const QString text = QString::fromUtf8(xml);
        free(xml);
        return text;
    }
    bool exists(const SimulatorConnection &connection, const QString &name) const
    {
        virDomainPtr found = virDomainLookupByName(connection.get(), name.toUtf8().constData());
        if (found)
            virDomainFree(found);
        return found != nullptr;
    }

private:
    virDomainPtr m_domain;
};

/// The id Atrium gives a found domain without Atrium's metadata: derived from its UUID.
inline QString idForUuid(const QString &uuid) { return QStringLiteral("ws-") + QString(uuid).remove(u'-'); }

}  // namespace Atrium::Testing
