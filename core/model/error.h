#pragma once

#include <QString>

#include <expected>

namespace Atrium {

/// Stable error codes shared by every layer. Each maps to one HTTP status
/// and one upper-case name that API clients may match on.
enum class ErrorCode {
    InvalidInput,          ///< a field has a wrong type, range or format (400)
    InvalidNamespace,      ///< namespace holds characters other than [A-Za-z0-9-] (400)
    InvalidNameLength,     ///< name empty or longer than 255 characters (400)
    InvalidImage,          ///< image id empty, not a string or unknown (400)
    InvalidConfig,         ///< config is not an object or holds a bad value (400)
    Unauthenticated,       ///< no or bad credential (401)
    AdminRequired,         ///< the operation needs the admin role (403)
    ScopeRequired,         ///< the token lacks a scope (403)
    ResourceNotAllowed,    ///< requested resources exceed the limits (403)
    Forbidden,             ///< the credential is valid but not for this (403)
    WorkspaceNotFound,     ///< (404)
    SessionNotFound,       ///< (404)
    HostNotFound,          ///< (404)
    TokenNotFound,         ///< (404)
    NotFound,              ///< any other missing resource (404)
    Conflict,              ///< the workspace is in a state that forbids this (409)
    TunnelDown,            ///< NetBird is required but not up (409)
    SandboxLimitReached,   ///< workspace count limit (402)
    PoolLimitReached,      ///< owned resource pool full (402)
    RunningPoolReached,    ///< running resource pool full (402)
    TooManyRequests,       ///< throttled (429)
    VmUnavailable,         ///< hypervisor host unreachable (503)
    HypervisorFailed,      ///< libvirt refused or failed an operation (502)
    CreateFailed,          ///< provisioning failed (500)
    StoreFailed,           ///< the database refused a write (500)
    Internal,              ///< a bug (500)
};

/// An error as a value: a code, a message for people and, for validation
/// errors, the name of the field at fault.
struct Error {
    Error() = default;
    Error(ErrorCode code, QString message, QString field = {})
        : code(code)
        , message(std::move(message))
        , field(std::move(field))
    {
    }

    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field;

    int httpStatus() const;
    QString codeName() const;  ///< e.g. "WORKSPACE_NOT_FOUND"

    static Error invalid(const QString &field, const QString &message);
    /// ADMIN_REQUIRED, the one way it is said.
    static Error adminRequired();
};

template <typename T>
using Result = std::expected<T, Error>;

/// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, const QString &message, const QString &field = {})
{
    return std::unexpected(Error{code, message, field});
}
inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected(std::move(error));
}

}  // namespace Atrium
