#include "api/microvm/microvmjson.h"

#include "api/http/isotime.h"
#include "model/lifecycleconfigjson.h"

#include <QJsonArray>

namespace Atrium::Api::MicroVmJson {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue optionalNumber(const std::optional<double> &v, int decimals = 1)
{
    return v ? QJsonValue(std::round(*v * std::pow(10, decimals)) / std::pow(10, decimals)) : QJsonValue(QJsonValue::Null);
}

QString humanBytes(quint64 bytes)
{
    const double mb = double(bytes) / (1024.0 * 1024.0);
    if (mb >= 1024)
        return QString::number(mb / 1024.0, 'f', 1) + QStringLiteral(" GB");
    return QString::number(mb, 'f', 1) + QStringLiteral(" MB");
}

qint64 uptimeSeconds(const Workspace &w, const QDateTime &now)
{
    return w.isActive() && w.startedAt.isValid() ? std::max<qint64>(0, w.startedAt.secsTo(now)) : 0;
}

}  // namespace

QString infoStatus(const Workspace &w)
{
    switch (w.status) {
    case WorkspaceStatus::Available:
    case WorkspaceStatus::Stopped: return QStringLiteral("stopped");
    case WorkspaceStatus::Pending: return w.restartCount == 0 && !w.startedAt.isValid() && w.domainName.isEmpty()
            ? QStringLiteral("creating")
            : QStringLiteral("starting");
    case WorkspaceStatus::Running: return QStringLiteral("running");
    case WorkspaceStatus::Stopping: return QStringLiteral("stopping");
    case WorkspaceStatus::Paused: return QStringLiteral("paused");
    case WorkspaceStatus::Error: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QJsonObject workspace(const Workspace &w, const QDateTime &now)
{
    // ip and start_time are strings in the document's interface: "" while there is no
    // address Atrium knows of (it does not read guest leases) or no start yet.
    // The network block says what the guest has: a NIC on libvirt's NAT network when
    // internet access was asked for (connected while it runs), none otherwise; Atrium
    // opens no ingress, so none is claimed.
    const bool internet = w.config.network.allowInternet;
    return {
        {QStringLiteral("id"), w.id},
        {QStringLiteral("name"), w.name},
        {QStringLiteral("namespace"), w.namespaceName},
        {QStringLiteral("mode"), nameOf(w.mode)},
        {QStringLiteral("image"), w.image},
        {QStringLiteral("ip"), QString()},
        {QStringLiteral("uptime"), double(uptimeSeconds(w, now))},
        {QStringLiteral("start_time"), w.isActive() && w.startedAt.isValid() ? isoTime(w.startedAt) : QString()},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("status"), infoStatus(w)},
                                             {QStringLiteral("is_running"), w.status == WorkspaceStatus::Running},
                                             {QStringLiteral("user_requested_stop"), w.userRequestedStop}}},
        {QStringLiteral("access"), QJsonObject{{QStringLiteral("ssh_enabled"), false}}},
        {QStringLiteral("network"), QJsonObject{{QStringLiteral("allow_internet"), internet},
                                                {QStringLiteral("ingress_ports"), QJsonArray{}},
                                                {QStringLiteral("egress_ports"), QJsonArray{}},
                                                {QStringLiteral("egress"), QJsonArray{}},
                                                {QStringLiteral("public_access"), false},
                                                {QStringLiteral("ingress"), QJsonArray{}},
                                                {QStringLiteral("connected"), internet && w.status == WorkspaceStatus::Running}}},
        {QStringLiteral("public_ports"), QJsonArray{}},
        {QStringLiteral("resources"), QJsonObject{{QStringLiteral("cpus"), w.resources.cpus},
                                                  {QStringLiteral("memory_mb"), double(w.resources.memoryMb)},
                                                  {QStringLiteral("disk_size_mb"), double(w.resources.storageMb)}}},
        {QStringLiteral("status_message"), orNull(w.statusMessage)},
        {QStringLiteral("created_at"), isoTime(w.createdAt)},
        {QStringLiteral("updated_at"), isoTime(w.updatedAt)},
    };
}

QJsonObject details(const Workspace &w, const QDateTime &now, const std::optional<MetricPoint> &point,
                    const QString &metricsLimitation, const QString &consoleTicket)
{
    QJsonObject json = workspace(w, now);
    json.insert(QStringLiteral("token"), consoleTicket);  // a string as documented: "" when there is no session to watch

    QJsonObject stats{{QStringLiteral("cpuUsage"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("memoryUsage"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("memoryUsedMB"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("memoryTotalMB"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("networkIn"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("networkOut"), QJsonValue(QJsonValue::Null)}};
    QJsonObject unavailable;
    if (!w.isActive()) {
        // A VM that does not run uses nothing: zeros are measured facts, not inventions.
        stats = QJsonObject{{QStringLiteral("cpuUsage"), 0}, {QStringLiteral("memoryUsage"), 0},
                            {QStringLiteral("memoryUsedMB"), 0}, {QStringLiteral("memoryTotalMB"), 0},
                            {QStringLiteral("networkIn"), humanBytes(0)}, {QStringLiteral("networkOut"), humanBytes(0)}};
        unavailable.insert(QStringLiteral("all"), QStringLiteral("the workspace is not running"));
    } else if (!metricsLimitation.isEmpty()) {
        unavailable.insert(QStringLiteral("all"), metricsLimitation);
    } else if (!point) {
        unavailable.insert(QStringLiteral("all"), QStringLiteral("no sample yet"));
    } else {
        stats.insert(QStringLiteral("cpuUsage"), optionalNumber(point->cpuPercent));
        if (point->memoryUsedMb && point->memoryTotalMb && *point->memoryTotalMb > 0)
            stats.insert(QStringLiteral("memoryUsage"), optionalNumber(*point->memoryUsedMb / *point->memoryTotalMb * 100.0));
        stats.insert(QStringLiteral("memoryUsedMB"), optionalNumber(point->memoryUsedMb, 0));
        stats.insert(QStringLiteral("memoryTotalMB"), optionalNumber(point->memoryTotalMb, 0));
        if (point->netRxTotalBytes)
            stats.insert(QStringLiteral("networkIn"), humanBytes(*point->netRxTotalBytes));
        if (point->netTxTotalBytes)
            stats.insert(QStringLiteral("networkOut"), humanBytes(*point->netTxTotalBytes));
        for (auto it = point->unavailable.constBegin(); it != point->unavailable.constEnd(); ++it)
            unavailable.insert(it.key(), it.value());
    }
    stats.insert(QStringLiteral("unavailable"), unavailable);
    json.insert(QStringLiteral("stats"), stats);
    json.insert(QStringLiteral("ssh"), QJsonObject{{QStringLiteral("ssh_enabled"), false},
                                                   {QStringLiteral("ssh_id"), QString()},
                                                   {QStringLiteral("connection"), QJsonObject{{QStringLiteral("command"), QString()}}},
                                                   {QStringLiteral("reason"), QStringLiteral("Atrium offers no SSH access to guests")}});
    json.insert(QStringLiteral("api_access"), QJsonObject{{QStringLiteral("terminal"), false}, {QStringLiteral("preview"), false}});
    json.insert(QStringLiteral("lifecycle"), QJsonObject{{QStringLiteral("mode"), nameOf(w.mode)},
                                                         {QStringLiteral("restart_policy"), nameOf(w.config.restartPolicy)},
                                                         {QStringLiteral("uptime"), double(uptimeSeconds(w, now))}});
    QJsonObject config = lifecycleConfigToJson(w.config);
    config.insert(QStringLiteral("cpus"), w.resources.cpus);
    config.insert(QStringLiteral("memory_mb"), double(w.resources.memoryMb));
    config.insert(QStringLiteral("writable_size_mb"), double(w.resources.storageMb));
    json.insert(QStringLiteral("config"), config);
    return json;
}

Result<LifecycleConfig> readConfig(const QJsonObject &object, LifecycleConfig c, WorkspacePatch &patch)
{
    const JsonBody body(object, QStringLiteral("config"), ErrorCode::InvalidConfig);
    if (auto ok = body.onlyFields({"cpus", "memory_mb", "writable_size_mb", "ttl", "ttl_action", "remove_on_exit",
                                   "restart_policy", "max_restarts", "keep_logs", "static_network", "network_config",
                                   "ssh_access", "env", "cmd", "workloads", "wait_for_init", "proxy_assignment_id"});
        !ok)
        return fail(ok.error());
    auto integer = [&body](const char *name, qint64 min, qint64 max) { return body.integer(QString::fromLatin1(name), min, max); };
    if (auto v = integer("cpus", 1, 32); !v) return fail(v.error()); else if (*v) patch.cpus = int(**v);
    if (auto v = integer("memory_mb", 128, 65536); !v) return fail(v.error()); else if (*v) patch.memoryMb = **v;
    if (auto v = integer("writable_size_mb", 64, 204800); !v) return fail(v.error()); else if (*v) patch.storageMb = **v;
    if (auto v = integer("max_restarts", 0, 1000); !v) return fail(v.error()); else if (*v) c.maxRestarts = int(**v);
    if (auto v = integer("proxy_assignment_id", 0, std::numeric_limits<qint32>::max()); !v) return fail(v.error()); else if (*v) c.proxyAssignmentId = **v;
    for (const auto &[name, target] : {std::pair{"remove_on_exit", &c.removeOnExit}, std::pair{"keep_logs", &c.keepLogs},
                                       std::pair{"static_network", &c.staticNetwork}, std::pair{"ssh_access", &c.sshAccess},
                                       std::pair{"wait_for_init", &c.waitForInit}}) {
        auto v = body.boolean(QString::fromLatin1(name));
        if (!v)
            return fail(v.error());
        if (*v)
            *target = **v;
    }
    if (auto v = body.string(QStringLiteral("ttl")); !v) return fail(v.error()); else if (*v) c.ttl = **v;
    if (auto v = body.string(QStringLiteral("ttl_action")); !v) {
        return fail(v.error());
    } else if (*v) {
        const auto action = ttlActionFromString(**v);
        if (!action)
            return fail(ErrorCode::InvalidConfig, QStringLiteral("config.ttl_action must be stop or remove"), QStringLiteral("config.ttl_action"));
        c.ttlAction = *action;
    }
    if (auto v = body.string(QStringLiteral("restart_policy")); !v) {
        return fail(v.error());
    } else if (*v) {
        const auto policy = restartPolicyFromString(**v);
        if (!policy)
            return fail(ErrorCode::InvalidConfig, QStringLiteral("config.restart_policy must be no, always or on-failure"),
                        QStringLiteral("config.restart_policy"));
        c.restartPolicy = *policy;
    }
    if (auto v = body.object(QStringLiteral("network_config")); !v) {
        return fail(v.error());
    } else if (*v) {
        const JsonBody network = body.nested(**v, QStringLiteral("network_config"));
        if (auto ok = network.onlyFields({"allow_internet", "public_ingress"}); !ok)
            return fail(ok.error());
        if (auto b = network.boolean(QStringLiteral("allow_internet")); !b) return fail(b.error()); else if (*b) c.network.allowInternet = **b;
        if (auto b = network.boolean(QStringLiteral("public_ingress")); !b) return fail(b.error()); else if (*b) c.network.publicIngress = **b;
    }
    if (auto v = body.array(QStringLiteral("env")); !v) {
        return fail(v.error());
    } else if (*v) {
        QList<EnvVar> env;
        for (const QJsonValue &item : **v) {
            const QJsonObject var = item.toObject();
            if (!item.isObject() || !var.value(QStringLiteral("key")).isString() || !var.value(QStringLiteral("value")).isString()
                || var.size() != 2) {
                return fail(ErrorCode::InvalidConfig, QStringLiteral("config.env must be an array of {\"key\": string, \"value\": string}"),
                            QStringLiteral("config.env"));
            }
            env.append({var.value(QStringLiteral("key")).toString(), var.value(QStringLiteral("value")).toString()});
        }
        c.env = env;
    }
    if (auto v = body.stringList(QStringLiteral("cmd")); !v) return fail(v.error()); else if (*v) c.cmd = **v;
    if (auto v = body.array(QStringLiteral("workloads")); !v) return fail(v.error()); else if (*v) c.workloads = **v;
    return c;
}

Result<WorkspacePatch> createPatch(const JsonBody &body, const Actor &actor)
{
    if (auto ok = body.onlyFields({"name", "image", "namespace", "mode", "config", "type"}); !ok)
        return fail(ok.error());
    WorkspacePatch patch;
    const QJsonValue image = body.object().value(QStringLiteral("image"));
    if (!image.isString() || image.toString().trimmed().isEmpty())
        return fail(ErrorCode::InvalidImage, QStringLiteral("image must be a non-empty string (an image id)"), QStringLiteral("image"));
    patch.image = image.toString().trimmed();
    if (body.has(QStringLiteral("name")) && !body.object().value(QStringLiteral("name")).isString())
        return fail(ErrorCode::InvalidNameLength, QStringLiteral("name must be a string of at most 255 characters"), QStringLiteral("name"));
    patch.name = body.object().value(QStringLiteral("name")).toString(*patch.image);
    if (body.has(QStringLiteral("namespace"))) {
        if (!body.object().value(QStringLiteral("namespace")).isString())
            return fail(ErrorCode::InvalidNamespace, QStringLiteral("namespace must be a string"), QStringLiteral("namespace"));
        patch.namespaceName = body.object().value(QStringLiteral("namespace")).toString();
    }
    patch.mode = WorkspaceMode::Temporary;  // the micro-VM API's default
    if (auto mode = body.string(QStringLiteral("mode")); !mode) {
        return fail(mode.error());
    } else if (*mode) {
        patch.mode = workspaceModeFromString(**mode);
        if (!patch.mode)
            return fail(Error::invalid(QStringLiteral("mode"), QStringLiteral("mode must be permanent or temporary")));
    }
    patch.type = WorkspaceType::Linux;
    if (auto type = body.string(QStringLiteral("type")); !type) {
        return fail(type.error());
    } else if (*type) {
        patch.type = workspaceTypeFromString(**type);
        if (!patch.type || !isVmType(*patch.type))
            return fail(Error::invalid(QStringLiteral("type"), QStringLiteral("type must be a VM type: linux, windows or dev")));
    }
    patch.cpus = 1;  // the micro-VM API's defaults
    patch.memoryMb = 512;
    patch.storageMb = 512;
    patch.connectionType = ConnectionType::Vnc;
    patch.requiresNetbird = false;
    patch.ownerId = actor.identity.id;
    patch.icon = QStringLiteral("linux");
    patch.description = QStringLiteral("Micro-VM from image %1").arg(*patch.image);
    if (body.has(QStringLiteral("config"))) {
        const QJsonValue config = body.object().value(QStringLiteral("config"));
        if (!config.isObject())
            return fail(ErrorCode::InvalidConfig, QStringLiteral("config must be an object"), QStringLiteral("config"));
        auto read = readConfig(config.toObject(), LifecycleConfig{}, patch);
        if (!read)
            return fail(read.error());
        patch.config = *read;
    } else {
        patch.config = LifecycleConfig{};
    }
    return patch;
}

Result<WorkspacePatch> updatePatch(const JsonBody &body, const Workspace &current)
{
    if (auto ok = body.onlyFields({"name", "config"}); !ok) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("Only name and config can be updated; %1").arg(ok.error().message),
                    ok.error().field);
    }
    WorkspacePatch patch;
    if (body.has(QStringLiteral("name"))) {
        if (!body.object().value(QStringLiteral("name")).isString())
            return fail(ErrorCode::InvalidNameLength, QStringLiteral("name must be a string of at most 255 characters"), QStringLiteral("name"));
        patch.name = body.object().value(QStringLiteral("name")).toString();
    }
    if (body.has(QStringLiteral("config"))) {
        const QJsonValue config = body.object().value(QStringLiteral("config"));
        if (!config.isObject())
            return fail(ErrorCode::InvalidConfig, QStringLiteral("config must be an object"), QStringLiteral("config"));
        auto read = readConfig(config.toObject(), current.config, patch);
        if (!read)
            return fail(read.error());
        patch.config = *read;
    }
    return patch;
}

}  // namespace Atrium::Api::MicroVmJson
