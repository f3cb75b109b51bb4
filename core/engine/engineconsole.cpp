// Engine: reaching a running VM's console.

#include "engine.h"

#include "providers/libvirthost.h"

namespace Atrium {

QFuture<Result<int>> Engine::openGraphics(const Actor &actor, const QString &id)
{
    auto refuse = [](ErrorCode code, const QString &message) {
        return QtFuture::makeReadyFuture(Result<int>(fail(code, message)));
    };
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return QtFuture::makeReadyFuture(Result<int>(fail(workspace.error())));
    if (workspace->provider() != ProviderKind::Libvirt)
        return refuse(ErrorCode::Conflict, QStringLiteral("%1 is a remote endpoint, not a VM: it has no console").arg(workspace->name));
    if (workspace->domainName.isEmpty()
        || (workspace->status != WorkspaceStatus::Running && workspace->status != WorkspaceStatus::Paused))
        return refuse(ErrorCode::Conflict, QStringLiteral("%1 is not running").arg(workspace->name));
    LibvirtHost *host = hostFor(*workspace);
    if (!host || !host->isConnected())
        return refuse(ErrorCode::VmUnavailable, QStringLiteral("The host of %1 is not connected").arg(workspace->name));
    return host->openGraphics(workspace->domainName);
}

}  // namespace Atrium
