#!/usr/bin/env bash
# The two commands of the README:
#   bash installer/bootstrap.sh run    install, build, start Atrium (the window, or `serve` without a display)
#   bash installer/bootstrap.sh test   install, build, run every test (ctest)
# Extra arguments after `run` go to atrium (e.g. `run serve --listen 127.0.0.1:9000`).
# ATRIUM_BUILD_DIR (build), ATRIUM_BUILD_TYPE (RelWithDebInfo), ATRIUM_CMAKE_ARGS and
# ATRIUM_CTEST_ARGS change the build and the test run (.ci/run uses them for its sanitizer build).
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-}
shift || true
build=${ATRIUM_BUILD_DIR:-build}

bash installer/install-deps.sh

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${ATRIUM_BUILD_TYPE:-RelWithDebInfo}" ${ATRIUM_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" --parallel "$(nproc)"

case "$mode" in
    run)
        # With a real hypervisor here, VMs should boot something: the tiny Debian guest
        # (kernel + busybox from Debian's archive, the only host contacted; built once).
        if [ -S /run/libvirt/libvirt-sock ] || [ -S /run/libvirt/virtqemud-sock ]; then
            bash installer/build-guest-image.sh "${XDG_DATA_HOME:-$HOME/.local/share}/atrium/images" \
                || echo "bootstrap: the guest image was not built; VMs will boot a blank disk" >&2
        fi
        if [ $# -gt 0 ]; then
            exec "$build/app/atrium" "$@"
        fi
        # The console window on a desktop; the engine and its REST API alone on a server.
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
            exec "$build/app/atrium"
        fi
        echo "bootstrap: no display (DISPLAY/WAYLAND_DISPLAY unset): starting \`atrium serve\` (the REST API, no window)" >&2
        exec "$build/app/atrium" serve
        ;;
    test)
        cd "$build"
        # As many at a time as there are cores; the real-hypervisor tests one at a time among
        # themselves (tests/CMakeLists.txt).
        exec ctest --output-on-failure --timeout 900 --parallel "$(nproc)" ${ATRIUM_CTEST_ARGS:-}
        ;;
    *)
        echo "usage: bash installer/bootstrap.sh run|test" >&2
        exit 2
        ;;
esac
