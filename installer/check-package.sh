#!/usr/bin/env bash
# Builds the .deb from a build directory and tries it as an admin would, on this machine:
# lintian (no errors, no warnings), the desktop metadata validators, `apt-get install` of the
# file, the smoke checks (version, man page, `atrium serve` answering /api/health, the desktop
# entry starting the window), then `apt-get purge`, after which nothing of it may remain.
#   bash installer/check-package.sh [BUILD_DIR]      (.ci/run runs it; needs root or sudo)
# It refuses to run where an atrium package is already installed: it would remove it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
say() { echo "check-package: $*"; }
die() { echo "check-package: FAIL: $*" >&2; exit 1; }
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)

if dpkg-query -W -f='${Status}' atrium 2>/dev/null | grep -q 'install ok installed'; then
    die "an atrium package is installed here already; this check installs and purges its own"
fi

# The package.
rm -rf "$build/package"
(cd "$build" && cpack -G DEB >cpack.log) || { cat "$build/cpack.log"; die "cpack failed"; }
deb=$(ls "$build"/package/atrium_*_amd64.deb)
say "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --field "$deb"

# Lint: errors and warnings fail; informational tags are shown.
lintian --fail-on error,warning --display-info "$deb" || die "lintian reports errors or warnings"
say "lintian: no errors, no warnings"

scratch=$(mktemp -d)
server_pid=
window_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$window_pid" ] && kill "$window_pid" 2>/dev/null || true
    rm -rf "$scratch"
    # Never leave the package behind, whatever failed.
    if dpkg-query -W -f='${Status}' atrium 2>/dev/null | grep -q 'installed'; then
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -q atrium >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

# Install the file (its dependencies come from the archive when missing).
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "$(realpath "$deb")" >"$scratch/apt.log" 2>&1 \
    || { cat "$scratch/apt.log"; die "apt-get install failed"; }
dpkg-query -L atrium >"$scratch/files"
say "installed: $(wc -l <"$scratch/files") paths"

# Smoke: the version, the man page, the unit, the desktop files.
version=$(dpkg-query -W -f='${Version}' atrium)
[ "$(atrium --version)" = "atrium $version" ] || die "atrium --version says '$(atrium --version)', the package $version"
[ "$(command -v atrium)" = /usr/bin/atrium ] || die "atrium is not /usr/bin/atrium"
man -w atrium >/dev/null || die "man atrium finds no page"
desktop-file-validate /usr/share/applications/io.atrium.Atrium.desktop || die "the installed desktop entry is not valid"
appstreamcli validate --no-net /usr/share/metainfo/io.atrium.Atrium.metainfo.xml >/dev/null || die "the installed metainfo is not valid"
mkdir -m 700 "$scratch/runtime"
out=$(XDG_RUNTIME_DIR="$scratch/runtime" systemd-analyze --user verify /usr/lib/systemd/user/atrium.service 2>&1) \
    && [ -z "$out" ] || die "systemd-analyze verify of the installed unit: $out"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for FILE TEXT: until FILE contains TEXT (20 s)
    for _ in $(seq 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# `atrium serve` as the unit runs it (the simulator as its host, a fresh home): /api/health
# answers, the API refuses a request without a credential and serves one with a token.
port=$(free_port)
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/.local/share
mkdir -p "$HOME"
token=$(atrium token create --name Smoke --email smoke@example.test --role admin --json \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
atrium serve --host test:///default --listen "127.0.0.1:$port" >"$scratch/serve.log" 2>&1 &
server_pid=$!
wait_for "$scratch/serve.log" "serving on" || { cat "$scratch/serve.log"; die "atrium serve did not start"; }
python3 - "$port" "$token" <<'PY' || die "the installed API does not answer as it should"
import sys, urllib.request, urllib.error
port, token = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
with urllib.request.urlopen(base + "/api/health", timeout=10) as r:
    assert r.status == 200, r.status
try:
    urllib.request.urlopen(base + "/api/workspaces", timeout=10)
    raise SystemExit("/api/workspaces answered without a credential")
except urllib.error.HTTPError as e:
    assert e.code == 401, e.code
request = urllib.request.Request(base + "/api/workspaces", headers={"Authorization": "Bearer " + token})
with urllib.request.urlopen(request, timeout=10) as r:
    assert r.status == 200, r.status
print("check-package: atrium serve: /api/health 200, /api/workspaces 401 without a token, 200 with one")
PY
kill -TERM "$server_pid"
wait "$server_pid" || die "atrium serve did not stop cleanly on SIGTERM (exit $?)"
server_pid=

# The desktop entry's command starts the window (offscreen: no display here).
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/io.atrium.Atrium.desktop)
QT_QPA_PLATFORM=offscreen $exec_line --host test:///default --listen 127.0.0.1:0 >"$scratch/window.log" 2>&1 &
window_pid=$!
wait_for "$scratch/window.log" "window open" || { cat "$scratch/window.log"; die "the desktop entry's '$exec_line' did not open the window"; }
kill -TERM "$window_pid"
wait "$window_pid" || die "the window did not close cleanly on SIGTERM"
window_pid=
say "desktop entry: '$exec_line' opens the window"

# Purge: nothing of the package remains (the user's data directory is theirs, and stays).
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -q atrium >"$scratch/apt.log" 2>&1 \
    || { cat "$scratch/apt.log"; die "apt-get purge failed"; }
left=()
while read -r path; do
    if [ -f "$path" ] || [ -L "$path" ]; then left+=("$path"); fi
done <"$scratch/files"
for dir in /usr/libexec/atrium /usr/share/atrium /usr/share/doc/atrium; do
    [ -e "$dir" ] && left+=("$dir")
done
[ ${#left[@]} -eq 0 ] || die "left after purge: ${left[*]}"
[ -f "$XDG_DATA_HOME/atrium/atrium.db" ] || die "the purge took the user's data"
say "purged: nothing of the package is left; the user's data is kept"
