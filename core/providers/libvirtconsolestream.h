#pragma once

#include "model/consolestream.h"

#include <memory>

typedef struct _virStream virStream;

namespace Atrium {

/// A domain's serial console as a libvirt stream (virDomainOpenConsole), so it works over
/// every transport, SSH and TLS included. The stream is non-blocking and watched by libvirt's
/// event loop on its own thread; what the guest writes is handed to this object's thread, and
/// writes that would block wait in a buffer until the stream can take them.
class LibvirtConsoleStream final : public ConsoleStream {
    Q_OBJECT

public:
    /// Takes over @p stream (a reference from virStreamNew, already opened on a console).
    explicit LibvirtConsoleStream(virStream *stream, QString domain, QObject *parent = nullptr);
    ~LibvirtConsoleStream() override;

    void send(const QByteArray &bytes) override;
    void close() override;
    bool isOpen() const override;

    struct Shared;  ///< what libvirt's callback and this object share
    /// The stream ended (libvirt's callback says so, on this object's thread): closed().
    void finish(const QString &reason);

private:

    std::shared_ptr<Shared> m_shared;
    QString m_domain;
};

}  // namespace Atrium
