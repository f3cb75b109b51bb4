#pragma once

// What the engine's source files share. Not part of the engine's interface: only
// core/engine/*.cpp include it.

#include "engine.h"

#include "providers/hostregistry.h"
#include "secrets/hostkeychain.h"
#include "store/changeset.h"
#include "store/store.h"

#include <QFuture>
#include <QLoggingCategory>
#include <QPromise>

#include <memory>

namespace Atrium {

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace EngineDetail {

/// The audit log's name for a workspace, a host.
inline QString workspaceTarget(const QString &id)
{
    return QStringLiteral("workspace:") + id;
}
inline QString hostTarget(const QString &uri)
{
    return QStringLiteral("host:") + uri;
}

/// A future that is already settled: the answer of an operation refused before it started.
template <typename T>
QFuture<Result<T>> ready(Result<T> value)
{
    return QtFuture::makeReadyFuture(std::move(value));
}

template <typename T>
void settle(const std::shared_ptr<QPromise<Result<T>>> &promise, Result<T> value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

}  // namespace EngineDetail

}  // namespace Atrium
