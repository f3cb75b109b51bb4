#include "commandline.h"

#include "installdirs.h"
#include "usagetext.h"

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
    // app/usage.txt, also the source of the man page atrium(1) (installer/man): one text, so
    // `atrium help` and the manual cannot disagree. Paths are this installation's.
    const QString prefix = Runtime::installPrefix();
    return QString::fromUtf8(kAtriumUsageText)
        .replace(QLatin1StringView("{DATA_DIR}"), Runtime::defaultDataDir())
        .replace(QLatin1StringView("{SHARE_DIR}"), prefix + QStringLiteral("/" ATRIUM_INSTALL_DATADIR))
        .replace(QLatin1StringView("{LIBEXEC_DIR}"), prefix + QStringLiteral("/" ATRIUM_INSTALL_LIBEXECDIR))
        .replace(QLatin1StringView("{USER_UNIT_DIR}"), prefix + QStringLiteral("/lib/systemd/user"));
}

}  // namespace Atrium
