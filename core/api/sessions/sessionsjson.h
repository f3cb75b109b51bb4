#pragma once

#include "model/session.h"

#include <QJsonObject>

namespace Atrium::Api::SessionsJson {

/// A session as the Sessions API spells it (snake_case, the documented fields).
QJsonObject session(const Session &s);

}  // namespace Atrium::Api::SessionsJson
