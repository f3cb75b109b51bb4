#pragma once

// Lets QCOMPARE print Atrium's enums by name when a comparison fails.

#include "model/error.h"
#include "model/host.h"
#include "model/session.h"
#include "model/workspace.h"
#include "model/domain.h"

#include <QTest>

namespace QTest {

#define ATRIUM_PRINT_AS_STRING(Type)                                        \
    template <>                                                             \
    inline char *toString(const Type &value)                                \
    {                                                                       \
        return qstrdup(qPrintable(Atrium::nameOf(value)));                \
    }

ATRIUM_PRINT_AS_STRING(Atrium::WorkspaceStatus)
ATRIUM_PRINT_AS_STRING(Atrium::WorkspaceType)
ATRIUM_PRINT_AS_STRING(Atrium::ConnectionType)
ATRIUM_PRINT_AS_STRING(Atrium::SessionStatus)
ATRIUM_PRINT_AS_STRING(Atrium::TunnelStatus)
ATRIUM_PRINT_AS_STRING(Atrium::HostState)
ATRIUM_PRINT_AS_STRING(Atrium::DomainState)
ATRIUM_PRINT_AS_STRING(Atrium::DomainEventKind)
#undef ATRIUM_PRINT_AS_STRING

template <>
inline char *toString(const Atrium::ErrorCode &value)
{
    return qstrdup(qPrintable(Atrium::Error(value, {}).codeName()));
}

template <>
inline char *toString(const Atrium::StopOutcome &value)
{
    switch (value) {
    case Atrium::StopOutcome::AlreadyStopped: return qstrdup("AlreadyStopped");
    case Atrium::StopOutcome::ShutDown: return qstrdup("ShutDown");
    case Atrium::StopOutcome::Destroyed: return qstrdup("Destroyed");
    }
    return qstrdup("?");
}

}  // namespace QTest
