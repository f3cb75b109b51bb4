#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QPromise>
#include <QThread>

#include <memory>
#include <type_traits>
#include <utility>

namespace Atrium {

namespace Detail {

struct NoCancelHandler {
    void operator()() const {}
};

}  // namespace Detail

/// Runs @p fn with @p future's result on @p context's thread once it is ready, and returns a
/// future of what @p fn returns. Call it on @p context's thread.
///
/// Use it instead of QFuture::then(context, fn). The continuation belongs to @p context: when
/// the context is destroyed first, the continuation goes with it, never runs, and the returned
/// future is cancelled. A future that is already finished is continued at once, as then() does.
/// Qt 6.4's then() instead asserts on a dead context (qfuture_impl.h) and,
/// in a release build, leaves the rest of the chain waiting forever. A cancelled @p future
/// cancels the returned one without calling @p fn; @p onCanceled (if given) runs then instead.
template <typename T, typename F, typename C = Detail::NoCancelHandler>
auto continueOn(const QFuture<T> &future, QObject *context, F &&fn, C &&onCanceled = {})
{
    static_assert(!std::is_void_v<T>, "continueOn() takes futures that carry a result");
    using R = std::invoke_result_t<F, const T &>;
    Q_ASSERT(context && context->thread() == QThread::currentThread());

    auto promise = std::make_shared<QPromise<R>>();
    promise->start();
    QFuture<R> continued = promise->future();
    if (future.isFinished()) {
        // As QFuture::then(context) does for a ready future on the context's thread: at once.
        if (future.isCanceled() || future.resultCount() == 0) {
            onCanceled();
            continued.cancel();
        } else if constexpr (std::is_void_v<R>) {
            fn(future.result());
        } else {
            promise->addResult(fn(future.result()));
        }
        promise->finish();
        return continued;
    }
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, promise, fn = std::forward<F>(fn), onCanceled = std::forward<C>(onCanceled)]() mutable {
                         watcher->deleteLater();
                         const QFuture<T> done = watcher->future();
                         if (done.isCanceled() || done.resultCount() == 0) {
                             onCanceled();
                             promise->future().cancel();
                             promise->finish();
                             return;
                         }
                         if constexpr (std::is_void_v<R>)
                             fn(done.result());
                         else
                             promise->addResult(fn(done.result()));
                         promise->finish();
                     });
    watcher->setFuture(future);
    return continued;
}

}  // namespace Atrium
