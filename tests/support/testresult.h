#pragma once

#include "model/error.h"

#include <QString>
#include <QtGlobal>

namespace Atrium::Testing {

/// The value of a result that must succeed, by value: safe to loop over
/// (`for (x : *f())` would dangle: GCC 12 does not extend the temporary).
template <typename T>
T must(Result<T> result)
{
    if (!result)
        qFatal("unexpected error: %s", qPrintable(result.error().message));
    return std::move(*result);
}

/// What @p result's error says, empty when it succeeded: for QVERIFY2's message, which is
/// evaluated whether or not the check fails.
template <typename T>
QString failureText(const Result<T> &result)
{
    return result ? QString() : result.error().message;
}

}  // namespace Atrium::Testing
