#include "api/atrium/hostscontroller.h"

#include "api/http/errorreply.h"
#include "api/http/isotime.h"
#include "api/http/jsonbody.h"
#include "engine/engine.h"
#include "model/host.h"

#include <QJsonArray>

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Bearer;

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

}  // namespace

HostsController::HostsController(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

void HostsController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/api/hosts"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return list(r); });
    router.add(HttpMethod::Patch, QStringLiteral("/api/hosts/{id}"), kSurface, Access::Write,
               [this](const ApiRequest &r) { return update(r); });
}

QJsonObject HostsController::virtualizationJson(const HostInfo &h)
{
    return QJsonObject{
        {QStringLiteral("setting"), nameOf(h.virtualization)},
        {QStringLiteral("in_use"), h.virtType},
        {QStringLiteral("kvm_offered"), h.kvmOffered},
        {QStringLiteral("kvm_unusable"), h.kvmUnusable()},
        {QStringLiteral("kvm_failure"), stringOrNull(h.kvmFailure)},
        {QStringLiteral("kvm_failed_at"), h.kvmFailedAt.isValid() ? QJsonValue(isoTime(h.kvmFailedAt))
                                                                  : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("summary"), virtualizationSummary(h)},
    };
}

QJsonObject HostsController::hostJson(const HostInfo &h)
{
    QJsonObject json{
        {QStringLiteral("id"), hostId(h.uri)},
        {QStringLiteral("uri"), h.uri},
        {QStringLiteral("state"), nameOf(h.state)},
        {QStringLiteral("simulated"), h.simulated},
        {QStringLiteral("hypervisor"), h.hypervisor},
        {QStringLiteral("virt_type"), h.virtType},
        {QStringLiteral("virtualization"), virtualizationJson(h)},
        {QStringLiteral("hostname"), h.hostname},
        {QStringLiteral("cpus"), h.cpus},
        {QStringLiteral("memory_mb"), h.memoryMb},
        {QStringLiteral("free_memory_mb"), h.freeMemoryMb},
        {QStringLiteral("running_domains"), h.runningDomains},
        {QStringLiteral("display_name"), hostDisplayName(h)},
        {QStringLiteral("show_foreign_domains"), h.showForeignDomains},
    };
    if (!h.lastError.isEmpty())
        json.insert(QStringLiteral("last_error"), h.lastError);
    if (h.state == HostState::NeedsCredentials) {
        // What the host asked, in its words; the answers are given in the window, never over HTTP.
        QJsonArray asked;
        for (const CredentialRequest &request : h.credentialsNeeded)
            asked.append(QJsonObject{{QStringLiteral("kind"), nameOf(request.kind)}, {QStringLiteral("prompt"), request.prompt}});
        json.insert(QStringLiteral("credentials_needed"), asked);
        json.insert(QStringLiteral("credentials_refused"), h.credentialsRefused);
    }
    return json;
}

ApiReply HostsController::list(const ApiRequest &)
{
    QJsonArray array;
    for (const HostInfo &h : m_engine.hostInfos())
        array.append(hostJson(h));
    return ApiReply::json(200, array);
}

ApiReply HostsController::update(const ApiRequest &request)
{
    if (!request.actor.isAdmin())
        return errorReply(kSurface, Error::adminRequired());
    const QString id = request.capture(0);
    std::optional<HostInfo> found;
    for (const HostInfo &h : m_engine.hostInfos()) {
        if (hostId(h.uri) == id)
            found = h;
    }
    if (!found) {
        return errorReply(kSurface, Error(ErrorCode::HostNotFound,
                                          QStringLiteral("No host has the id '%1' (GET /api/hosts lists them)").arg(id.left(100))));
    }
    auto body = JsonBody::parse(request.body);
    if (!body)
        return errorReply(kSurface, body.error());
    if (auto ok = body->onlyFields({"virtualization", "display_name", "show_foreign_domains"}); !ok)
        return errorReply(kSurface, ok.error());
    // Every field is checked before any is applied: a refused field changes nothing.
    auto text = body->string(QStringLiteral("virtualization"));
    if (!text)
        return errorReply(kSurface, text.error());
    std::optional<Virtualization> virtualization;
    if (*text) {
        virtualization = parseVirtualization(**text);
        if (!virtualization || **text != nameOf(*virtualization)) {
            return errorReply(kSurface, Error::invalid(QStringLiteral("virtualization"),
                                                       QStringLiteral("virtualization must be one of auto, kvm, emulation")));
        }
    }
    auto displayName = body->string(QStringLiteral("display_name"));
    if (!displayName)
        return errorReply(kSurface, displayName.error());
    if (*displayName && !isValidHostDisplayName(**displayName)) {
        return errorReply(kSurface, Error::invalid(QStringLiteral("display_name"),
                                                   QStringLiteral("display_name must be at most %1 characters, without control "
                                                                  "characters or leading or trailing spaces")
                                                       .arg(kMaxHostDisplayNameLength)));
    }
    auto showForeign = body->boolean(QStringLiteral("show_foreign_domains"));
    if (!showForeign)
        return errorReply(kSurface, showForeign.error());
    if (!virtualization && !*displayName && !*showForeign) {
        return errorReply(kSurface, Error::invalid(QStringLiteral("body"),
                                                   QStringLiteral("Give at least one of virtualization, display_name, show_foreign_domains")));
    }
    if (virtualization) {
        if (auto ok = m_engine.setHostVirtualization(request.actor, found->uri, *virtualization); !ok)
            return errorReply(kSurface, ok.error());
    }
    if (*displayName) {
        if (auto ok = m_engine.setHostDisplayName(request.actor, found->uri, **displayName); !ok)
            return errorReply(kSurface, ok.error());
    }
    if (*showForeign) {
        if (auto ok = m_engine.setHostShowsForeignDomains(request.actor, found->uri, **showForeign); !ok)
            return errorReply(kSurface, ok.error());
    }
    for (const HostInfo &h : m_engine.hostInfos()) {
        if (h.uri == found->uri)
            return ApiReply::json(200, hostJson(h));
    }
    return errorReply(kSurface, Error(ErrorCode::HostNotFound, QStringLiteral("The host was removed meanwhile")));
}

}  // namespace Atrium::Api
