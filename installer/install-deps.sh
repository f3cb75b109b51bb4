#!/usr/bin/env bash
# Installs what Atrium needs to build, run and test on Debian 12. Idempotent:
# packages already present are skipped, and apt is not touched when none is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    # build
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev
    qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite qt6-tools-dev qt6-l10n-tools
    qtkeychain-qt6-dev libvirt-dev
    # build: GLib, whose context the keychain's answers come through (core/secrets)
    libglib2.0-dev
    # build: zlib, for the API's gzip responses
    zlib1g-dev
    # build: the VM viewer's VNC client (libvncclient)
    libvncserver-dev
    # build + run: the embedded web viewer (Qt WebEngine, ~72 MB; brings QtWebEngineProcess
    # and its resources). Without it Atrium builds anyway and opens web sessions in the browser.
    qt6-webengine-dev libqt6webenginecore6-bin
    # run: SVG icons (Qt image plugin)
    libqt6svg6
    # run: Qt's own strings (Save, Cancel…) in the console's language
    qt6-translations-l10n
    # run: libvirt clients and a hypervisor (qemu:///system), a display for headless machines
    libvirt-clients libvirt-daemon libvirt-daemon-system libvirt-daemon-system-sysv
    qemu-system-x86 qemu-utils xvfb xauth
    # run: consoles of remote hosts go through an SSH tunnel (the system's ssh)
    openssh-client
    # run: the browser console's client (noVNC, served from /usr/share/novnc)
    novnc
    # test: the browser console in a real headless browser
    chromium
    # test: the integration harness, the API document's Python examples, benchmarks
    iproute2 procps util-linux python3 python3-requests wrk nginx-light
    # test: a remote host is the harness's libvirtd behind a real sshd on loopback (libvirt's
    # ssh transport runs nc on the far side to reach a daemon's socket given with socket=)
    openssh-server netcat-openbsd
    # test: the system keychain for real (a D-Bus session with gnome-keyring's Secret Service)
    dbus-daemon gnome-keyring
    # test: installer/build-guest-image.sh (the tiny guest the integration tests boot)
    e2fsprogs cpio gzip coreutils
    # test + package: the .deb (CPack runs dpkg-shlibdeps), its linter, the desktop metadata
    # validators, man (the man page's warnings), systemd-analyze (the user unit)
    dpkg-dev lintian desktop-file-utils appstream man-db systemd
)

# build-guest-image.sh downloads the Debian kernel with apt-get download: apt's package
# lists must know it (container images often ship without lists).
lists_ok() { apt-cache show linux-image-amd64 busybox-static >/dev/null 2>&1; }

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ] && lists_ok; then
    echo "install-deps: all ${#packages[@]} packages are installed"
else
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    if [ ${#missing[@]} -gt 0 ]; then
        echo "install-deps: installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
fi

# test: the API reference's linter, Redocly's CLI, from the npm registry into the tree (.tools,
# ignored by git), pinned; npm is the machine's (Debian's nodejs and npm where it has none).
redocly_version=2.77.0
redocly=.tools/redocly/node_modules/.bin/redocly
if ! [ -x "$redocly" ] || [ "$(REDOCLY_TELEMETRY=off "$redocly" --version 2>/dev/null | tail -1)" != "$redocly_version" ]; then
    if ! command -v npm >/dev/null; then
        sudo=()
        [ "$(id -u)" != 0 ] && sudo=(sudo)
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends nodejs npm
    fi
    echo "install-deps: installing @redocly/cli $redocly_version (npm) into .tools/redocly"
    npm install --prefix .tools/redocly --no-audit --no-fund --no-update-notifier --silent "@redocly/cli@$redocly_version"
fi
