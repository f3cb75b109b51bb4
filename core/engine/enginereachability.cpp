// Engine: reachability of remote endpoints — measured when someone asks, when someone
// launches one, or periodically for those whose owner opted in. Never otherwise.

#include "engineprivate.h"

#include "base/continuation.h"

#include <QUrl>

namespace Atrium {

using namespace EngineDetail;

namespace {

constexpr std::chrono::seconds kProbeTimeout{5};

QString describe(const Reachability &r)
{
    return r.reachable ? QStringLiteral("%1 reachable: TCP handshake %2 ms").arg(r.target).arg(*r.rttMs, 0, 'f', 1)
                       : QStringLiteral("%1 not reachable: %2").arg(r.target, r.error);
}

QString why(ProbeTrigger trigger)
{
    switch (trigger) {
    case ProbeTrigger::Asked: return QStringLiteral("checked on request");
    case ProbeTrigger::Launch: return QStringLiteral("checked at launch");
    case ProbeTrigger::Background: return QStringLiteral("periodic check");
    }
    return {};
}

}  // namespace

bool Engine::canProbe(const Workspace &workspace)
{
    const QUrl url(workspace.url);
    return workspace.provider() == ProviderKind::Remote && !workspace.url.isEmpty() && url.isValid()
        && !url.host().isEmpty();
}

QFuture<Result<Reachability>> Engine::probeWorkspace(const Actor &actor, const QString &id)
{
    auto workspace = visibleWorkspace(actor, id);
    if (!workspace)
        return ready<Reachability>(fail(workspace.error()));
    if (workspace->provider() != ProviderKind::Remote)
        return ready<Reachability>(fail(ErrorCode::Conflict, QStringLiteral("A VM is not probed: its host and metrics say how it is")));
    if (!canProbe(*workspace))
        return ready<Reachability>(fail(ErrorCode::Conflict, QStringLiteral("Workspace has no URL with a host to probe")));
    return continueOn(measure(*workspace, ProbeTrigger::Asked), this, [](const Reachability &r) -> Result<Reachability> { return r; });
}

void Engine::measureReachability(const QString &id, ProbeTrigger trigger)
{
    const auto found = m_workspaces.constFind(id);
    if (found != m_workspaces.constEnd() && canProbe(*found))
        measure(*found, trigger);  // the continuation records it; nobody waits here
}

QFuture<Reachability> Engine::measure(const Workspace &workspace, ProbeTrigger trigger)
{
    const QString id = workspace.id;
    const QString url = workspace.url;
    return continueOn(probeEndpoint(QUrl(url), kProbeTimeout, this), this, [this, id, url, trigger](const Reachability &r) {
        const auto current = m_workspaces.constFind(id);
        if (current == m_workspaces.constEnd() || current->url != url)
            return r;  // removed, or pointed elsewhere, while it was being measured
        const std::optional<Reachability> previous = m_reachability.value(id);
        m_reachability.insert(id, r);
        // A periodic check writes to the log only when the answer changes.
        if (trigger != ProbeTrigger::Background || !previous || previous->reachable != r.reachable)
            noteLifecycle(id, QStringLiteral("%1 (%2)").arg(describe(r), why(trigger)));
        Q_EMIT reachabilityMeasured(id, r);
        return r;
    });
}

}  // namespace Atrium
