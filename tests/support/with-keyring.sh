#!/bin/sh
# with-keyring.sh PROGRAM [ARGS…]: runs PROGRAM in a D-Bus session of its own with a Secret Service
# (gnome-keyring-daemon, its login keyring unlocked with a throwaway password, kept under the
# test's own XDG_DATA_HOME). dbus-run-session ends the bus when PROGRAM exits, however it exits,
# and gnome-keyring-daemon leaves with its bus: nothing outlives the test.
exec dbus-run-session -- sh -c '
    printf "atrium-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
        echo "with-keyring.sh: gnome-keyring-daemon did not start" >&2; exit 1; }
    exec "$@"' with-keyring "$@"
