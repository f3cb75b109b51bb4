#include "error.h"

namespace Atrium {

int Error::httpStatus() const
{
    switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::InvalidNamespace:
    case ErrorCode::InvalidNameLength:
    case ErrorCode::InvalidImage:
    case ErrorCode::InvalidConfig: return 400;
    case ErrorCode::Unauthenticated: return 401;
    case ErrorCode::SandboxLimitReached:
    case ErrorCode::PoolLimitReached:
    case ErrorCode::RunningPoolReached: return 402;
    case ErrorCode::AdminRequired:
    case ErrorCode::ScopeRequired:
    case ErrorCode::ResourceNotAllowed:
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::WorkspaceNotFound:
    case ErrorCode::SessionNotFound:
    case ErrorCode::HostNotFound:
    case ErrorCode::TokenNotFound:
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict:
    case ErrorCode::TunnelDown: return 409;
    case ErrorCode::TooManyRequests: return 429;
    case ErrorCode::HypervisorFailed: return 502;
    case ErrorCode::VmUnavailable: return 503;
    case ErrorCode::CreateFailed:
    case ErrorCode::StoreFailed:
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

QString Error::codeName() const
{
    switch (code) {
    case ErrorCode::InvalidInput: return QStringLiteral("INVALID_INPUT");
    case ErrorCode::InvalidNamespace: return QStringLiteral("INVALID_NAMESPACE");
    case ErrorCode::InvalidNameLength: return QStringLiteral("INVALID_NAME_LENGTH");
    case ErrorCode::InvalidImage: return QStringLiteral("INVALID_IMAGE");
    case ErrorCode::InvalidConfig: return QStringLiteral("INVALID_CONFIG");
    case ErrorCode::Unauthenticated: return QStringLiteral("MISSING_USER_ID");
    case ErrorCode::AdminRequired: return QStringLiteral("ADMIN_REQUIRED");
    case ErrorCode::ScopeRequired: return QStringLiteral("SCOPE_REQUIRED");
    case ErrorCode::ResourceNotAllowed: return QStringLiteral("RESOURCE_NOT_ALLOWED");
    case ErrorCode::Forbidden: return QStringLiteral("FORBIDDEN");
    case ErrorCode::WorkspaceNotFound: return QStringLiteral("WORKSPACE_NOT_FOUND");
    case ErrorCode::SessionNotFound: return QStringLiteral("SESSION_NOT_FOUND");
    case ErrorCode::HostNotFound: return QStringLiteral("HOST_NOT_FOUND");
    case ErrorCode::TokenNotFound: return QStringLiteral("TOKEN_NOT_FOUND");
    case ErrorCode::NotFound: return QStringLiteral("NOT_FOUND");
    case ErrorCode::Conflict: return QStringLiteral("INVALID_STATE");
    case ErrorCode::TunnelDown: return QStringLiteral("TUNNEL_DOWN");
    case ErrorCode::SandboxLimitReached: return QStringLiteral("SANDBOX_LIMIT_REACHED");
    case ErrorCode::PoolLimitReached: return QStringLiteral("POOL_LIMIT_REACHED");
    case ErrorCode::RunningPoolReached: return QStringLiteral("RUNNING_POOL_REACHED");
    case ErrorCode::TooManyRequests: return QStringLiteral("TOO_MANY_REQUESTS");
    case ErrorCode::VmUnavailable: return QStringLiteral("VM_UNAVAILABLE");
    case ErrorCode::HypervisorFailed: return QStringLiteral("HYPERVISOR_FAILED");
    case ErrorCode::CreateFailed: return QStringLiteral("CREATE_FAILED");
    case ErrorCode::StoreFailed: return QStringLiteral("STORE_FAILED");
    case ErrorCode::Internal: return QStringLiteral("INTERNAL_ERROR");
    }
    return QStringLiteral("INTERNAL_ERROR");
}

Error Error::adminRequired()
{
    return Error{ErrorCode::AdminRequired, QStringLiteral("Admin access required")};
}

Error Error::invalid(const QString &field, const QString &message)
{
    return Error{ErrorCode::InvalidInput, message, field};
}

}  // namespace Atrium
