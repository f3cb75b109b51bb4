#include "commandline.h"

#include <QUrl>

namespace Atrium {

namespace {

const QString kListen = QStringLiteral("listen");
const QString kDataDir = QStringLiteral("data-dir");
const QString kHost = QStringLiteral("host");
const QString kPoolDir = QStringLiteral("pool-dir");
const QString kImagesDir = QStringLiteral("images-dir");
const QString kVirtType = QStringLiteral("virt-type");
const QString kStopTimeout = QStringLiteral("stop-timeout");

}  // namespace

void addServeOptions(QCommandLineParser &parser)
{
    parser.addOption({kListen, QStringLiteral("Address and port of the REST API (default 127.0.0.1:8765)."),
                      QStringLiteral("ADDR:PORT")});
    parser.addOption({kDataDir, QStringLiteral("Where Atrium keeps its database (default %1).").arg(Runtime::defaultDataDir()),
                      QStringLiteral("DIR")});
    parser.addOption({kHost, QStringLiteral("A libvirt host URI; repeat for several."), QStringLiteral("URI")});
    parser.addOption({kPoolDir, QStringLiteral("Directory of the 'atrium' storage pool on each host."),
                      QStringLiteral("DIR")});
    parser.addOption({kImagesDir, QStringLiteral("A directory of bootable images (their *.json manifests); repeat for several."),
                      QStringLiteral("DIR")});
    parser.addOption({kVirtType, QStringLiteral("Virtualization of the hosts given with --host: auto, kvm or emulation."),
                      QStringLiteral("TYPE")});
    parser.addOption({kStopTimeout, QStringLiteral("Seconds a guest gets to shut down before it is destroyed (default 30)."),
                      QStringLiteral("SECONDS")});
}

Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &text)
{
    bool numeric = false;
    const uint bare = text.toUInt(&numeric);
    if (numeric && bare < 65536)
        return std::pair{QHostAddress(QHostAddress::LocalHost), quint16(bare)};
    const QUrl url(QStringLiteral("http://") + text, QUrl::StrictMode);
    const QHostAddress address(url.host());
    if (!url.isValid() || address.isNull() || url.port() < 0) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--listen: '%1' is not an address and port (e.g. 127.0.0.1:8765 or [::1]:8765)").arg(text));
    }
    return std::pair{address, quint16(url.port())};
}

Result<ServeSettings> readServeOptions(const QCommandLineParser &parser)
{
    ServeSettings settings;
    if (parser.isSet(kListen)) {
        auto listen = parseListenAddress(parser.value(kListen));
        if (!listen)
            return fail(listen.error());
        std::tie(settings.listenAddress, settings.listenPort) = *listen;
    }
    settings.runtime.dataDir = parser.value(kDataDir);
    settings.runtime.engineOptions.useKeychain = true;  // host credentials, when an admin keeps them
    settings.runtime.hostUris = parser.values(kHost);
    if (parser.isSet(kPoolDir))
        settings.runtime.hostOptions.storagePoolPath = parser.value(kPoolDir);
    if (parser.isSet(kImagesDir))
        settings.runtime.engineOptions.images = ImageCatalog(parser.values(kImagesDir));
    if (parser.isSet(kVirtType)) {
        const auto virtualization = parseVirtualization(parser.value(kVirtType));
        if (!virtualization) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("--virt-type: '%1' is not auto, kvm or emulation (qemu)")
                                                     .arg(parser.value(kVirtType).left(100)));
        }
        settings.runtime.commandLineVirtualization = *virtualization;
    }
    if (parser.isSet(kStopTimeout)) {
        bool ok = false;
        const double seconds = parser.value(kStopTimeout).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600)
            return fail(ErrorCode::InvalidInput, QStringLiteral("--stop-timeout: give a number of seconds between 0 and 3600"));
        settings.runtime.engineOptions.stopDeadline = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    return settings;
}

QString usageText()
{
    return QStringLiteral(R"(Usage: atrium [VERB] [OPTIONS]

Atrium administers workspaces: libvirt virtual machines and remote desktop
endpoints, from a desktop window or through a local REST API.

Verbs:
  (none)          Open the desktop console. The REST API listens too.
  serve           Run headless: the engine and the REST API, until SIGINT/SIGTERM.
  token create    Issue an API token (shown once; only its hash is stored).
  token list      List tokens (never their secrets).
  token revoke ID Revoke a token.
  help            Show this text. `atrium VERB --help` shows a verb's options.

Options of `atrium` and `atrium serve`:
  --listen ADDR:PORT   REST API address (default 127.0.0.1:8765). Addresses other
                       than loopback expose the API to the network: Atrium warns.
  --data-dir DIR       Database and lock (default %1).
  --host URI           A libvirt host, e.g. qemu:///system, qemu+ssh://root@hv1/system,
                       test:///default (simulated). Repeat for several. Without
                       --host: the saved hosts, else qemu:///system, else the simulator.
  --pool-dir DIR       Directory of Atrium's storage pool on each host
                       (default /var/lib/libvirt/images/atrium).
  --images-dir DIR     Bootable images: manifests (*.json) and their files, as
                       installer/build-guest-image.sh makes them. Repeat for several
                       (default: DATA_DIR/images, then atrium/images in the XDG data
                       directories, e.g. /usr/share/atrium/images).
  --virt-type TYPE     Virtualization of the hosts given with --host: auto (KVM when
                       libvirt offers it and it works, else emulation), kvm, or
                       emulation (QEMU's TCG; "qemu" too). Without it, each host
                       keeps the setting remembered for it (auto when none).
  --stop-timeout SECS  Graceful shutdown time before a domain is destroyed (default 30).

Options of `atrium token create`:
  --name NAME          Who the token is for (required).
  --email EMAIL        Their email; identifies the identity (required).
  --role ROLE          admin or user (required).
  --scopes S,...       workspaces:read,workspaces:write (default both).
  --expires DURATION   e.g. 30d, 12h (default: never).
  --token-name NAME    A label for the token (default: NAME).
  --data-dir DIR       As above.
  --json               Print {"id": …, "token": …} instead of text.

Options of `atrium token list` and `atrium token revoke`:
  --data-dir DIR, --json
)")
        .arg(Runtime::defaultDataDir());
}

}  // namespace Atrium
