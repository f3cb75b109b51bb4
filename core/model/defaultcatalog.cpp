#include "defaultcatalog.h"

namespace Atrium {

namespace {

Workspace remoteEndpoint(const char *id, const QString &name, WorkspaceType type, const QString &description,
                         const char *imageUrl, int cpus, int memoryGb, int storageGb, const char *url,
                         ConnectionType connection, bool requiresNetbird, const char *icon)
{
    Workspace w;
    w.id = QString::fromLatin1(id);
    w.name = name;
    w.type = type;
    w.description = description;
    w.imageUrl = QString::fromLatin1(imageUrl);
    w.status = WorkspaceStatus::Available;
    w.resources.cpus = cpus;
    w.resources.memoryMb = memoryGb * 1024LL;
    w.resources.storageMb = storageGb * 1024LL;
    w.url = QString::fromLatin1(url);
    w.connectionType = connection;
    w.requiresNetbird = requiresNetbird;
    w.icon = QString::fromLatin1(icon);
    return w;
}

}  // namespace

QList<Workspace> defaultWorkspaces(const QDateTime &now)
{
    QList<Workspace> list{
        remoteEndpoint("ws-sap-neogenesys", QStringLiteral("SAP Neogénesys"), WorkspaceType::Html5,
                       QStringLiteral("TSPlus HTML5 Desktop para acceso a SAP. Requiere conexión NetBird activa."),
                       "https://images.unsplash.com/photo-1551288049-bebda4e38f71?w=400", 4, 8, 100,
                       "http://tsplus.intranet.neosc/", ConnectionType::Html5, true, "sap"),
        remoteEndpoint("ws-remote-desktop", QStringLiteral("Remote Desktop"), WorkspaceType::Rdp,
                       QStringLiteral("Escritorio remoto Windows via TSPlus HTML5. IP: 10.100.10.152"),
                       "https://images.unsplash.com/photo-1624571409108-e9a41746af53?w=400", 4, 8, 100,
                       "http://10.100.10.152/", ConnectionType::Html5, true, "windows"),
        remoteEndpoint("ws-1panel", QStringLiteral("1Panel Admin"), WorkspaceType::Web,
                       QStringLiteral("Panel de administración de infraestructura 1Panel."),
                       "https://images.unsplash.com/photo-1558494949-ef010cbdcc31?w=400", 2, 4, 50,
                       "http://panel.intranet.neosc:33491/", ConnectionType::Web, true, "panel"),
        // A libvirt VM on the default host: reached through VNC, no tunnel in the path.
        remoteEndpoint("ws-linux-desktop", QStringLiteral("Linux Desktop"), WorkspaceType::Linux,
                       QStringLiteral("Ubuntu 22.04 LTS con entorno de escritorio completo."),
                       "https://images.unsplash.com/photo-1629654297299-c8506221ca97?w=400", 2, 4, 50, "",
                       ConnectionType::Vnc, false, "linux"),
        remoteEndpoint("ws-secure-browser", QStringLiteral("Secure Browser"), WorkspaceType::Browser,
                       QStringLiteral("Navegador aislado con controles de privacidad y seguridad."),
                       "https://images.unsplash.com/photo-1563986768609-322da13575f3?w=400", 1, 2, 10, "",
                       ConnectionType::Browser, false, "browser"),
    };
    for (Workspace &w : list) {
        w.createdAt = now;
        w.updatedAt = now;
    }
    list[3].image = QStringLiteral("ubuntu-22.04");
    return list;
}

}  // namespace Atrium
