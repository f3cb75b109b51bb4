#pragma once

#include <QRegularExpression>
#include <QString>

namespace Atrium::Testing {

/// True when @p text is a lower-case random (version 4) UUID, as session ids are.
inline bool isUuidV4(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    return re.match(text).hasMatch();
}

}  // namespace Atrium::Testing
