#pragma once

#include "api/http/httptypes.h"
#include "api/http/router.h"
#include "model/error.h"

namespace Atrium::Api {

/// An error in the shape its surface documents:
///   Bearer     {"detail": "…", "code": "…"}
///   ApiKey     {"error": {"code": "…", "message": "…"}}
///   ClientPair {"success": false, "error": "…", "code": "…"}
/// A field at fault is named in "field" on every surface.
ApiReply errorReply(Surface surface, const Error &error);
ApiReply errorReply(Surface surface, int status, const QString &code, const QString &message,
                    const QString &field = {});

/// The bare JSON body of such an error (for refusals written before routing).
QByteArray errorBody(Surface surface, const QString &code, const QString &message, const QString &field = {});

}  // namespace Atrium::Api

namespace Atrium::Api {

/// The reply, or the error shaped for @p surface.
ApiReply replyOr(Surface surface, const Result<ApiReply> &result);

}  // namespace Atrium::Api
