#!/usr/bin/env bash
# install_tree: installs the build into a staging directory with the package's prefix (/usr)
# and checks what a Debian desktop and systemd will read there.
#   install-tree.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
failures=0
fail() { echo "install_tree: FAIL: $*" >&2; failures=$((failures + 1)); }

DESTDIR="$stage/root" cmake --install "$build" --prefix /usr >"$stage/install.log" || { cat "$stage/install.log"; exit 1; }
root=$stage/root
app_id=io.atrium.Atrium

# Every file in its place (and executables executable).
for file in usr/bin/atrium usr/libexec/atrium/atrium-askpass usr/libexec/atrium/build-guest-image; do
    [ -x "$root/$file" ] || fail "$file is missing or not executable"
done
for file in usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml \
            usr/share/icons/hicolor/scalable/apps/$app_id.svg usr/share/man/man1/atrium.1.gz \
            usr/lib/systemd/user/atrium.service usr/share/doc/atrium/copyright usr/share/doc/atrium/changelog.gz; do
    [ -f "$root/$file" ] || fail "$file is missing"
done
for size in 16 22 24 32 48 64 128 256; do
    png=$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png
    # A PNG of the size its directory says (bytes 16-23, in the IHDR chunk: width, height).
    if [ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' ')" != 89504e470d0a1a0a ] ||
       [ "$(od -An -tu4 --endian=big -j16 -N8 "$png" | xargs)" != "$size $size" ]; then
        fail "$png is not a ${size}x${size} PNG"
    fi
done
[ -d "$root/usr/share/atrium/images" ] || fail "usr/share/atrium/images (the images of every user) is missing"
strays=$(cd "$root" && find . -type f | grep -v -E '^\./usr/(bin|libexec/atrium|lib/systemd/user|share/(applications|metainfo|icons|man/man1|doc/atrium))/' || true)
[ -z "$strays" ] || fail "files outside the expected places: $strays"

# The version everywhere is the build's.
[ "$("$root/usr/bin/atrium" --version)" = "atrium $version" ] || fail "atrium --version does not say $version"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "the metainfo's newest release is not $version"
zcat "$root/usr/share/doc/atrium/changelog.gz" | head -1 | grep -q "^atrium ($version)" || fail "the changelog's newest entry is not $version"

# Desktop entry and AppStream metadata: valid, and pointing at what is installed.
desktop=$root/usr/share/applications/$app_id.desktop
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate says: $out"
out=$(appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" 2>&1) || fail "appstreamcli validate: $out"
grep -qx "Exec=atrium" "$desktop" || fail "the desktop entry does not run atrium"
grep -qx "Icon=$app_id" "$desktop" || fail "the desktop entry's icon is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$root/usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "the metainfo does not launch $app_id.desktop"

# The man page: no warnings from man, and everything `atrium help` lists is in it, with the
# package's paths.
page=$root/usr/share/man/man1/atrium.1.gz
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man --warnings: $warnings"
manual=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | sed 's/.\x08//g')
help=$("$root/usr/bin/atrium" help)
while read -r word; do
    grep -q -F -- "$word" <<<"$manual" || fail "the man page lacks '$word' of atrium help"
done < <(grep -o -E -- '--[a-z][a-z-]+|^  [a-z]+( [a-z]+)?  ' <<<"$help" | sed 's/^ *//; s/ *$//' | sort -u)
for path in /usr/share/atrium/images /usr/libexec/atrium/build-guest-image /usr/lib/systemd/user/atrium.service; do
    grep -q -F "$path" <<<"$manual" || fail "the man page does not name $path"
    grep -q -F "$path" <<<"$help" || fail "atrium help (installed under /usr) does not name $path"
done

# The user unit: systemd reads it without a complaint (its ExecStart pointed at the staged
# binary, the man page it cites found in the stage), and it does not restart what restarting
# cannot cure (atrium's exit status 78, a bad command line 2).
unit=$root/usr/lib/systemd/user/atrium.service
grep -qx "ExecStart=/usr/bin/atrium serve" "$unit" || fail "the unit does not run /usr/bin/atrium serve"
grep -qx "RestartPreventExitStatus=2 78" "$unit" || fail "the unit restarts on exit status 2 or 78"
mkdir -m 700 "$stage/runtime"
sed "s#^ExecStart=/usr/bin/atrium#ExecStart=$root/usr/bin/atrium#" "$unit" >"$stage/runtime/atrium.service"
out=$(MANPATH="$root/usr/share/man" XDG_RUNTIME_DIR="$stage/runtime" systemd-analyze --user verify "$stage/runtime/atrium.service" 2>&1) \
    || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify says: $out"

if [ "$failures" -gt 0 ]; then
    echo "install_tree: $failures failure(s)" >&2
    exit 1
fi
echo "install_tree: $(cd "$root" && find . -type f | wc -l) files installed and checked"
