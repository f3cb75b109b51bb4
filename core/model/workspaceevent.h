#pragma once

#include <QDateTime>
#include <QString>

namespace Atrium {

/// A line in a workspace's own log: what provisioning did, what libvirt
/// reported, how its lifecycle went. The v1 API's /logs reads these.
struct WorkspaceEvent {
    enum class Kind { Provision, Lifecycle, Domain };

    qint64 id = 0;
    QString workspaceId;
    QDateTime at;
    Kind kind = Kind::Lifecycle;
    QString message;
};

QString nameOf(WorkspaceEvent::Kind kind);

}  // namespace Atrium
