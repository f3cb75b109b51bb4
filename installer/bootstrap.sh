#!/usr/bin/env bash
# The two commands of the README:
#   bash installer/bootstrap.sh run    install, build, start Atrium
#   bash installer/bootstrap.sh test   install, build, run every test (ctest)
# Extra arguments after `run` go to atrium (e.g. `run serve --listen 127.0.0.1:9000`).
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-}
shift || true
build=${ATRIUM_BUILD_DIR:-build}

bash installer/install-deps.sh

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${ATRIUM_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" --parallel "$(nproc)"

case "$mode" in
    run)
        if [ $# -gt 0 ]; then
            exec "$build/app/atrium" "$@"
        fi
        exec "$build/app/atrium" serve
        ;;
    test)
        cd "$build"
        exec ctest --output-on-failure --timeout 900 ${ATRIUM_CTEST_ARGS:-}
        ;;
    *)
        echo "usage: bash installer/bootstrap.sh run|test" >&2
        exit 2
        ;;
esac
