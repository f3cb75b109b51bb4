#pragma once

#include "workspace.h"

#include <QJsonObject>

namespace Atrium {

/// The canonical JSON form of a LifecycleConfig (snake_case, as the micro-VM API
/// writes it). Used by the store and by the API when it echoes a config back.
QJsonObject lifecycleConfigToJson(const LifecycleConfig &config);

/// Lenient reader for JSON this program wrote itself: unknown or mistyped
/// fields keep their defaults. Request bodies go through the API's strict reader.
LifecycleConfig lifecycleConfigFromJson(const QJsonObject &json);

}  // namespace Atrium
