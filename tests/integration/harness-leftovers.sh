#!/usr/bin/env bash
# Lists what a real-hypervisor test left running, and fails if anything is: a process whose
# command line names a harness directory (/tmp/atrium-harness-*), or a libvirtd, virtlogd or
# QEMU in a PID namespace other than this shell's (the harness's own), or a systemd user manager
# or journald there (tests/install/user-unit.sh). .ci/run calls it last.
# Processes die a moment after the test that started them: wait up to SECONDS (default 15).
set -u
wait_s=${1:-15}
own_ns=$(readlink /proc/self/ns/pid)
leftovers() {
    for proc in /proc/[0-9]*; do
        pid=${proc#/proc/}
        [ "$pid" = "$$" ] && continue
        cmd=$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null) || continue
        [ -n "$cmd" ] || continue
        ns=$(readlink "$proc/ns/pid" 2>/dev/null) || continue
        comm=$(cat "$proc/comm" 2>/dev/null)
        case "$cmd" in
            *atrium-harness-*) echo "$pid $cmd" ;;
            *)
                case "$comm" in
                    libvirtd|virtlogd|qemu-system-x86*|systemd|systemd-journal) [ "$ns" != "$own_ns" ] && echo "$pid $cmd" ;;
                esac
                ;;
        esac
    done
}
for _ in $(seq 1 "$wait_s"); do
    [ -z "$(leftovers)" ] && exit 0
    sleep 1
done
found=$(leftovers)
[ -z "$found" ] && exit 0
echo "harness-leftovers: real-hypervisor tests left these running:" >&2
echo "$found" | cut -c1-300 >&2
exit 1
