#pragma once

#include "model/error.h"

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

}  // namespace Atrium::Testing
