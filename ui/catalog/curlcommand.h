#pragma once

#include "model/workspace.h"

#include <QString>

namespace Atrium::Ui {

/// The exact REST call that does what a menu item does, for "Copy as curl".
/// The token stays a variable ($ATRIUM_TOKEN): a real secret never goes to the clipboard.
namespace CurlCommand {

QString launch(const QString &baseUrl, const QString &id);
QString stop(const QString &baseUrl, const QString &id);
QString get(const QString &baseUrl, const QString &id);
QString remove(const QString &baseUrl, const QString &id);
/// PUT with every editable field as it is now.
QString update(const QString &baseUrl, const Workspace &workspace);
/// POST that creates a workspace like this one.
QString create(const QString &baseUrl, const Workspace &workspace);

/// Quotes for a POSIX shell: 'it'\''s'.
QString shellQuote(const QString &text);

}  // namespace CurlCommand

}  // namespace Atrium::Ui
