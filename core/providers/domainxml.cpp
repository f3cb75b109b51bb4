#include "domainxml.h"

#include "domaindetailsxml.h"

#include <QXmlStreamWriter>

namespace Atrium {

namespace {

void element(QXmlStreamWriter &xml, const QString &name, const QString &text)
{
    xml.writeTextElement(name, text);
}

void writeDisk(QXmlStreamWriter &xml, const DomainSpec &spec)
{
    xml.writeStartElement(QStringLiteral("disk"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("volume"));
    xml.writeAttribute(QStringLiteral("device"), QStringLiteral("disk"));
    xml.writeEmptyElement(QStringLiteral("driver"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("qemu"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("qcow2"));
    xml.writeEmptyElement(QStringLiteral("source"));
    xml.writeAttribute(QStringLiteral("pool"), QString(kStoragePoolName));
    xml.writeAttribute(QStringLiteral("volume"), volumeName(spec));
    xml.writeEmptyElement(QStringLiteral("target"));
    xml.writeAttribute(QStringLiteral("dev"), QStringLiteral("vda"));
    xml.writeAttribute(QStringLiteral("bus"), QStringLiteral("virtio"));
    xml.writeEndElement();
}

void writeConsole(QXmlStreamWriter &xml, const DomainSpec &spec)
{
    xml.writeStartElement(QStringLiteral("serial"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("pty"));
    if (!spec.serialLogPath.isEmpty()) {
        xml.writeEmptyElement(QStringLiteral("log"));
        xml.writeAttribute(QStringLiteral("file"), spec.serialLogPath);
        xml.writeAttribute(QStringLiteral("append"), QStringLiteral("on"));
    }
    xml.writeEmptyElement(QStringLiteral("target"));
    xml.writeAttribute(QStringLiteral("port"), QStringLiteral("0"));
    xml.writeEndElement();
    xml.writeStartElement(QStringLiteral("console"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("pty"));
    xml.writeEmptyElement(QStringLiteral("target"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("serial"));
    xml.writeAttribute(QStringLiteral("port"), QStringLiteral("0"));
    xml.writeEndElement();
}

/// VNC that the network cannot reach: no listener where the viewer gets a socket from
/// libvirt (virDomainOpenGraphicsFD, local hosts); a UNIX socket or the hypervisor's
/// 127.0.0.1 where it comes through an SSH tunnel (remote hosts).
void writeGraphics(QXmlStreamWriter &xml, GraphicsListen listen)
{
    xml.writeStartElement(QStringLiteral("graphics"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("vnc"));
    switch (listen) {
    case GraphicsListen::None:
        xml.writeEmptyElement(QStringLiteral("listen"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("none"));
        break;
    case GraphicsListen::Socket:  // libvirt chooses the path, in the domain's private directory
        xml.writeEmptyElement(QStringLiteral("listen"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("socket"));
        break;
    case GraphicsListen::Loopback:
        xml.writeAttribute(QStringLiteral("autoport"), QStringLiteral("yes"));
        xml.writeEmptyElement(QStringLiteral("listen"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("address"));
        xml.writeAttribute(QStringLiteral("address"), QStringLiteral("127.0.0.1"));
        break;
    }
    xml.writeEndElement();
}

}  // namespace

QString volumeName(const DomainSpec &spec)
{
    return spec.name + QStringLiteral(".qcow2");
}

QString domainXml(const DomainSpec &spec)
{
    QString out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartElement(QStringLiteral("domain"));
    xml.writeAttribute(QStringLiteral("type"), spec.virtType);
    element(xml, QStringLiteral("name"), spec.name);
    if (!spec.uuid.isEmpty())
        element(xml, QStringLiteral("uuid"), spec.uuid);
    element(xml, QStringLiteral("title"), spec.title.left(200).simplified());
    element(xml, QStringLiteral("description"), QStringLiteral("Atrium workspace %1").arg(spec.workspaceId));

    xml.writeStartElement(QStringLiteral("metadata"));
    AtriumMetadata metadata = spec.metadata;
    metadata.workspaceId = spec.workspaceId;
    metadata.adopted = false;
    writeAtriumMetadata(xml, metadata, true);
    xml.writeEndElement();

    xml.writeStartElement(QStringLiteral("memory"));
    xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("MiB"));
    xml.writeCharacters(QString::number(spec.memoryMb));
    xml.writeEndElement();
    element(xml, QStringLiteral("vcpu"), QString::number(spec.vcpus));

    xml.writeStartElement(QStringLiteral("os"));
    xml.writeStartElement(QStringLiteral("type"));
    xml.writeAttribute(QStringLiteral("arch"), QStringLiteral("x86_64"));
    xml.writeCharacters(QStringLiteral("hvm"));
    xml.writeEndElement();
    if (!spec.kernelPath.isEmpty()) {
        element(xml, QStringLiteral("kernel"), spec.kernelPath);
        if (!spec.initrdPath.isEmpty())
            element(xml, QStringLiteral("initrd"), spec.initrdPath);
        element(xml, QStringLiteral("cmdline"), spec.kernelCmdline);
    } else {
        xml.writeEmptyElement(QStringLiteral("boot"));
        xml.writeAttribute(QStringLiteral("dev"), QStringLiteral("hd"));
    }
    xml.writeEndElement();

    // ACPI lets a graceful shutdown reach the guest.
    xml.writeStartElement(QStringLiteral("features"));
    xml.writeEmptyElement(QStringLiteral("acpi"));
    xml.writeEmptyElement(QStringLiteral("apic"));
    xml.writeEndElement();
    if (spec.virtType == u"kvm") {
        xml.writeEmptyElement(QStringLiteral("cpu"));
        xml.writeAttribute(QStringLiteral("mode"), QStringLiteral("host-passthrough"));
    }
    element(xml, QStringLiteral("on_poweroff"), QStringLiteral("destroy"));
    element(xml, QStringLiteral("on_reboot"), QStringLiteral("restart"));
    element(xml, QStringLiteral("on_crash"), QStringLiteral("destroy"));

    xml.writeStartElement(QStringLiteral("devices"));
    if (spec.diskMb > 0)
        writeDisk(xml, spec);
    writeConsole(xml, spec);
    if (!spec.networkName.isEmpty()) {
        xml.writeStartElement(QStringLiteral("interface"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("network"));
        xml.writeEmptyElement(QStringLiteral("source"));
        xml.writeAttribute(QStringLiteral("network"), spec.networkName);
        xml.writeEmptyElement(QStringLiteral("model"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("virtio"));
        xml.writeEndElement();
    }
    writeGraphics(xml, spec.graphicsListen);
    xml.writeStartElement(QStringLiteral("video"));
    xml.writeEmptyElement(QStringLiteral("model"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("vga"));
    xml.writeEndElement();
    xml.writeStartElement(QStringLiteral("memballoon"));
    xml.writeAttribute(QStringLiteral("model"), QStringLiteral("virtio"));
    xml.writeEmptyElement(QStringLiteral("stats"));
    xml.writeAttribute(QStringLiteral("period"), QStringLiteral("2"));
    xml.writeEndElement();
    xml.writeEndElement();  // devices

    xml.writeEndElement();  // domain
    return out;
}

QString volumeXml(const DomainSpec &spec)
{
    QString out;
    QXmlStreamWriter xml(&out);
    xml.writeStartElement(QStringLiteral("volume"));
    element(xml, QStringLiteral("name"), volumeName(spec));
    xml.writeStartElement(QStringLiteral("capacity"));
    xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("MiB"));
    xml.writeCharacters(QString::number(spec.diskMb));
    xml.writeEndElement();
    xml.writeStartElement(QStringLiteral("target"));
    xml.writeEmptyElement(QStringLiteral("format"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("qcow2"));
    xml.writeEndElement();
    if (!spec.baseImagePath.isEmpty()) {
        // A copy-on-write overlay: the guest's writes never reach the base image.
        xml.writeStartElement(QStringLiteral("backingStore"));
        element(xml, QStringLiteral("path"), spec.baseImagePath);
        xml.writeEmptyElement(QStringLiteral("format"));
        xml.writeAttribute(QStringLiteral("type"), spec.baseImageFormat);
        xml.writeEndElement();
    }
    xml.writeEndElement();
    return out;
}

QString imageVolumeName(const Image &image, ImagePart part)
{
    QString suffix;
    switch (part) {
    case ImagePart::Kernel: suffix = QStringLiteral("vmlinuz"); break;
    case ImagePart::Initrd: suffix = QStringLiteral("initrd"); break;
    case ImagePart::Disk: suffix = image.diskFormat; break;
    }
    return QStringLiteral("image-%1-%2.%3").arg(image.id, image.version, suffix);
}

QString serialLogVolumeName(const QString &domainName)
{
    return domainName + QStringLiteral(".serial.log");
}

QString rawVolumeXml(const QString &name, qint64 bytes)
{
    QString out;
    QXmlStreamWriter xml(&out);
    xml.writeStartElement(QStringLiteral("volume"));
    element(xml, QStringLiteral("name"), name);
    xml.writeStartElement(QStringLiteral("capacity"));
    xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("bytes"));
    xml.writeCharacters(QString::number(bytes));
    xml.writeEndElement();
    element(xml, QStringLiteral("allocation"), QStringLiteral("0"));
    xml.writeStartElement(QStringLiteral("target"));
    xml.writeEmptyElement(QStringLiteral("format"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("raw"));
    xml.writeEndElement();
    xml.writeEndElement();
    return out;
}

QString storagePoolXml(const QString &path)
{
    QString out;
    QXmlStreamWriter xml(&out);
    xml.writeStartElement(QStringLiteral("pool"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("dir"));
    element(xml, QStringLiteral("name"), QString(kStoragePoolName));
    xml.writeStartElement(QStringLiteral("target"));
    element(xml, QStringLiteral("path"), path);
    xml.writeEndElement();
    xml.writeEndElement();
    return out;
}

}  // namespace Atrium
