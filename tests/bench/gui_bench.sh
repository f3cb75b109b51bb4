#!/usr/bin/env bash
# Desktop console benchmark: time to first paint and to a filtered view, scroll
# frame time, resident memory and idle CPU for catalogs of 100 / 1,000 / 10,000
# workspaces (bench_gui; each size in fresh processes, libvirt's simulator).
#
#   bash tests/bench/gui_bench.sh [BUILD_DIR] [SIZES] [--xvfb]
#
# Offscreen by default; --xvfb runs it a second time on an X server (xvfb-run)
# to show the numbers do not depend on the platform plugin. On a machine other
# programs keep busy, ATRIUM_BENCH_NICE=-15 (root) gives the benchmark's own
# scheduling group that priority; bench_gui prints how long it still waited for a CPU.
set -euo pipefail

build=${1:-build}
sizes=${2:-100,1000,10000}
bench=$(cd "$build" && pwd)/tests/bench/bench_gui
[ -x "$bench" ] || { echo "gui_bench: $bench is missing (cmake --build $build --target bench_gui)" >&2; exit 1; }

run() {  # platform, then the command line to run it under
    local platform=$1
    shift
    if [ -n "${ATRIUM_BENCH_NICE:-}" ]; then
        # Nice values apply within a session's autogroup: give the benchmark a session of its own.
        QT_QPA_PLATFORM=$platform setsid "$@" bash -c 'echo "$0" >/proc/self/autogroup && exec "$@"' \
            "$ATRIUM_BENCH_NICE" "$bench" --sizes "$sizes"
    else
        QT_QPA_PLATFORM=$platform "$@" "$bench" --sizes "$sizes"
    fi
}

echo "== offscreen"
run offscreen env

if [ "${3:-}" = "--xvfb" ]; then
    command -v xvfb-run >/dev/null || { echo "gui_bench: xvfb-run is missing (apt-get install xvfb)" >&2; exit 1; }
    echo "== Xvfb (xcb)"
    run xcb xvfb-run -a -s "-screen 0 1920x1080x24"
fi
