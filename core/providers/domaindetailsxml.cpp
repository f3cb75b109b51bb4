#include "domaindetailsxml.h"

#include "domainxml.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Atrium {

namespace {

qint64 toMebibytes(qint64 value, QStringView unit)
{
    const QString u = unit.toString().toLower();
    if (u == u"b" || u == u"bytes")
        return value / (1024 * 1024);
    if (u == u"kb")
        return value * 1000 / (1024 * 1024);
    if (u == u"mb")
        return value * 1000 * 1000 / (1024 * 1024);
    if (u == u"m" || u == u"mib")
        return value;
    if (u == u"g" || u == u"gib")
        return value * 1024;
    if (u == u"gb")
        return value * 1000 * 1000 * 1000 / (1024 * 1024);
    if (u == u"t" || u == u"tib")
        return value * 1024 * 1024;
    return value / 1024;  // libvirt's default unit is KiB ("k", "KiB" or none)
}

QString attribute(const QXmlStreamReader &xml, const char *name)
{
    return xml.attributes().value(QLatin1StringView(name)).toString();
}

void readAtriumMetadata(QXmlStreamReader &xml, AtriumMetadata &md)
{
    md.workspaceId = attribute(xml, "id");
    md.adopted = attribute(xml, "adopted") == u"yes";
    md.type = attribute(xml, "type");
    md.ownerId = attribute(xml, "owner");
    QString text;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::Characters) {
            text += xml.text();
        } else if (token == QXmlStreamReader::StartElement) {
            // Children are matched by name: libvirt keeps only the top element in our namespace.
            if (xml.name() == u"description") {
                md.description = xml.readElementText(QXmlStreamReader::SkipChildElements);
            } else if (xml.name() == u"lifecycle") {
                md.restartPolicy = attribute(xml, "restart");
                md.maxRestarts = attribute(xml, "max-restarts").toInt();
                md.ttl = attribute(xml, "ttl");
                md.ttlAction = attribute(xml, "ttl-action");
                xml.skipCurrentElement();
            } else {
                xml.skipCurrentElement();
            }
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        }
    }
    if (md.workspaceId.isEmpty())
        md.workspaceId = text.trimmed();  // the first Atriums wrote <atrium:workspace>id</atrium:workspace>
}

void readMetadata(QXmlStreamReader &xml, DomainDetails &d)
{
    while (xml.readNextStartElement()) {
        if (xml.namespaceUri() == kMetadataNamespace && xml.name() == u"workspace") {
            AtriumMetadata md;
            readAtriumMetadata(xml, md);
            d.atrium = md;
        } else if (xml.namespaceUri() == kLibosinfoNamespace) {
            while (xml.readNextStartElement()) {
                if (xml.name() == u"os")
                    d.osId = attribute(xml, "id");
                xml.skipCurrentElement();
            }
        } else {
            xml.skipCurrentElement();
        }
    }
}

void readDisk(QXmlStreamReader &xml, DomainDetails &d)
{
    DomainDisk disk;
    disk.device = attribute(xml, "device");
    if (disk.device.isEmpty())
        disk.device = QStringLiteral("disk");
    while (xml.readNextStartElement()) {
        if (xml.name() == u"source") {
            const QString pool = attribute(xml, "pool");
            if (!pool.isEmpty())
                disk.source = pool + u'/' + attribute(xml, "volume");
            for (const char *name : {"file", "dev", "name", "dir"}) {
                if (disk.source.isEmpty())
                    disk.source = attribute(xml, name);
            }
        } else if (xml.name() == u"target") {
            disk.target = attribute(xml, "dev");
        }
        xml.skipCurrentElement();
    }
    d.disks << disk;
}

void readGraphics(QXmlStreamReader &xml, DomainDetails &d)
{
    const QString type = attribute(xml, "type");
    const GraphicsKind kind = type == u"vnc" ? GraphicsKind::Vnc : type == u"spice" ? GraphicsKind::Spice : GraphicsKind::Other;
    if (kind == GraphicsKind::Spice)
        d.spiceToo = true;
    // VNC is what Atrium's viewer speaks: a VNC display wins over one listed before it.
    const bool take = d.graphics.kind == GraphicsKind::None || (kind == GraphicsKind::Vnc && d.graphics.kind != GraphicsKind::Vnc);
    DomainGraphics g;
    g.kind = kind;
    bool ok = false;
    const int port = attribute(xml, "port").toInt(&ok);
    g.port = ok && port > 0 ? port : -1;
    g.socket = attribute(xml, "socket");
    g.listenAddress = attribute(xml, "listen");
    if (!g.socket.isEmpty())
        g.listenType = QStringLiteral("socket");
    else if (!g.listenAddress.isEmpty())
        g.listenType = QStringLiteral("address");
    while (xml.readNextStartElement()) {
        if (xml.name() == u"listen" && g.listenType.isEmpty()) {
            g.listenType = attribute(xml, "type");
            g.listenAddress = attribute(xml, "address");
            g.socket = attribute(xml, "socket");
        }
        xml.skipCurrentElement();
    }
    if (g.listenType.isEmpty() && kind != GraphicsKind::Other) {
        // No listen at all: QEMU binds what qemu.conf says (vnc_listen, 127.0.0.1 by default).
        g.listenType = QStringLiteral("address");
        g.listenAddress = QStringLiteral("127.0.0.1");
    }
    if (take)
        d.graphics = g;
}

void readDevices(QXmlStreamReader &xml, DomainDetails &d)
{
    while (xml.readNextStartElement()) {
        if (xml.name() == u"disk") {
            readDisk(xml, d);
            continue;
        }
        if (xml.name() == u"graphics") {
            readGraphics(xml, d);
            continue;
        }
        if (xml.name() == u"serial" || xml.name() == u"console")
            d.hasSerialConsole = true;
        xml.skipCurrentElement();
    }
}

}  // namespace

Result<DomainDetails> parseDomainDetails(const QString &text)
{
    QXmlStreamReader xml(text);
    if (!xml.readNextStartElement() || xml.name() != u"domain")
        return fail(ErrorCode::InvalidInput, QStringLiteral("not a libvirt domain description (no <domain> element)"));
    DomainDetails d;
    d.virtType = attribute(xml, "type");
    qint64 memory = -1;
    qint64 currentMemory = -1;
    while (xml.readNextStartElement()) {
        const auto name = xml.name();
        if (name == u"name") {
            d.name = xml.readElementText();
        } else if (name == u"uuid") {
            d.uuid = xml.readElementText().trimmed();
        } else if (name == u"title") {
            d.title = xml.readElementText();
        } else if (name == u"description") {
            d.description = xml.readElementText();
        } else if (name == u"vcpu") {
            const QString current = attribute(xml, "current");
            const int maximum = xml.readElementText().trimmed().toInt();
            d.vcpus = current.isEmpty() ? maximum : current.toInt();
        } else if (name == u"memory" || name == u"currentMemory") {
            const QString unit = attribute(xml, "unit");
            const qint64 mb = toMebibytes(xml.readElementText().trimmed().toLongLong(), unit);
            (name == u"memory" ? memory : currentMemory) = mb;
        } else if (name == u"metadata") {
            readMetadata(xml, d);
        } else if (name == u"features") {
            while (xml.readNextStartElement()) {
                if (xml.name() == u"hyperv")
                    d.windowsHints = true;
                xml.skipCurrentElement();
            }
        } else if (name == u"devices") {
            readDevices(xml, d);
        } else {
            xml.skipCurrentElement();
        }
    }
    if (xml.hasError()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("the domain's XML is malformed at line %1: %2")
                                                 .arg(xml.lineNumber())
                                                 .arg(xml.errorString()));
    }
    d.memoryMb = currentMemory > 0 ? currentMemory : std::max<qint64>(memory, 0);
    d.vcpus = std::max(d.vcpus, 1);
    if (d.osId.contains(u"microsoft.com/win"))
        d.windowsHints = true;
    return d;
}

void writeAtriumMetadata(QXmlStreamWriter &xml, const AtriumMetadata &md, bool inNamespace)
{
    if (inNamespace) {
        xml.writeNamespace(QString(kMetadataNamespace), QStringLiteral("atrium"));
        xml.writeStartElement(QString(kMetadataNamespace), QStringLiteral("workspace"));
    } else {
        xml.writeStartElement(QStringLiteral("workspace"));
    }
    xml.writeAttribute(QStringLiteral("id"), md.workspaceId);
    if (md.adopted)
        xml.writeAttribute(QStringLiteral("adopted"), QStringLiteral("yes"));
    if (!md.type.isEmpty())
        xml.writeAttribute(QStringLiteral("type"), md.type);
    if (!md.ownerId.isEmpty())
        xml.writeAttribute(QStringLiteral("owner"), md.ownerId);
    if (!md.description.isEmpty())
        xml.writeTextElement(QStringLiteral("description"), md.description);
    if (!md.restartPolicy.isEmpty() || !md.ttl.isEmpty()) {
        xml.writeEmptyElement(QStringLiteral("lifecycle"));
        if (!md.restartPolicy.isEmpty()) {
            xml.writeAttribute(QStringLiteral("restart"), md.restartPolicy);
            xml.writeAttribute(QStringLiteral("max-restarts"), QString::number(md.maxRestarts));
        }
        if (!md.ttl.isEmpty()) {
            xml.writeAttribute(QStringLiteral("ttl"), md.ttl);
            xml.writeAttribute(QStringLiteral("ttl-action"), md.ttlAction);
        }
    }
    xml.writeEndElement();
}

QString atriumMetadataXml(const AtriumMetadata &metadata)
{
    QString out;
    QXmlStreamWriter xml(&out);
    writeAtriumMetadata(xml, metadata, false);
    return out;
}

}  // namespace Atrium
