#include "workspace.h"

#include <array>
#include <utility>

namespace Atrium {

namespace {

template <typename E>
using NameTable = std::initializer_list<std::pair<E, const char *>>;

const NameTable<WorkspaceType> kTypeNames = {
    {WorkspaceType::Html5, "html5"}, {WorkspaceType::Rdp, "rdp"},         {WorkspaceType::Web, "web"},
    {WorkspaceType::Linux, "linux"}, {WorkspaceType::Browser, "browser"}, {WorkspaceType::Windows, "windows"},
    {WorkspaceType::Dev, "dev"},     {WorkspaceType::Admin, "admin"},
};
const NameTable<ConnectionType> kConnectionNames = {
    {ConnectionType::Html5, "html5"},
    {ConnectionType::Web, "web"},
    {ConnectionType::Vnc, "vnc"},
    {ConnectionType::Browser, "browser"},
};
const NameTable<WorkspaceMode> kModeNames = {
    {WorkspaceMode::Permanent, "permanent"},
    {WorkspaceMode::Temporary, "temporary"},
};
const NameTable<TtlAction> kTtlActionNames = {{TtlAction::Stop, "stop"}, {TtlAction::Remove, "remove"}};
const NameTable<RestartPolicy> kRestartNames = {
    {RestartPolicy::No, "no"},
    {RestartPolicy::Always, "always"},
    {RestartPolicy::OnFailure, "on-failure"},
};
const NameTable<WorkspaceStatus> kStatusNames = {
    {WorkspaceStatus::Available, "available"}, {WorkspaceStatus::Pending, "pending"},
    {WorkspaceStatus::Running, "running"},     {WorkspaceStatus::Stopping, "stopping"},
    {WorkspaceStatus::Paused, "paused"},       {WorkspaceStatus::Stopped, "stopped"},
    {WorkspaceStatus::Error, "error"},
};

template <typename E>
QString nameIn(const NameTable<E> &table, E value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename E>
std::optional<E> valueIn(const NameTable<E> &table, QStringView text)
{
    for (const auto &[v, name] : table) {
        if (text == QLatin1StringView(name))
            return v;
    }
    return std::nullopt;
}

template <typename E>
QStringList namesIn(const NameTable<E> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names << QString::fromLatin1(entry.second);
    return names;
}

}  // namespace

ProviderKind providerFor(WorkspaceType type)
{
    return isVmType(type) ? ProviderKind::Libvirt : ProviderKind::Remote;
}

bool isVmType(WorkspaceType type)
{
    // "browser" is an isolated web view (issue 5), not a VM: see DESIGN.md.
    return type == WorkspaceType::Linux || type == WorkspaceType::Windows || type == WorkspaceType::Dev;
}

ProviderKind Workspace::provider() const
{
    return providerFor(type);
}

bool Workspace::isActive() const
{
    return status == WorkspaceStatus::Pending || status == WorkspaceStatus::Running
        || status == WorkspaceStatus::Stopping || status == WorkspaceStatus::Paused;
}

bool Workspace::canLaunch() const
{
    return status == WorkspaceStatus::Available || status == WorkspaceStatus::Error || status == WorkspaceStatus::Running
        || status == WorkspaceStatus::Paused;
}

bool Workspace::canStop() const
{
    return status == WorkspaceStatus::Running || status == WorkspaceStatus::Paused
        || (status == WorkspaceStatus::Error && !domainName.isEmpty());
}

bool Workspace::isBusy() const
{
    return status == WorkspaceStatus::Pending || status == WorkspaceStatus::Stopping;
}

QString statusGroup(WorkspaceStatus status)
{
    switch (status) {
    case WorkspaceStatus::Available: return QStringLiteral("available");
    case WorkspaceStatus::Pending:
    case WorkspaceStatus::Running:
    case WorkspaceStatus::Stopping:
    case WorkspaceStatus::Paused: return QStringLiteral("running");
    case WorkspaceStatus::Stopped: return QStringLiteral("stopped");
    case WorkspaceStatus::Error: return QStringLiteral("error");
    }
    return {};
}

bool WorkspacePatch::touchesResources() const
{
    return cpus || memoryMb || storageMb || gpu || gpuType;
}

bool WorkspacePatch::isEmpty() const
{
    return !(id || name || description || type || status || icon || imageUrl || url || connectionType
             || requiresNetbird || touchesResources() || environmentType || image || projectId || organizationId
             || volumeIds || namespaceName || mode || config || ownerId || hostUri || healthChecks);
}

QString nameOf(WorkspaceType value) { return nameIn(kTypeNames, value); }
QString nameOf(ConnectionType value) { return nameIn(kConnectionNames, value); }
QString nameOf(WorkspaceMode value) { return nameIn(kModeNames, value); }
QString nameOf(TtlAction value) { return nameIn(kTtlActionNames, value); }
QString nameOf(RestartPolicy value) { return nameIn(kRestartNames, value); }
QString nameOf(WorkspaceStatus value) { return nameIn(kStatusNames, value); }

std::optional<WorkspaceType> workspaceTypeFromString(QStringView text) { return valueIn(kTypeNames, text); }
std::optional<ConnectionType> connectionTypeFromString(QStringView text) { return valueIn(kConnectionNames, text); }
std::optional<WorkspaceMode> workspaceModeFromString(QStringView text) { return valueIn(kModeNames, text); }
std::optional<TtlAction> ttlActionFromString(QStringView text) { return valueIn(kTtlActionNames, text); }
std::optional<RestartPolicy> restartPolicyFromString(QStringView text) { return valueIn(kRestartNames, text); }
std::optional<WorkspaceStatus> workspaceStatusFromString(QStringView text) { return valueIn(kStatusNames, text); }

QStringList workspaceTypeNames() { return namesIn(kTypeNames); }
QStringList connectionTypeNames() { return namesIn(kConnectionNames); }

}  // namespace Atrium
