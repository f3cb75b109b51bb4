#!/usr/bin/env bash
# A private libvirtd + virtlogd for Atrium's integration tests.
#
#   libvirtd-harness.sh start DIR [CACHE_DIR] [--broken-kvm]
#                                                prints the connection URI once the daemon answers
#   libvirtd-harness.sh kill-libvirtd DIR        SIGKILLs libvirtd (it is restarted, as a
#                                                service manager would; QEMU keeps running)
#   libvirtd-harness.sh sshd DIR                 starts sshd on 127.0.0.1 inside the namespace's
#                                                mount and PID namespaces (so it sees the daemon's
#                                                files and dies with it); prints a qemu+ssh URI
#                                                for the daemon, with its own client key
#   libvirtd-harness.sh stop DIR                 kills the daemons, QEMU and the namespace
#
# Everything runs in new mount, network and PID namespaces: the daemon reads its
# own config (bind-mounted over /etc/libvirt), keeps its state under DIR, and any
# bridge, tap or guest packet stays inside a network namespace with only `lo`.
# Killing the namespace's first process (the PID in DIR/harness.pid) kills all.
#
# Lifeline: when `start` is given a pipe's read end as file descriptor 3, the namespace's
# first process waits on it and exits, killing every daemon and QEMU inside, as soon as the
# pipe's writer is gone: a test that crashes, aborts or is killed leaves nothing running.
# (A cleanup function would be skipped by exactly those endings.)
#
# --broken-kvm: inside the namespace, QEMU fails under KVM as it does on some machines of
# this kind (nested virtualisation, old CPUs): it prints the real MSR assertion and aborts,
# while emulation (TCG) and libvirt's capability probe work. Each KVM attempt is counted in
# DIR/kvm-attempts. Where libvirt offers no KVM at all, nothing changes.
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}

start() {
    local cache=${3:-$dir/cache}
    local broken_kvm=${4:-}
    if [ "$(id -u)" != 0 ]; then
        echo "libvirtd-harness: must run as root (it mounts and starts a system libvirtd)" >&2
        exit 77
    fi
    for tool in libvirtd virtlogd unshare qemu-system-x86_64; do
        command -v "$tool" >/dev/null || { echo "libvirtd-harness: $tool is not installed" >&2; exit 77; }
    done
    mkdir -p "$dir"/{etc,run,lib,log,sock,pool} "$cache"
    dir=$(cd "$dir" && pwd)
    cache=$(cd "$cache" && pwd)
    cat >"$dir/etc/libvirtd.conf" <<CONF
unix_sock_dir = "$dir/sock"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
    # QEMU as root with no security driver: otherwise libvirt reprobes QEMU on every
    # call (a define takes ~50 s instead of milliseconds) and chowns our temp files.
    cat >"$dir/etc/qemu.conf" <<CONF
user = "root"
group = "root"
security_driver = "none"
dynamic_ownership = 0
remember_owner = 0
namespaces = [ ]
cgroup_controllers = [ ]
CONF
    : >"$dir/etc/virtlogd.conf"
    mkdir -p "$dir/etc/qemu" "$dir/etc/storage"

    cat >"$dir/inside.sh" <<'INSIDE'
#!/usr/bin/env bash
set -eu
dir=$1
cache=$2
mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt
mount --bind "$dir/etc" /etc/libvirt
mount --bind "$dir/run" /run/libvirt
mount --bind "$dir/lib" /var/lib/libvirt
mount --bind "$dir/log" /var/log/libvirt
mount --bind "$cache" /var/cache/libvirt
if [ -x "$dir/qemu-broken-kvm" ]; then
    # QEMU finds its firmware and modules relative to its binary (../share, ../lib): the real
    # one moves to a tree whose share/ and lib/ are the system's.
    qemu=$(command -v qemu-system-x86_64)
    mkdir -p "$dir/qemu/bin"
    ln -sfn /usr/share "$dir/qemu/share"
    ln -sfn /usr/lib "$dir/qemu/lib"
    touch "$dir/qemu/bin/qemu-system-x86_64"
    mount --bind "$qemu" "$dir/qemu/bin/qemu-system-x86_64"
    mount --bind "$dir/qemu-broken-kvm" "$qemu"
fi
ip link set lo up 2>/dev/null || true
virtlogd --daemon --pid-file "$dir/virtlogd.pid"
# Restart libvirtd when it dies, like systemd would.
(
    while :; do
        libvirtd --config /etc/libvirt/libvirtd.conf --pid-file "$dir/libvirtd.pid" || true
        sleep 0.5
    done
) &
# This shell is the namespace's PID 1: when it exits, the kernel kills everything inside.
# It lives as long as the lifeline (fd 3) has a writer, or until it is killed.
if { true <&3; } 2>/dev/null; then
    cat <&3 >/dev/null || true
else
    wait
fi
INSIDE
    chmod +x "$dir/inside.sh"
    rm -f "$dir/qemu-broken-kvm"
    if [ "$broken_kvm" = --broken-kvm ]; then
        # $dir/qemu/bin/qemu-system-x86_64 is the real binary, bind-mounted there inside the namespace.
        cat >"$dir/qemu-broken-kvm" <<BROKEN
#!/bin/bash
kvm=0
probe=0
previous=
for arg in "\$@"; do
    case "\$arg" in kvm|kvm,*|accel=kvm*|*,accel=kvm*) kvm=1 ;; esac
    # libvirt's capability probe runs "-machine none,accel=kvm:tcg": let it see the real QEMU.
    case "\$previous \$arg" in "-machine none"|"-machine none,"*) probe=1 ;; esac
    previous=\$arg
done
if [ \$kvm = 1 ] && [ \$probe = 0 ]; then
    echo kvm >>"$dir/kvm-attempts"
    # The real failure comes during machine set-up, once libvirt is connected to the monitor.
    sleep 0.5
    echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
    echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:2996: kvm_buf_set_msrs: Assertion \\\`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
    kill -ABRT \$\$
fi
exec "$dir/qemu/bin/qemu-system-x86_64" "\$@"
BROKEN
        chmod +x "$dir/qemu-broken-kvm"
    fi

    # --kill-child: if this unshare dies, its child (the namespace's PID 1) dies,
    # and with it every process in the namespace (daemons and QEMU).
    setsid unshare --mount --propagation private --net --pid --fork --kill-child --mount-proc \
        "$dir/inside.sh" "$dir" "$cache" >"$dir/harness.out" 2>&1 </dev/null &
    echo $! >"$dir/harness.pid"

    local socket="$dir/sock/libvirt-sock"
    local uri="qemu:///system?socket=$socket"
    for _ in $(seq 1 600); do
        if [ -S "$socket" ] && virsh -c "$uri" version >/dev/null 2>&1; then
            echo "$uri"
            return 0
        fi
        if ! kill -0 "$(cat "$dir/harness.pid")" 2>/dev/null; then
            echo "libvirtd-harness: the daemon exited; see $dir/harness.out and $dir/log/libvirtd.log" >&2
            cat "$dir/harness.out" >&2 || true
            exit 1
        fi
        sleep 0.1
    done
    echo "libvirtd-harness: libvirtd did not answer within 60 s; see $dir/log/libvirtd.log" >&2
    stop
    exit 1
}

stop() {
    [ -f "$dir/harness.pid" ] || return 0
    local pid
    pid=$(cat "$dir/harness.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/harness.pid"
}

# A "remote" host: sshd on the machine's loopback (not the namespace's network: the test reaches
# it as a client would), in the namespace's mount and PID namespaces, so it sees the daemon's
# private /var/lib/libvirt (domains' VNC sockets) and is killed with everything else inside.
start_sshd() {
    command -v /usr/sbin/sshd >/dev/null || { echo "libvirtd-harness: sshd is not installed (openssh-server)" >&2; exit 77; }
    local ssh="$dir/ssh"
    mkdir -p "$ssh"
    chmod 700 "$ssh"
    [ -f "$ssh/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$ssh/host_key"
    [ -f "$ssh/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$ssh/client_key"
    cp "$ssh/client_key.pub" "$ssh/authorized_keys"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$ssh/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $ssh/host_key
AuthorizedKeysFile $ssh/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile $ssh/sshd.pid
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
CONF
    local init
    init=$(pgrep -P "$(cat "$dir/harness.pid")" | head -1)
    mkdir -p /run/sshd
    nsenter --target "$init" --pid --mount -- /usr/sbin/sshd -D -e -f "$ssh/sshd_config" \
        >"$ssh/sshd.log" 2>&1 </dev/null &
    for _ in $(seq 1 100); do
        if grep -q "Server listening" "$ssh/sshd.log" 2>/dev/null; then
            echo "qemu+ssh://root@127.0.0.1:$port/system?socket=$dir/sock/libvirt-sock&keyfile=$ssh/client_key&known_hosts=$ssh/known_hosts&no_verify=1&no_tty=1"
            return 0
        fi
        sleep 0.1
    done
    echo "libvirtd-harness: sshd did not start; see $ssh/sshd.log" >&2
    cat "$ssh/sshd.log" >&2 || true
    exit 1
}

# PIDs in DIR are the namespace's own: act on them from inside it, never from here.
kill_libvirtd() {
    local init
    init=$(pgrep -P "$(cat "$dir/harness.pid")" | head -1)
    nsenter --target "$init" --pid --mount -- sh -c "kill -KILL \$(cat '$dir/libvirtd.pid')"
}

case "$cmd" in
    start) start "$@" ;;
    kill-libvirtd) kill_libvirtd ;;
    sshd) start_sshd ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop|sshd|kill-libvirtd DIR [CACHE_DIR] [--broken-kvm]" >&2; exit 2 ;;
esac
