#pragma once

#include "libvirthost.h"

#include <QList>
#include <QObject>

#include <optional>

namespace Atrium {

/// The libvirt hosts Atrium manages, in the order they were added. The first
/// one is the default host for workspaces that do not name one.
class HostRegistry final : public QObject {
    Q_OBJECT

public:
    static constexpr QLatin1StringView kSystemUri{"qemu:///system"};
    static constexpr QLatin1StringView kSimulatorUri{"test:///default"};

    explicit HostRegistry(HostOptions options, QObject *parent = nullptr);
    ~HostRegistry() override;

    /// Adds a host (with its remembered @p settings, if any) and starts connecting to it.
    /// Returns the existing one if @p uri is already known.
    LibvirtHost *add(const QString &uri, const std::optional<HostSettings> &settings = std::nullopt);
    bool remove(const QString &uri);

    /// Tries qemu:///system; if no hypervisor answers there, replaces it with
    /// libvirt's in-process simulator (test:///default), labelled as simulated.
    void addAutodetected(const std::optional<HostSettings> &systemSettings = std::nullopt);

    LibvirtHost *host(const QString &uri) const;
    LibvirtHost *defaultHost() const;
    QList<LibvirtHost *> hosts() const { return m_hosts; }
    QList<HostInfo> infos() const;

Q_SIGNALS:
    void hostAdded(const Atrium::HostInfo &info);
    void hostRemoved(const QString &uri);
    void hostChanged(const Atrium::HostInfo &info);
    void domainEvent(const Atrium::DomainEvent &event);

private:
    HostOptions m_options;
    QList<LibvirtHost *> m_hosts;
};

}  // namespace Atrium
