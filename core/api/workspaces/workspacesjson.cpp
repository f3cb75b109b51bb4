#include "api/workspaces/workspacesjson.h"

#include "api/http/isotime.h"
#include "model/units.h"

namespace Atrium::Api::WorkspacesJson {

namespace {

/// cpu is a string, "4 vCPU" as documented (a bare "4" too); a JSON number is refused, not coerced.
Result<std::optional<int>> readCpu(const JsonBody &body)
{
    auto text = body.string(QStringLiteral("cpu"));
    if (!text)
        return fail(text.error());
    if (!*text)
        return std::optional<int>{};
    auto cpus = Units::parseCpus(QStringLiteral("cpu"), **text);
    if (!cpus)
        return fail(cpus.error());
    return std::optional<int>{*cpus};
}

Result<std::optional<qint64>> readSize(const JsonBody &body, const QString &name)
{
    auto text = body.string(name);
    if (!text)
        return fail(text.error());
    if (!*text)
        return std::optional<qint64>{};
    auto mb = Units::parseMebibytes(name, **text);
    if (!mb)
        return fail(mb.error());
    return std::optional<qint64>{*mb};
}

/// Reads the fields create and update share into @p patch.
Result<void> readCommon(const JsonBody &body, WorkspacePatch &patch)
{
    for (const auto &[name, target] : {std::pair{QStringLiteral("name"), &patch.name},
                                       std::pair{QStringLiteral("description"), &patch.description},
                                       std::pair{QStringLiteral("url"), &patch.url},
                                       std::pair{QStringLiteral("image_url"), &patch.imageUrl},
                                       std::pair{QStringLiteral("icon"), &patch.icon},
                                       std::pair{QStringLiteral("host"), &patch.hostUri},
                                       std::pair{QStringLiteral("image"), &patch.image}}) {
        auto value = body.string(name);
        if (!value)
            return fail(value.error());
        if (*value)
            *target = **value;
    }
    if (auto type = body.string(QStringLiteral("type")); !type) {
        return fail(type.error());
    } else if (*type) {
        patch.type = workspaceTypeFromString(**type);
        if (!patch.type) {
            return fail(Error::invalid(QStringLiteral("type"), QStringLiteral("type must be one of: %1")
                                                                   .arg(workspaceTypeNames().join(QStringLiteral(", ")))));
        }
    }
    if (auto connection = body.string(QStringLiteral("connection_type")); !connection) {
        return fail(connection.error());
    } else if (*connection) {
        patch.connectionType = connectionTypeFromString(**connection);
        if (!patch.connectionType) {
            return fail(Error::invalid(QStringLiteral("connection_type"),
                                       QStringLiteral("connection_type must be one of: %1")
                                           .arg(connectionTypeNames().join(QStringLiteral(", ")))));
        }
    }
    if (auto netbird = body.boolean(QStringLiteral("requires_netbird")); !netbird)
        return fail(netbird.error());
    else if (*netbird)
        patch.requiresNetbird = **netbird;
    if (auto health = body.boolean(QStringLiteral("health_checks")); !health)
        return fail(health.error());
    else if (*health)
        patch.healthChecks = **health;
    auto cpus = readCpu(body);
    if (!cpus)
        return fail(cpus.error());
    if (*cpus)
        patch.cpus = **cpus;
    auto memory = readSize(body, QStringLiteral("memory"));
    if (!memory)
        return fail(memory.error());
    if (*memory)
        patch.memoryMb = **memory;
    auto storage = readSize(body, QStringLiteral("storage"));
    if (!storage)
        return fail(storage.error());
    if (*storage)
        patch.storageMb = **storage;
    return {};
}

}  // namespace

QString documentStatus(const Workspace &w, bool inUse)
{
    switch (w.status) {
    case WorkspaceStatus::Stopped: return QStringLiteral("stopped");
    case WorkspaceStatus::Error: return QStringLiteral("error");
    default: return inUse ? QStringLiteral("running") : QStringLiteral("available");
    }
}

QSet<QString> workspacesInUse(const QList<Session> &activeSessions)
{
    QSet<QString> ids;
    for (const Session &s : activeSessions)
        ids.insert(s.workspaceId);
    return ids;
}

QJsonObject workspace(const Workspace &w, bool inUse)
{
    QJsonObject json{
        {QStringLiteral("id"), w.id},
        {QStringLiteral("name"), w.name},
        {QStringLiteral("type"), nameOf(w.type)},
        {QStringLiteral("description"), w.description},
        {QStringLiteral("image_url"), w.imageUrl},
        {QStringLiteral("status"), documentStatus(w, inUse)},  // the document's four statuses
        {QStringLiteral("cpu"), Units::formatCpus(w.resources.cpus)},
        {QStringLiteral("memory"), Units::formatSize(w.resources.memoryMb)},
        {QStringLiteral("storage"), Units::formatSize(w.resources.storageMb)},
        {QStringLiteral("url"), w.url},
        {QStringLiteral("connection_type"), nameOf(w.connectionType)},
        {QStringLiteral("requires_netbird"), w.requiresNetbird},
        {QStringLiteral("icon"), w.icon},
        {QStringLiteral("state"), nameOf(w.status)},
    };
    if (!w.statusMessage.isEmpty())
        json.insert(QStringLiteral("status_message"), w.statusMessage);
    if (w.provider() == ProviderKind::Libvirt)
        json.insert(QStringLiteral("host"), w.hostUri.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(w.hostUri));
    return json;
}

QJsonObject launch(const LaunchResult &launched, const QString &ticket)
{
    const SecurityFacts &f = launched.security;
    const QString streamUrl = QStringLiteral("/viewer/") + launched.session.id;
    return {
        {QStringLiteral("session_id"), launched.session.id},
        {QStringLiteral("workspace"), workspace(launched.workspace, true)},
        {QStringLiteral("stream_url"), streamUrl},
        {QStringLiteral("viewer_url"), ticket.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(streamUrl + QStringLiteral("?ticket=") + ticket)},
        // Where a browser goes for an endpoint; a VM's console is the stream, whatever its url says.
        {QStringLiteral("connection_url"), launched.workspace.provider() == ProviderKind::Remote && !launched.workspace.url.isEmpty()
                                               ? QJsonValue(launched.workspace.url)
                                               : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("tunnel_status"), nameOf(launched.session.tunnelStatus)},
        {QStringLiteral("security"),
         QJsonObject{
             {QStringLiteral("encrypted_tunnel"), f.encryptedTunnel},
             {QStringLiteral("identity_verified"), f.identityVerified},
             {QStringLiteral("mfa_enforced"), f.mfaEnforced},
             {QStringLiteral("session_recording"), f.sessionRecording},
             {QStringLiteral("no_open_ports"), f.noOpenPorts},
         }},
    };
}

Result<WorkspacePatch> createPatch(const JsonBody &body)
{
    if (auto ok = body.onlyFields({"name", "type", "description", "url", "connection_type", "requires_netbird", "cpu",
                                   "memory", "storage", "image_url", "icon", "host", "image", "health_checks"});
        !ok)
        return fail(ok.error());
    for (const char *required : {"name", "type", "description"}) {
        if (auto value = body.requiredString(QString::fromLatin1(required)); !value)
            return fail(value.error());
    }
    // The Workspaces API's defaults, then what was sent.
    WorkspacePatch patch;
    patch.url = QString();
    patch.connectionType = ConnectionType::Web;
    patch.requiresNetbird = true;
    patch.cpus = 2;
    patch.memoryMb = 4 * 1024;
    patch.storageMb = 50 * 1024;
    patch.imageUrl = QString();
    patch.icon = QStringLiteral("default");
    if (auto ok = readCommon(body, patch); !ok)
        return fail(ok.error());
    return patch;
}

Result<WorkspacePatch> updatePatch(const JsonBody &body, const QString &id)
{
    // state and status_message are read-only: accepted (and ignored) so an object read can be sent back.
    if (auto ok = body.onlyFields({"id", "name", "type", "description", "url", "connection_type", "requires_netbird",
                                   "cpu", "memory", "storage", "image_url", "icon", "status", "host", "image",
                                   "health_checks", "state", "status_message"});
        !ok)
        return fail(ok.error());
    // A client may send back the object it read: its id must be this one.
    if (auto sentId = body.string(QStringLiteral("id")); !sentId)
        return fail(sentId.error());
    else if (*sentId && **sentId != id)
        return fail(Error::invalid(QStringLiteral("id"), QStringLiteral("id cannot be changed")));
    WorkspacePatch patch;
    if (auto ok = readCommon(body, patch); !ok)
        return fail(ok.error());
    if (auto status = body.string(QStringLiteral("status")); !status) {
        return fail(status.error());
    } else if (*status) {
        static const QStringList documented{QStringLiteral("available"), QStringLiteral("running"),
                                            QStringLiteral("stopped"), QStringLiteral("error")};
        if (!documented.contains(**status)) {
            return fail(Error::invalid(QStringLiteral("status"),
                                       QStringLiteral("status must be one of: available, running, stopped, error")));
        }
        patch.status = workspaceStatusFromString(**status);
    }
    return patch;
}

}  // namespace Atrium::Api::WorkspacesJson
