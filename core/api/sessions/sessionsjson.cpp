#include "api/sessions/sessionsjson.h"

#include "api/http/isotime.h"

namespace Atrium::Api::SessionsJson {

QJsonObject session(const Session &s)
{
    return {
        {QStringLiteral("id"), s.id},
        {QStringLiteral("user_id"), s.userId},
        {QStringLiteral("user_email"), s.userEmail},
        {QStringLiteral("workspace_id"), s.workspaceId},
        {QStringLiteral("workspace_name"), s.workspaceName},
        {QStringLiteral("workspace_type"), nameOf(s.workspaceType)},
        {QStringLiteral("status"), nameOf(s.status)},
        {QStringLiteral("started_at"), isoTime(s.startedAt)},
        {QStringLiteral("ended_at"), isoTimeOrNull(s.endedAt)},
        {QStringLiteral("ip_address"), s.ipAddress},
        {QStringLiteral("tunnel_status"), nameOf(s.tunnelStatus)},
        {QStringLiteral("mfa_verified"), s.mfaVerified},
    };
}

}  // namespace Atrium::Api::SessionsJson
