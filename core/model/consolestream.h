#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace Atrium {

/// A two-way byte stream to a VM's serial console, on the thread that opened it. What the
/// guest writes arrives as received(); closed() says why it ended (empty: close() was called).
class ConsoleStream : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    ~ConsoleStream() override = default;

    /// Sends @p bytes to the guest (keys typed, text pasted); never blocks.
    virtual void send(const QByteArray &bytes) = 0;
    /// Ends the stream; no signal follows.
    virtual void close() = 0;
    virtual bool isOpen() const = 0;

Q_SIGNALS:
    void received(const QByteArray &bytes);
    void closed(const QString &reason);
};

}  // namespace Atrium
