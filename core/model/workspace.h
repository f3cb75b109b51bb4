#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Atrium {

enum class WorkspaceType { Html5, Rdp, Web, Linux, Browser, Windows, Dev, Admin };
enum class ConnectionType { Html5, Web, Vnc, Browser };
enum class WorkspaceMode { Permanent, Temporary };
enum class TtlAction { Stop, Remove };
enum class RestartPolicy { No, Always, OnFailure };

/// Where a workspace runs: a libvirt domain, or an endpoint somebody else runs.
enum class ProviderKind { Libvirt, Remote };

/// The one lifecycle every surface maps from.
enum class WorkspaceStatus {
    Available,  ///< ready to launch; nothing running
    Pending,    ///< launch in progress (provisioning, domain starting)
    Running,    ///< in use: a domain is running, or a remote session is active
    Stopping,   ///< stop in progress (graceful shutdown, then destroy)
    Paused,     ///< the domain is paused by the hypervisor or an admin
    Stopped,    ///< taken out of service by an admin; launch is refused
    Error,      ///< the last operation failed; statusMessage says why
};

struct EnvVar {
    QString key;
    QString value;
    bool operator==(const EnvVar &) const = default;
};

struct NetworkPolicy {
    bool allowInternet = true;
    bool publicIngress = false;
    bool operator==(const NetworkPolicy &) const = default;
};

/// CPU, memory and disk: one set of numbers behind the "4 vCPU"/"8 GB" strings of
/// the Workspaces API, the "4"/"16Gi" strings of the v1 API and cpus/memory_mb of the micro-VM API.
struct Resources {
    int cpus = 2;
    qint64 memoryMb = 4096;
    qint64 storageMb = 51200;
    QString gpu;      ///< the v1 API carries it through; Atrium assigns no GPUs
    QString gpuType;
    bool operator==(const Resources &) const = default;
};

/// Lifecycle and guest configuration (the micro-VM API's `config`).
struct LifecycleConfig {
    QString ttl;                        ///< as given, e.g. "30m"; empty = none
    TtlAction ttlAction = TtlAction::Stop;
    bool removeOnExit = false;
    RestartPolicy restartPolicy = RestartPolicy::No;
    int maxRestarts = 0;                ///< 0 = unlimited when a policy is set
    bool keepLogs = true;
    bool staticNetwork = false;
    NetworkPolicy network;
    bool sshAccess = false;
    QList<EnvVar> env;
    std::optional<QStringList> cmd;
    QJsonArray workloads;
    bool waitForInit = false;
    std::optional<qint64> proxyAssignmentId;
    bool operator==(const LifecycleConfig &) const = default;
};

struct Workspace {
    QString id;
    QString name;
    QString description;
    WorkspaceType type = WorkspaceType::Linux;
    WorkspaceStatus status = WorkspaceStatus::Available;
    QString statusMessage;  ///< why it is in Error (or what it is doing)

    QString icon = QStringLiteral("default");
    QString imageUrl;
    QString url;
    ConnectionType connectionType = ConnectionType::Web;
    bool requiresNetbird = true;

    Resources resources;
    QString environmentType;  ///< the v1 API: jupyter, vscode, rstudio, custom
    QString image;            ///< base image id (VMs) or container image name
    QString projectId;
    QString organizationId;
    QStringList volumeIds;
    QString namespaceName = QStringLiteral("default");
    WorkspaceMode mode = WorkspaceMode::Permanent;
    LifecycleConfig config;

    QString ownerId;     ///< identity id; empty = shared catalog entry
    QString hostUri;     ///< libvirt URI; empty = the default host
    QString domainName;  ///< set once the domain is provisioned
    /// Found on the host, not created by Atrium: its domain is started as defined, never
    /// redefined, and edits change only the elements they name.
    bool adopted = false;
    QString domainUuid;  ///< the domain's libvirt UUID, once known (what "forget" remembers)
    bool healthChecks = false;  ///< owner opted in to background reachability checks
    bool userRequestedStop = false;
    int restartCount = 0;

    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;  ///< null while not running

    ProviderKind provider() const;
    bool isActive() const;  ///< Pending, Running, Stopping or Paused
    /// A launch may be asked for: it is available, running or paused (another session), or in
    /// error (a retry). Not while it starts or stops, nor when out of service.
    bool canLaunch() const;
    /// A stop may be asked for: it runs, or it is in error with a domain that may still run.
    bool canStop() const;
    /// A hypervisor operation is in flight: starting or stopping.
    bool isBusy() const;
    bool operator==(const Workspace &) const = default;
};

/// A change to a workspace: unset fields stay as they are. Used for create
/// (applied on top of defaults) and for update (applied on top of the current value).
struct WorkspacePatch {
    std::optional<QString> id;  ///< create only; generated when absent
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<WorkspaceType> type;
    std::optional<WorkspaceStatus> status;
    std::optional<QString> icon;
    std::optional<QString> imageUrl;
    std::optional<QString> url;
    std::optional<ConnectionType> connectionType;
    std::optional<bool> requiresNetbird;
    std::optional<int> cpus;
    std::optional<qint64> memoryMb;
    std::optional<qint64> storageMb;
    std::optional<QString> gpu;
    std::optional<QString> gpuType;
    std::optional<QString> environmentType;
    std::optional<QString> image;
    std::optional<QString> projectId;
    std::optional<QString> organizationId;
    std::optional<QStringList> volumeIds;
    std::optional<QString> namespaceName;
    std::optional<WorkspaceMode> mode;
    std::optional<LifecycleConfig> config;
    std::optional<QString> ownerId;
    std::optional<QString> hostUri;
    std::optional<bool> healthChecks;

    bool touchesResources() const;
    bool isEmpty() const;
};

/// The coarse grouping of statuses: "available", "running" (starting, running, paused,
/// stopping), "stopped" or "error" — the catalog's status filter and the Workspaces API's `status`.
QString statusGroup(WorkspaceStatus status);

ProviderKind providerFor(WorkspaceType type);
bool isVmType(WorkspaceType type);

QString nameOf(WorkspaceType value);
QString nameOf(ConnectionType value);
QString nameOf(WorkspaceMode value);
QString nameOf(TtlAction value);
QString nameOf(RestartPolicy value);
QString nameOf(WorkspaceStatus value);

std::optional<WorkspaceType> workspaceTypeFromString(QStringView text);
std::optional<ConnectionType> connectionTypeFromString(QStringView text);
std::optional<WorkspaceMode> workspaceModeFromString(QStringView text);
std::optional<TtlAction> ttlActionFromString(QStringView text);
std::optional<RestartPolicy> restartPolicyFromString(QStringView text);
std::optional<WorkspaceStatus> workspaceStatusFromString(QStringView text);

/// The accepted spellings, for error messages ("one of: html5, rdp, …").
QStringList workspaceTypeNames();
QStringList connectionTypeNames();

}  // namespace Atrium
