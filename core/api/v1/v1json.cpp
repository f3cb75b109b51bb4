#include "api/v1/v1json.h"

#include "api/http/isotime.h"
#include "model/host.h"
#include "model/units.h"

#include <QJsonArray>

namespace Atrium::Api::V1Json {

namespace {

const QStringList kEnvironmentTypes{QStringLiteral("jupyter"), QStringLiteral("vscode"), QStringLiteral("rstudio"),
                                    QStringLiteral("custom")};

/// A workspace made on another surface has no 001 environment: "custom" is the document's
/// own word for anything that is not jupyter, vscode or rstudio.
QString environmentTypeOf(const Workspace &w)
{
    return kEnvironmentTypes.contains(w.environmentType) ? w.environmentType : QStringLiteral("custom");
}

/// A Kubernetes-style binary quantity, as the v1 API writes them ("12.8Gi"); below
/// a gibibyte in Mi, so that a small guest's real use never reads as "0.0Gi".
QString quantity(double mebibytes)
{
    if (mebibytes >= 1024.0)
        return QString::number(mebibytes / 1024.0, 'f', 1) + QStringLiteral("Gi");
    return QString::number(mebibytes, 'f', 1) + QStringLiteral("Mi");
}

/// resources{cpu, memory, gpu, gpuType, storage} into a patch.
Result<void> readResources(const JsonBody &outer, WorkspacePatch &patch)
{
    auto object = outer.object(QStringLiteral("resources"));
    if (!object)
        return fail(object.error());
    if (!*object)
        return {};
    const JsonBody resources = outer.nested(**object, QStringLiteral("resources"));
    if (auto ok = resources.onlyFields({"cpu", "memory", "gpu", "gpuType", "storage"}); !ok)
        return ok;
    // The document types every resource as a string ("4", "16Gi"): a number is refused, not coerced.
    auto text = [&resources](const char *name) { return resources.string(QString::fromLatin1(name)); };
    auto cpu = text("cpu");
    if (!cpu)
        return fail(cpu.error());
    if (*cpu) {
        auto cpus = Units::parseCpus(QStringLiteral("resources.cpu"), **cpu);
        if (!cpus)
            return fail(cpus.error());
        patch.cpus = *cpus;
    }
    for (const auto &[name, target] : {std::pair{"memory", &patch.memoryMb}, std::pair{"storage", &patch.storageMb}}) {
        auto value = resources.string(QString::fromLatin1(name));
        if (!value)
            return fail(value.error());
        if (!*value)
            continue;
        auto mb = Units::parseMebibytes(QStringLiteral("resources.") + QString::fromLatin1(name), **value);
        if (!mb)
            return fail(mb.error());
        *target = *mb;
    }
    auto gpu = text("gpu");
    if (!gpu)
        return fail(gpu.error());
    auto gpuType = resources.string(QStringLiteral("gpuType"));
    if (!gpuType)
        return fail(gpuType.error());
    const bool wantsGpu = (*gpu && **gpu != u"0" && !(*gpu)->isEmpty()) || (*gpuType && !(*gpuType)->isEmpty());
    if (wantsGpu) {
        return fail(ErrorCode::ResourceNotAllowed,
                    QStringLiteral("resources.gpu: Atrium's hosts have no GPUs to assign; omit gpu or set it to \"0\""),
                    QStringLiteral("resources.gpu"));
    }
    return {};
}

}  // namespace

QString status(WorkspaceStatus s)
{
    switch (s) {
    case WorkspaceStatus::Pending: return QStringLiteral("pending");
    case WorkspaceStatus::Running:
    case WorkspaceStatus::Stopping:
    case WorkspaceStatus::Paused: return QStringLiteral("running");
    case WorkspaceStatus::Available:
    case WorkspaceStatus::Stopped: return QStringLiteral("stopped");
    case WorkspaceStatus::Error: return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

bool isKnownStatus(const QString &v1Status)
{
    return QStringList{QStringLiteral("pending"), QStringLiteral("running"), QStringLiteral("stopped"), QStringLiteral("failed"),
                       QStringLiteral("terminated")}
        .contains(v1Status);
}

QJsonObject summary(const Workspace &w)
{
    return {
        {QStringLiteral("id"), w.id},
        {QStringLiteral("name"), w.name},
        {QStringLiteral("description"), w.description},
        {QStringLiteral("status"), status(w.status)},
        {QStringLiteral("state"), nameOf(w.status)},
        // Every documented field is a string on every workspace; "" says "none" (openapi.json).
        {QStringLiteral("environmentType"), environmentTypeOf(w)},
        {QStringLiteral("image"), w.image},
        {QStringLiteral("organizationId"), w.organizationId},
        {QStringLiteral("ownerId"), w.ownerId},
        {QStringLiteral("url"), w.url},
        {QStringLiteral("projectId"), w.projectId},
        {QStringLiteral("createdAt"), isoTime(w.createdAt)},
        {QStringLiteral("updatedAt"), isoTime(w.updatedAt)},
    };
}

QJsonObject full(const Workspace &w, const std::optional<Identity> &owner)
{
    QJsonObject json = summary(w);
    json.insert(QStringLiteral("resources"),
                QJsonObject{{QStringLiteral("cpu"), QString::number(w.resources.cpus)},
                            {QStringLiteral("memory"), Units::formatKubernetesSize(w.resources.memoryMb)},
                            {QStringLiteral("gpu"), QStringLiteral("0")},
                            {QStringLiteral("gpuType"), QString()},
                            {QStringLiteral("storage"), Units::formatKubernetesSize(w.resources.storageMb)}});
    // The shared catalog (no owner) and a removed owner answer an owner of empty strings.
    json.insert(QStringLiteral("owner"), QJsonObject{{QStringLiteral("id"), owner ? owner->id : w.ownerId},
                                                     {QStringLiteral("name"), owner ? owner->name : QString()},
                                                     {QStringLiteral("email"), owner ? owner->email : QString()}});
    json.insert(QStringLiteral("volumeIds"), QJsonArray::fromStringList(w.volumeIds));
    return json;
}

QJsonObject statusReport(const Workspace &w, const HostInfo *host, TunnelStatus tunnel)
{
    QString phase;
    QString message;
    switch (w.status) {
    case WorkspaceStatus::Available:
        phase = QStringLiteral("Stopped");
        message = QStringLiteral("Workspace is stopped");
        break;
    case WorkspaceStatus::Stopped:
        phase = QStringLiteral("Stopped");
        message = QStringLiteral("Workspace is out of service");
        break;
    case WorkspaceStatus::Pending:
        phase = QStringLiteral("Pending");
        message = w.statusMessage.isEmpty() ? QStringLiteral("Workspace is starting") : w.statusMessage;
        break;
    case WorkspaceStatus::Running:
        phase = QStringLiteral("Running");
        message = QStringLiteral("Workspace is running and ready");
        break;
    case WorkspaceStatus::Stopping:
        phase = QStringLiteral("Stopping");
        message = w.statusMessage.isEmpty() ? QStringLiteral("Workspace is stopping") : w.statusMessage;
        break;
    case WorkspaceStatus::Paused:
        phase = QStringLiteral("Paused");
        message = QStringLiteral("The workspace's VM is paused");
        break;
    case WorkspaceStatus::Error:
        phase = QStringLiteral("Failed");
        message = w.statusMessage;
        break;
    }
    const QString changed = isoTime(w.updatedAt);
    auto condition = [&changed](const char *type, std::optional<bool> status, const QString &why) {
        QJsonObject c{{QStringLiteral("type"), QString::fromLatin1(type)},
                      {QStringLiteral("status"), !status ? QStringLiteral("Unknown") : *status ? QStringLiteral("True")
                                                                                                : QStringLiteral("False")},
                      {QStringLiteral("lastTransitionTime"), changed}};
        if (!why.isEmpty())
            c.insert(QStringLiteral("message"), why);
        return c;
    };
    QJsonArray conditions;
    if (w.provider() == ProviderKind::Libvirt) {
        const bool connected = host && host->state == HostState::Connected;
        conditions.append(condition("HostConnected", host ? std::optional<bool>(connected) : std::nullopt,
                                    host ? QStringLiteral("%1 is %2").arg(hostDisplayName(*host), nameOf(host->state))
                                         : QStringLiteral("no host is configured")));
        conditions.append(condition("Provisioned", !w.domainName.isEmpty(),
                                    w.domainName.isEmpty() ? QStringLiteral("the domain is defined on first start")
                                                           : QStringLiteral("domain %1").arg(w.domainName)));
    } else if (w.requiresNetbird) {
        conditions.append(condition("TunnelUp", tunnel == TunnelStatus::Encrypted,
                                    QStringLiteral("NetBird is %1").arg(nameOf(tunnel))));
    }
    conditions.append(condition("Ready", w.status == WorkspaceStatus::Running, QString()));
    return {
        {QStringLiteral("phase"), phase},
        {QStringLiteral("ready"), w.status == WorkspaceStatus::Running},
        {QStringLiteral("message"), message},
        {QStringLiteral("conditions"), conditions},
    };
}

QJsonObject metrics(const Workspace &w, const std::optional<MetricPoint> &point, const QString &limitation)
{
    QJsonObject unavailable;
    // A value nobody measured is "" (a string, as documented, never an invented number);
    // "unavailable" says why.
    QJsonObject json{
        {QStringLiteral("cpuUsage"), QString()},
        {QStringLiteral("memoryUsage"), QString()},
        {QStringLiteral("gpuUsage"), QString()},
        {QStringLiteral("diskUsage"), QString()},
    };
    unavailable.insert(QStringLiteral("gpuUsage"), QStringLiteral("Atrium's hosts have no GPUs"));
    QString whyNone;
    if (w.provider() != ProviderKind::Libvirt)
        whyNone = QStringLiteral("a remote endpoint runs on a machine Atrium does not measure");
    else if (!w.isActive())
        whyNone = QStringLiteral("the workspace is not running");
    else if (!limitation.isEmpty())
        whyNone = limitation;
    else if (!point)
        whyNone = QStringLiteral("no sample yet; the first arrives within one sampling interval");
    if (!whyNone.isEmpty() || !point) {
        for (const char *field : {"cpuUsage", "memoryUsage", "diskUsage"})
            unavailable.insert(QString::fromLatin1(field), whyNone);
    } else {
        if (point->cpuCores)
            json.insert(QStringLiteral("cpuUsage"), QString::number(*point->cpuCores, 'f', 2));
        else
            unavailable.insert(QStringLiteral("cpuUsage"), point->unavailable.value(QStringLiteral("cpu")));
        if (point->memoryUsedMb)
            json.insert(QStringLiteral("memoryUsage"), quantity(*point->memoryUsedMb));
        else
            unavailable.insert(QStringLiteral("memoryUsage"), point->unavailable.value(QStringLiteral("memory")));
        if (point->diskUsedMb)
            json.insert(QStringLiteral("diskUsage"), quantity(*point->diskUsedMb));
        else
            unavailable.insert(QStringLiteral("diskUsage"), point->unavailable.value(QStringLiteral("disk")));
        json.insert(QStringLiteral("sampledAt"), isoTime(point->at));
    }
    json.insert(QStringLiteral("unavailable"), unavailable);
    return json;
}

Result<WorkspacePatch> createPatch(const JsonBody &body, const Actor &actor)
{
    if (auto ok = body.onlyFields({"name", "description", "environmentType", "image", "resources", "projectId"}); !ok)
        return fail(ok.error());
    WorkspacePatch patch;
    auto name = body.requiredString(QStringLiteral("name"));
    auto description = body.requiredString(QStringLiteral("description"));
    auto environment = body.requiredString(QStringLiteral("environmentType"));
    for (const auto *r : {&name, &description, &environment}) {
        if (!*r)
            return fail(r->error());
    }
    if (!kEnvironmentTypes.contains(*environment)) {
        return fail(Error::invalid(QStringLiteral("environmentType"),
                                   QStringLiteral("environmentType must be one of: %1").arg(kEnvironmentTypes.join(QStringLiteral(", ")))));
    }
    patch.name = *name;
    patch.description = *description;
    patch.environmentType = *environment;
    patch.type = WorkspaceType::Dev;
    patch.connectionType = ConnectionType::Vnc;
    patch.requiresNetbird = false;
    patch.icon = QStringLiteral("code");
    patch.ownerId = actor.identity.id;
    patch.cpus = 2;
    patch.memoryMb = 4096;
    patch.storageMb = 50 * 1024;
    for (const auto &[key, target] : {std::pair{QStringLiteral("image"), &patch.image},
                                      std::pair{QStringLiteral("projectId"), &patch.projectId}}) {
        auto value = body.string(key);
        if (!value)
            return fail(value.error());
        if (*value)
            *target = **value;
    }
    if (auto ok = readResources(body, patch); !ok)
        return fail(ok.error());
    return patch;
}

Result<WorkspacePatch> updatePatch(const JsonBody &body)
{
    if (auto ok = body.onlyFields({"name", "description", "image", "resources"}); !ok)
        return fail(ok.error());
    WorkspacePatch patch;
    for (const auto &[key, target] : {std::pair{QStringLiteral("name"), &patch.name},
                                      std::pair{QStringLiteral("description"), &patch.description},
                                      std::pair{QStringLiteral("image"), &patch.image}}) {
        auto value = body.string(key);
        if (!value)
            return fail(value.error());
        if (*value)
            *target = **value;
    }
    if (auto ok = readResources(body, patch); !ok)
        return fail(ok.error());
    return patch;
}

}  // namespace Atrium::Api::V1Json
