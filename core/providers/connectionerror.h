#pragma once

#include "model/hostcredentials.h"

#include <QString>

namespace Atrium {

/// Why connecting to @p uri failed, in plain words first ("authentication refused", "unknown
/// host key", "no libvirt socket there", "timed out", …), then libvirt's own @p message.
/// @p outcome says what the attempt asked (an unknown host key ssh wanted trusted, say).
QString plainConnectionError(const QString &uri, const QString &message, const CredentialOutcome &outcome = {});

}  // namespace Atrium
