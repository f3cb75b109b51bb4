#pragma once

#include <QDeadlineTimer>
#include <QFuture>
#include <QTest>

#include <chrono>
#include <optional>

namespace Atrium::Testing {

using namespace std::chrono_literals;

/// Runs the event loop until @p future finishes (tests only: production code
/// never waits). Returns nullopt on timeout or cancellation.
template <typename T>
std::optional<T> await(QFuture<T> future, std::chrono::milliseconds timeout = 15s)
{
    QDeadlineTimer deadline(timeout);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(2);
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

}  // namespace Atrium::Testing
