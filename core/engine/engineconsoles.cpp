// Engine: a running VM's consoles (its screen and its serial output).

#include "engineprivate.h"

#include "base/continuation.h"

namespace Atrium {

using namespace EngineDetail;

QFuture<Result<int>> Engine::openGraphics(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<int>(fail(workspace.error()));
    if (workspace->provider() != ProviderKind::Libvirt)
        return ready<int>(fail(ErrorCode::Conflict, QStringLiteral("%1 is a remote endpoint, not a VM: it has no console").arg(workspace->name)));
    if (workspace->domainName.isEmpty()
        || (workspace->status != WorkspaceStatus::Running && workspace->status != WorkspaceStatus::Paused))
        return ready<int>(fail(ErrorCode::Conflict, QStringLiteral("%1 is not running").arg(workspace->name)));
    LibvirtHost *host = hostFor(*workspace);
    if (!host || !host->isConnected())
        return ready<int>(fail(ErrorCode::VmUnavailable, QStringLiteral("The host of %1 is not connected").arg(workspace->name)));
    if (host->isSimulated())
        return ready<int>(fail(ErrorCode::Conflict, QStringLiteral("%1 runs on libvirt's simulator, which runs no guest: there is no screen to show").arg(workspace->name)));
    return host->openGraphics(workspace->domainName);
}

QFuture<Result<std::shared_ptr<ConsoleStream>>> Engine::openSerialConsole(const Actor &actor, const QString &id)
{
    using Stream = std::shared_ptr<ConsoleStream>;
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<Stream>(fail(workspace.error()));
    if (workspace->provider() != ProviderKind::Libvirt)
        return ready<Stream>(fail(ErrorCode::Conflict, QStringLiteral("%1 is a remote endpoint, not a VM: it has no serial console").arg(workspace->name)));
    if (workspace->domainName.isEmpty()
        || (workspace->status != WorkspaceStatus::Running && workspace->status != WorkspaceStatus::Paused))
        return ready<Stream>(fail(ErrorCode::Conflict, QStringLiteral("%1 is not running").arg(workspace->name)));
    if (const auto details = domainDetails(id); details && !details->hasSerialConsole)
        return ready<Stream>(fail(ErrorCode::Conflict, QStringLiteral("%1 has no serial console or console device").arg(workspace->name)));
    LibvirtHost *host = hostFor(*workspace);
    if (!host || !host->isConnected())
        return ready<Stream>(fail(ErrorCode::VmUnavailable, QStringLiteral("The host of %1 is not connected").arg(workspace->name)));
    if (host->isSimulated())
        return ready<Stream>(fail(ErrorCode::Conflict, QStringLiteral("%1 runs on libvirt's simulator, which runs no guest: there is no console to open").arg(workspace->name)));
    return continueOn(host->openSerialConsole(workspace->domainName), this, [this, actor, id](const Result<Stream> &opened) {
        ChangeSet changes;
        changes.audit << auditEntry(actor, QStringLiteral("open_serial_console"), workspaceTarget(id), bool(opened),
                                    opened ? QString() : opened.error().message);
        commit(changes);
        return opened;
    });
}

QFuture<Result<QByteArray>> Engine::serialLog(const Actor &actor, const QString &id, qint64 maxBytes)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<QByteArray>(fail(workspace.error()));
    if (workspace->provider() != ProviderKind::Libvirt)
        return ready<QByteArray>(fail(ErrorCode::Conflict, QStringLiteral("%1 is a remote endpoint, not a VM: it has no serial console").arg(workspace->name)));
    LibvirtHost *host = hostFor(*workspace);
    // The simulator runs no guest, and a VM that never ran has written nothing.
    if (workspace->domainName.isEmpty() || (host && host->isSimulated()))
        return ready<QByteArray>(QByteArray());
    if (!host || !host->isConnected())
        return ready<QByteArray>(fail(ErrorCode::VmUnavailable, QStringLiteral("The host of %1 is not connected").arg(workspace->name)));
    return continueOn(host->serialLog(workspace->domainName, maxBytes), this,
                      [this, actor, id](const Result<QByteArray> &read) -> Result<QByteArray> {
                          ChangeSet changes;
                          changes.audit << auditEntry(actor, QStringLiteral("read_serial_log"), workspaceTarget(id), bool(read),
                                                      read ? QStringLiteral("%1 bytes").arg(read->size()) : read.error().message);
                          commit(changes);
                          return read;
                      });
}

}  // namespace Atrium
