#include "libvirterror.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

namespace Atrium {

namespace {

void ignoreError(void *, virErrorPtr) {}

}  // namespace

Error lastLibvirtError(const QString &what)
{
    const virErrorPtr error = virGetLastError();
    if (!error)
        return Error{ErrorCode::HypervisorFailed, QStringLiteral("%1: libvirt gave no reason").arg(what)};
    const QString message = QStringLiteral("%1: %2").arg(what, QString::fromUtf8(error->message ? error->message : "unknown error"));
    switch (error->code) {
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_RPC:
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_NO_SUPPORT:
        return Error{ErrorCode::VmUnavailable, message};
    case VIR_ERR_SYSTEM_ERROR:
        // A broken socket or a refused connection: the host is not reachable.
        return Error{error->domain == VIR_FROM_RPC || error->domain == VIR_FROM_REMOTE ? ErrorCode::VmUnavailable
                                                                                      : ErrorCode::HypervisorFailed,
                     message};
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
        return Error{ErrorCode::NotFound, message};
    case VIR_ERR_OPERATION_INVALID:
        return Error{ErrorCode::Conflict, message};
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_CONFIG_UNSUPPORTED:
        return Error{ErrorCode::CreateFailed, message};
    default:
        return Error{ErrorCode::HypervisorFailed, message};
    }
}

bool lastErrorIsNoDomain()
{
    const virErrorPtr error = virGetLastError();
    return error && error->code == VIR_ERR_NO_DOMAIN;
}

bool lastErrorIsNoStorage()
{
    const virErrorPtr error = virGetLastError();
    return error && (error->code == VIR_ERR_NO_STORAGE_POOL || error->code == VIR_ERR_NO_STORAGE_VOL);
}

bool lastErrorIsUnsupported()
{
    const virErrorPtr error = virGetLastError();
    return error && (error->code == VIR_ERR_ARGUMENT_UNSUPPORTED || error->code == VIR_ERR_NO_SUPPORT);
}

void silenceLibvirtStderr()
{
    virSetErrorFunc(nullptr, ignoreError);
}

}  // namespace Atrium
