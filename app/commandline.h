#pragma once

#include "runtime.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QString>

namespace Atrium {

/// Options shared by `atrium` (the window) and `atrium serve`.
struct ServeSettings {
    RuntimeOptions runtime;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 8765;
};

/// Adds the shared options (--listen, --data-dir, --host, …) to @p parser.
void addServeOptions(QCommandLineParser &parser);

/// Reads them back; an error names the option at fault.
Result<ServeSettings> readServeOptions(const QCommandLineParser &parser);

/// Parses "127.0.0.1:8765", "[::1]:8765" or "8765"; port 0 picks a free port.
Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &text);

/// The full help text: every verb and option.
QString usageText();

}  // namespace Atrium
