#include "workspacevalidator.h"

#include "units.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

namespace Atrium {

namespace {

constexpr int kMaxNameLength = 255;
constexpr int kMaxDescriptionLength = 4000;
constexpr int kMaxUrlLength = 2048;
constexpr int kMaxCpus = 256;
constexpr qint64 kMinMemoryMb = 64;
constexpr qint64 kMaxMemoryMb = 4LL * 1024 * 1024;
constexpr qint64 kMaxStorageMb = 16LL * 1024 * 1024;
constexpr int kMaxEnvVars = 256;
constexpr int kMaxEnvValueLength = 32 * 1024;
constexpr int kMaxCmdArgs = 256;
constexpr int kMaxRestarts = 1000;

bool hasControlCharacters(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t')
            return true;
    }
    return false;
}

Result<void> validateText(const QString &field, const QString &value, int maxLength)
{
    if (value.size() > maxLength)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 is longer than %2 characters").arg(field).arg(maxLength), field);
    if (hasControlCharacters(value))
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 contains control characters").arg(field), field);
    return {};
}

Result<void> validateHttpUrl(const QString &field, const QString &value)
{
    if (value.isEmpty())
        return {};
    if (auto ok = validateText(field, value, kMaxUrlLength); !ok)
        return ok;
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' is not an http:// or https:// URL").arg(field, value), field);
    }
    return {};
}

Result<void> validateResources(const Resources &r)
{
    if (r.cpus < 1 || r.cpus > kMaxCpus)
        return fail(ErrorCode::InvalidInput, QStringLiteral("cpu must be between 1 and %1 vCPU").arg(kMaxCpus), QStringLiteral("cpu"));
    if (r.memoryMb < kMinMemoryMb || r.memoryMb > kMaxMemoryMb) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("memory must be between %1 and %2").arg(Units::formatSize(kMinMemoryMb), Units::formatSize(kMaxMemoryMb)),
                    QStringLiteral("memory"));
    }
    if (r.storageMb < 0 || r.storageMb > kMaxStorageMb) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("storage must be between 0 and %1").arg(Units::formatSize(kMaxStorageMb)),
                    QStringLiteral("storage"));
    }
    if (auto ok = validateText(QStringLiteral("gpu"), r.gpu, 64); !ok)
        return ok;
    return validateText(QStringLiteral("gpuType"), r.gpuType, 128);
}

Result<void> validateConfig(const Workspace &w)
{
    const LifecycleConfig &c = w.config;
    auto configError = [](const QString &field, const QString &message) {
        return fail(ErrorCode::InvalidConfig, message, QStringLiteral("config.") + field);
    };
    if (!c.ttl.isEmpty()) {
        const auto ttl = Units::parseDuration(QStringLiteral("config.ttl"), c.ttl);
        if (!ttl)
            return configError(QStringLiteral("ttl"), ttl.error().message);
        // The micro-VM API's own full example sends ttl with mode "permanent": it is accepted and
        // kept, and enforced only while the workspace is temporary ("Only for temporary mode").
    }
    if (c.maxRestarts < 0 || c.maxRestarts > kMaxRestarts)
        return configError(QStringLiteral("max_restarts"), QStringLiteral("config.max_restarts must be between 0 and %1").arg(kMaxRestarts));
    if (c.env.size() > kMaxEnvVars)
        return configError(QStringLiteral("env"), QStringLiteral("config.env holds more than %1 variables").arg(kMaxEnvVars));
    static const QRegularExpression envKey(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,255}$"));
    for (const EnvVar &var : c.env) {
        if (!envKey.match(var.key).hasMatch())
            return configError(QStringLiteral("env"), QStringLiteral("config.env: '%1' is not a valid variable name").arg(var.key.left(64)));
        if (var.value.size() > kMaxEnvValueLength)
            return configError(QStringLiteral("env"), QStringLiteral("config.env: the value of %1 is too long").arg(var.key));
    }
    if (c.cmd && c.cmd->size() > kMaxCmdArgs)
        return configError(QStringLiteral("cmd"), QStringLiteral("config.cmd holds more than %1 arguments").arg(kMaxCmdArgs));
    if (c.proxyAssignmentId && *c.proxyAssignmentId < 0)
        return configError(QStringLiteral("proxy_assignment_id"), QStringLiteral("config.proxy_assignment_id must not be negative"));
    return {};
}

}  // namespace

bool isValidWorkspaceId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"));
    return re.match(id).hasMatch();
}

QString generateWorkspaceId()
{
    return QStringLiteral("ws-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

Result<void> validateChanges(const Workspace &before, const Workspace &after)
{
    // What did not change is replaced by values that pass, so only the changes are judged.
    Workspace judged = after;
    const Workspace fallback;
    if (after.name == before.name)
        judged.name = fallback.name.isEmpty() ? QStringLiteral("unchanged") : fallback.name;
    if (after.description == before.description)
        judged.description.clear();
    if (after.resources.cpus == before.resources.cpus)
        judged.resources.cpus = fallback.resources.cpus;
    if (after.resources.memoryMb == before.resources.memoryMb)
        judged.resources.memoryMb = fallback.resources.memoryMb;
    if (after.resources.storageMb == before.resources.storageMb)
        judged.resources.storageMb = fallback.resources.storageMb;
    return validateWorkspace(judged);
}

Result<void> validateWorkspace(const Workspace &w)
{
    if (!isValidWorkspaceId(w.id)) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("id: '%1' is not a valid id (letters, digits, '-', '_', '.'; at most 63)").arg(w.id.left(80)),
                    QStringLiteral("id"));
    }
    const QString name = w.name.trimmed();
    if (name.isEmpty() || w.name.size() > kMaxNameLength) {
        return fail(ErrorCode::InvalidNameLength,
                    QStringLiteral("name must be between 1 and %1 characters").arg(kMaxNameLength), QStringLiteral("name"));
    }
    if (hasControlCharacters(w.name))
        return fail(ErrorCode::InvalidInput, QStringLiteral("name contains control characters"), QStringLiteral("name"));
    if (auto ok = validateText(QStringLiteral("description"), w.description, kMaxDescriptionLength); !ok)
        return ok;
    static const QRegularExpression iconRe(QStringLiteral("^[A-Za-z0-9_-]{0,64}$"));
    if (!iconRe.match(w.icon).hasMatch()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("icon: '%1' is not an icon identifier (letters, digits, '-', '_')").arg(w.icon.left(80)),
                    QStringLiteral("icon"));
    }
    if (auto ok = validateHttpUrl(QStringLiteral("image_url"), w.imageUrl); !ok)
        return ok;
    if (auto ok = validateHttpUrl(QStringLiteral("url"), w.url); !ok)
        return ok;
    if (auto ok = validateResources(w.resources); !ok)
        return ok;
    static const QRegularExpression namespaceRe(QStringLiteral("^[A-Za-z0-9-]{1,63}$"));
    if (!namespaceRe.match(w.namespaceName).hasMatch()) {
        return fail(ErrorCode::InvalidNamespace,
                    QStringLiteral("namespace: '%1' may hold only letters, digits and hyphens (1 to 63)").arg(w.namespaceName.left(80)),
                    QStringLiteral("namespace"));
    }
    for (const auto &[field, value] : {std::pair{QStringLiteral("environmentType"), w.environmentType},
                                       std::pair{QStringLiteral("projectId"), w.projectId},
                                       std::pair{QStringLiteral("organizationId"), w.organizationId}}) {
        if (auto ok = validateText(field, value, 128); !ok)
            return ok;
    }
    if (auto ok = validateText(QStringLiteral("image"), w.image, 255); !ok)
        return fail(ErrorCode::InvalidImage, ok.error().message, QStringLiteral("image"));
    if (w.volumeIds.size() > 64)
        return fail(ErrorCode::InvalidInput, QStringLiteral("volumeIds holds more than 64 ids"), QStringLiteral("volumeIds"));
    if (!w.hostUri.isEmpty()) {
        const QUrl uri(w.hostUri, QUrl::StrictMode);
        if (!uri.isValid() || uri.scheme().isEmpty() || hasControlCharacters(w.hostUri))
            return fail(ErrorCode::InvalidInput, QStringLiteral("host: '%1' is not a libvirt URI").arg(w.hostUri.left(200)), QStringLiteral("host"));
    }
    return validateConfig(w);
}

bool changesResources(const Workspace &w, const WorkspacePatch &patch)
{
    const Resources &r = w.resources;
    return (patch.cpus && *patch.cpus != r.cpus) || (patch.memoryMb && *patch.memoryMb != r.memoryMb)
        || (patch.storageMb && *patch.storageMb != r.storageMb) || (patch.gpu && *patch.gpu != r.gpu)
        || (patch.gpuType && *patch.gpuType != r.gpuType);
}

Workspace applyPatch(Workspace w, const WorkspacePatch &p)
{
    auto set = [](auto &target, const auto &value) {
        if (value)
            target = *value;
    };
    set(w.id, p.id);
    set(w.name, p.name);
    set(w.description, p.description);
    set(w.type, p.type);
    set(w.status, p.status);
    set(w.icon, p.icon);
    set(w.imageUrl, p.imageUrl);
    set(w.url, p.url);
    set(w.connectionType, p.connectionType);
    set(w.requiresNetbird, p.requiresNetbird);
    set(w.resources.cpus, p.cpus);
    set(w.resources.memoryMb, p.memoryMb);
    set(w.resources.storageMb, p.storageMb);
    set(w.resources.gpu, p.gpu);
    set(w.resources.gpuType, p.gpuType);
    set(w.environmentType, p.environmentType);
    set(w.image, p.image);
    set(w.projectId, p.projectId);
    set(w.organizationId, p.organizationId);
    set(w.volumeIds, p.volumeIds);
    set(w.namespaceName, p.namespaceName);
    set(w.mode, p.mode);
    set(w.config, p.config);
    set(w.ownerId, p.ownerId);
    set(w.hostUri, p.hostUri);
    set(w.healthChecks, p.healthChecks);
    return w;
}

}  // namespace Atrium
