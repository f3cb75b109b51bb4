#pragma once

#include "model/host.h"
#include "model/session.h"
#include "model/workspace.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace Atrium::Ui {

/// Words and colours the console shows for engine values, translated.
class Labels final {
    Q_DECLARE_TR_FUNCTIONS(Labels)

public:
    static QString status(WorkspaceStatus status);
    /// The status with "in use" when sessions are open on it: the machine's state and whether
    /// someone uses it (the Workspaces API's `running`) are two facts, both shown.
    static QString statusInUse(WorkspaceStatus status, int activeSessions);
    static QString type(WorkspaceType type);
    static QString connection(ConnectionType type);
    static QString sessionStatus(SessionStatus status);
    static QString tunnel(TunnelStatus status);
    static QString hostState(HostState state);
    /// A host as the window names it: its URI, marked when it is libvirt's simulator.
    static QString hostName(const HostInfo &host);
    static QString virtualizationSetting(Virtualization virtualization);
    /// How the host's domains run now, in a few words ("KVM", "KVM unusable here: emulating"…).
    static QString virtualization(const HostInfo &host);
    /// The same at length, with QEMU's words when KVM failed: for tooltips.
    static QString virtualizationDetail(const HostInfo &host);
    /// "2 vCPU · 4 GB · 50 GB"
    static QString resources(const Resources &resources);
    /// "1 h 02 min", "3 min 05 s", "12 s"
    static QString duration(qint64 seconds);

    /// The pill colour of a status; readable on the palette's base colour, light or dark.
    static QColor statusColor(WorkspaceStatus status, const QPalette &palette);
    static QColor hostStateColor(HostState state, const QPalette &palette);

    /// The bundled icon for a catalog icon id ("sap", "linux"…), else the type's, else a default.
    static QIcon workspaceIcon(const QString &iconId, WorkspaceType type);
    static QIcon appIcon();
};

}  // namespace Atrium::Ui
