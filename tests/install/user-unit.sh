#!/usr/bin/env bash
# user_unit: the packaged atrium.service under a real systemd user manager and journald, which
# this test starts in mount and PID namespaces of its own (this machine kind has no systemd as
# PID 1): the unit serves, a crash is restarted, repeated crashes stop at the start limit, a
# stop is atrium's clean SIGTERM, and a start that cannot work (data directory not writable,
# address taken) fails at once, without a restart, with atrium's reason in the journal.
# The manager runs as `nobody`, the unprivileged path a real user's has (its sandboxing options
# then go through a user namespace). Everything it starts is in the test's PID namespace and
# dies with it (unshare --kill-child).
#   user-unit.sh BUILD_DIR        (root; without root it skips, unless ATRIUM_REQUIRE_INTEGRATION)
set -euo pipefail
say() { echo "user_unit: [$(date +%T)] $*"; }

if [ "${1:-}" != --inside ]; then
    build=$(realpath "$1")
    if [ "$(id -u)" != 0 ]; then
        [ -n "${ATRIUM_REQUIRE_INTEGRATION:-}" ] && { say "FAIL: needs root (ATRIUM_REQUIRE_INTEGRATION is set)"; exit 1; }
        say "SKIP: needs root (a user manager in namespaces of its own)"
        exit 77
    fi
    for tool in /lib/systemd/systemd /lib/systemd/systemd-journald systemctl journalctl; do
        command -v "$tool" >/dev/null || { say "FAIL: $tool is missing (installer/install-deps.sh installs systemd)"; exit 1; }
    done
    # Somewhere `nobody` can reach whoever cloned where (not a build tree in a private home),
    # and not /tmp or /var/tmp, which the unit's PrivateTmp hides from it.
    scratch=$(mktemp -d /var/lib/atrium-unit-test.XXXXXX)
    chmod 755 "$scratch"
    set +e
    unshare --mount --pid --fork --kill-child --mount-proc --propagation private bash "$0" --inside "$build" "$scratch"
    status=$?
    set -e
    # The cgroups the user manager made (it is gone: its PID namespace died with it).
    uid=$(id -u nobody)
    for root in /sys/fs/cgroup /sys/fs/cgroup/unified /sys/fs/cgroup/systemd; do
        [ -d "$root/user.slice/user-$uid.slice" ] || continue
        find "$root/user.slice/user-$uid.slice" -depth -type d -exec rmdir {} \; 2>/dev/null || true
        rmdir "$root/user.slice" 2>/dev/null || true  # when nothing else is in it
    done
    rm -rf "$scratch"
    exit $status
fi

build=$2
scratch=$3
failures=0
fail() { echo "user_unit: FAIL: $*" >&2; failures=$((failures + 1)); }

# What systemd needs to believe it runs here, private to this namespace: /run/systemd/system
# (the "booted with systemd" mark), the user's runtime directory, the journal's directories.
user=nobody
uid=$(id -u $user)
mkdir -p /run/systemd /run/user /run/log  # mount points (empty, where a machine lacks them)
mount -t tmpfs tmpfs /run/systemd
mkdir -p /run/systemd/system /run/systemd/journal
mount -t tmpfs tmpfs /run/user
mkdir -m 700 /run/user/$uid
chown $user:$(id -g $user) /run/user/$uid
mount -t tmpfs tmpfs /run/log
[ -d /var/log/journal ] && mount -t tmpfs tmpfs /var/log/journal

# A cgroup delegated to the user manager (cgroup v2, or v1's name=systemd + v2), named as
# systemd names a user's, so the journal files what the unit logs under its user unit.
cgroup=user.slice/user-$uid.slice/user@$uid.service
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then roots=(/sys/fs/cgroup); else roots=(/sys/fs/cgroup/systemd /sys/fs/cgroup/unified); fi
for root in "${roots[@]}"; do
    [ -d "$root" ] || continue
    [ -e "$root/$cgroup" ] && { say "FAIL: $root/$cgroup exists: a real user manager of $user runs here"; exit 1; }
    mkdir -p "$root/$cgroup"
    chown -R $user:$(id -g $user) "$root/$cgroup"
done

/lib/systemd/systemd-journald >"$scratch/journald.log" 2>&1 &
for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
[ -S /run/systemd/journal/socket ] || { cat "$scratch/journald.log"; say "FAIL: journald did not start"; exit 1; }

home=$scratch/home
mkdir -p "$home/.config/systemd/user" "$home/.local/share"
chown -R $user:$(id -g $user) "$home"
as_user=(setpriv --reuid=$uid --regid="$(id -g $user)" --init-groups env -i HOME="$home" USER=$user LOGNAME=$user
         XDG_RUNTIME_DIR=/run/user/$uid PATH=/usr/bin:/bin)
as_user() { "${as_user[@]}" "$@"; }
systemctl() { as_user systemctl "$@"; }
# Only the manager moves into its cgroup: journald names units by the cgroup path below PID 1's
# (this script's), which stays the root.
start_manager() {
    for root in "${roots[@]}"; do [ -d "$root/$cgroup" ] && echo $BASHPID >"$root/$cgroup/cgroup.procs"; done
    exec "${as_user[@]}" /lib/systemd/systemd --user
}
start_manager >"$scratch/manager.log" 2>&1 &
state=
for _ in $(seq 100); do
    state=$(systemctl --user is-system-running 2>/dev/null || true)
    case "$state" in running|degraded) break ;; esac
    sleep 0.1
done
case "$state" in running|degraded) ;; *) cat "$scratch/manager.log"; say "FAIL: the user manager did not start ($state)"; exit 1 ;; esac
say "a user manager and journald run (systemd $(systemctl --version | head -1 | cut -d' ' -f2))"

# The unit as the package installs it, with its options changed the way the README says
# (systemctl --user edit: a drop-in that replaces ExecStart).
DESTDIR="$scratch/stage" cmake --install "$build" --prefix /usr >/dev/null
if [[ "${LSAN_OPTIONS:-}" == *suppressions=* ]]; then cp "${LSAN_OPTIONS##*suppressions=}" "$scratch/lsan.supp"; fi
atrium=$scratch/stage/usr/bin/atrium
units=$home/.config/systemd/user
sed "s#^ExecStart=/usr/bin/atrium#ExecStart=$atrium#" "$scratch/stage/usr/lib/systemd/user/atrium.service" >"$units/atrium.service"
mkdir -p "$units/atrium.service.d"
with_options() {  # with_options ARGS...: the drop-in's ExecStart is `atrium serve ARGS`
    # (LimitCORE=0: the crashes below are the test's own; no core files of them.)
    # A sanitizer build's atrium gets the test's sanitizer options (the manager passes on no
    # environment of ours).
    {
        printf '[Service]\nExecStart=\nExecStart=%s serve %s\nLimitCORE=0\n' "$atrium" "$*"
        for name in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
            [ -n "${!name:-}" ] && printf 'Environment="%s=%s"\n' "$name" "${!name//suppressions=*/suppressions=$scratch/lsan.supp}"
        done
    } >"$units/atrium.service.d/options.conf"
    systemctl --user daemon-reload
    systemctl --user reset-failed atrium 2>/dev/null || true
}
prop() { systemctl --user show -P "$1" atrium; }
wait_state() {  # wait_state STATE [SECONDS]
    for _ in $(seq $((${2:-20} * 10))); do [ "$(prop ActiveState)" = "$1" ] && return 0; sleep 0.1; done
    return 1
}
# What `journalctl --user -u atrium` shows the user (read here as root, who --user-unit would
# take for the user meant: the same matches, spelled out).
journal() { journalctl _SYSTEMD_USER_UNIT=atrium.service _UID=$uid -o cat --no-pager 2>/dev/null; }
journal_has() {  # journal_has TEXT: within 5 s (the journal reads the unit's output as a stream)
    for _ in $(seq 50); do journal | grep -q -E -- "$1" && return 0; sleep 0.1; done
    return 1
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
health() { python3 -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:$1/api/health', timeout=5).status != 200)" 2>/dev/null; }
wait_health() {  # wait_health PORT: up to 20 s, unless the unit has failed
    local end=$((SECONDS + 20))
    while [ $SECONDS -lt $end ]; do
        health "$1" && return 0
        [ "$(prop ActiveState)" = failed ] && return 1
        sleep 0.2
    done
    return 1
}

# 1. It serves, from the user's data directory.
port=$(free_port)
with_options --host test:///default --listen "127.0.0.1:$port"
# The README's command: enabled (for the next login) and started.
systemctl --user enable --now atrium 2>/dev/null || { systemctl --user status atrium --no-pager; exit 1; }
[ "$(systemctl --user is-enabled atrium)" = enabled ] || fail "systemctl --user enable did not enable the unit"
wait_health "$port" || fail "the started unit does not answer /api/health on $port"
[ -f "$home/.local/share/atrium/atrium.db" ] || fail "the unit did not use the user's data directory ($home/.local/share/atrium)"
journal_has "serving on http://127.0.0.1:$port" || fail "the journal does not show atrium serving"

# 2. A crash is restarted.
first=$(prop MainPID)
kill -SEGV "$first"
for _ in $(seq 100); do [ "$(prop NRestarts)" = 1 ] && [ "$(prop MainPID)" != "$first" ] && [ "$(prop MainPID)" != 0 ] && break; sleep 0.1; done
[ "$(prop NRestarts)" = 1 ] || fail "a crash was not restarted (NRestarts=$(prop NRestarts))"
wait_health "$port" || fail "after the restart, /api/health does not answer"

# 3. A stop is atrium's clean shutdown: exit status 0, "stopped" in the journal.
systemctl --user stop atrium
[ "$(prop Result)" = success ] || fail "the stop did not end in success (Result=$(prop Result), status $(prop ExecMainStatus))"
[ "$(prop ExecMainStatus)" = 0 ] || fail "atrium exited with $(prop ExecMainStatus) on stop"
journal_has "(^|: )stopped$" || fail "the journal does not show atrium's clean stop"
say "serves, restarts a crash, stops cleanly"

# 4. A data directory it cannot write (root's): failed at once, no restart, the reason in the journal.
mkdir -m 755 "$scratch/roots"
with_options --data-dir "$scratch/roots" --host test:///default --listen "127.0.0.1:$port"
systemctl --user start atrium || true
wait_state failed || fail "with an unwritable data directory the unit is $(prop ActiveState), not failed"
sleep 4  # longer than RestartSec: a restart would have happened by now
[ "$(prop NRestarts)" = 0 ] || fail "the unit restarted $(prop NRestarts) times on an unwritable data directory"
[ "$(prop ExecMainStatus)" = 78 ] || fail "atrium's exit status was $(prop ExecMainStatus), not 78"
journal_has "cannot write in the data directory $scratch/roots \\(permission denied\\)" || fail "the journal does not say the data directory cannot be written"

# 5. The address taken: the same.
python3 -c 'import socket, sys, time; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' "$port" &
holder=$!
sleep 0.5
with_options --host test:///default --listen "127.0.0.1:$port"
systemctl --user start atrium || true
wait_state failed || fail "with its address taken the unit is $(prop ActiveState), not failed"
sleep 4
[ "$(prop NRestarts)" = 0 ] || fail "the unit restarted $(prop NRestarts) times on a taken address"
[ "$(prop ExecMainStatus)" = 78 ] || fail "atrium's exit status was $(prop ExecMainStatus), not 78"
journal_has "cannot listen on 127.0.0.1:$port" || fail "the journal does not say the address is taken"
kill "$holder"
say "an unwritable data directory and a taken address fail at once, with the reason in the journal"

# 6. Crashing again and again stops at the start limit (5 starts in 2 minutes).
port=$(free_port)
with_options --host test:///default --listen "127.0.0.1:$port"
systemctl --user start atrium
for round in 1 2 3 4 5 6; do
    [ "$(prop ActiveState)" = failed ] && break
    wait_health "$port" || break
    kill -SEGV "$(prop MainPID)"
    sleep 0.5
done
wait_state failed 30 || fail "repeated crashes did not stop at the start limit (the unit is $(prop ActiveState))"
restarts=$(prop NRestarts)
sleep 4  # longer than RestartSec: no further restart comes
[ "$(prop ActiveState)" = failed ] && [ "$(prop NRestarts)" = "$restarts" ] \
    || fail "after the start limit the unit went on restarting ($(prop ActiveState), $(prop NRestarts) restarts)"
say "repeated crashes stop at the start limit after $restarts restarts"

if [ "$failures" -gt 0 ]; then
    say "$failures failure(s); the journal:"
    journal | tail -40
    exit 1
fi
