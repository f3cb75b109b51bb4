#pragma once

namespace Atrium::Ui {

/// What Qt WebEngine reads once, before the QApplication exists: call it first
/// in any process that may show a web viewer. Does nothing in a build without
/// WebEngine.
void prepareWebEngine();

}  // namespace Atrium::Ui
