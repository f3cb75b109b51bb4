#!/bin/bash
# check-layers.sh COMPILER FLAGS_DIR SOURCE_DIR CASES: compiles `#include "HEADER"` with each case's
# target's own flags and fails when a refused include compiles or an allowed one does not. Then
# checks that libvirt's headers are included by core/providers alone.
set -u
compiler=$1 flags_dir=$2 source_dir=$3 cases=$4
failures=0 checked=0

while read -r target header expected _; do
    [[ -z "$target" || "$target" == \#* ]] && continue
    flags=()
    while IFS= read -r flag; do
        # -I/usr/include (pkg-config's) would break libstdc++'s #include_next: it is searched anyway.
        [[ "$flag" == "-I" || "$flag" == "-D" || "$flag" == "-I/usr/include" || -z "$flag" ]] || flags+=("$flag")
    done <"$flags_dir/$target.flags"
    output=$(printf '#include "%s"\n' "$header" | "$compiler" -std=c++2b -fPIC -fsyntax-only "${flags[@]}" -x c++ - 2>&1)
    status=$?
    checked=$((checked + 1))
    if [[ "$expected" == compiles && $status -ne 0 ]]; then
        echo "FAIL: $target cannot include $header, which it may use:"
        echo "$output" | head -5
        failures=$((failures + 1))
    elif [[ "$expected" == refused && $status -eq 0 ]]; then
        echo "FAIL: $target can include $header across a layer boundary"
        failures=$((failures + 1))
    elif [[ "$expected" == refused && "$output" != *"$header: No such file or directory"* ]]; then
        # Refused for another reason than the layers (a broken header, a missing flag).
        echo "FAIL: $target including $header failed, but not because the layer is out of reach:"
        echo "$output" | head -5
        failures=$((failures + 1))
    else
        echo "ok: $target $expected $header"
    fi
done <"$cases"

# libvirt's headers are always on the system include path, so the build cannot hide them: this
# says where they may appear instead.
leaks=$(cd "$source_dir" && grep -rlE '#include <libvirt/' core ui app | grep -v '^core/providers/' || true)
checked=$((checked + 1))
if [[ -n "$leaks" ]]; then
    echo "FAIL: libvirt's headers included outside core/providers:"
    echo "$leaks"
    failures=$((failures + 1))
else
    echo "ok: libvirt's headers are included by core/providers alone"
fi

echo "$checked checks, $failures failures"
[[ $failures -eq 0 ]]
