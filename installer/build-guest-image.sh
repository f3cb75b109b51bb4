#!/usr/bin/env bash
# Builds "atrium-tiny", a tiny but real bootable Linux guest, from Debian packages only:
# the Debian kernel (the package linux-image-amd64 depends on) and busybox-static.
# The only host contacted is Debian's archive, through apt ("apt-get download").
# Idempotent: downloads and the extracted kernel files are cached, and nothing is rebuilt
# while the outputs are newer than the cached packages (and this script).
set -euo pipefail

prog=build-guest-image
image=atrium-tiny
disk_size=64M
cmdline='console=ttyS0 console=tty0 quiet'

# Loaded by the guest's /init in this order; a module that is absent (or built in) is skipped.
# virtio_* are what PLATFORM.md measured; crc16 mbcache jbd2 crc32c_generic ext4 are needed
# because this kernel builds ext4 (which also mounts ext2) as a module.
modules=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
         failover net_failover virtio_net virtio_blk virtio_balloon
         crc16 mbcache jbd2 crc32c_generic ext4)

usage() {
    cat <<EOF
Usage: $prog.sh OUTPUT_DIR [--cache DIR] [--force]

Builds a tiny bootable Linux guest image named "$image" in OUTPUT_DIR:
  $image.vmlinuz    the Debian kernel (package named by: apt-cache depends linux-image-amd64)
  $image.initrd.gz  gzip'd newc cpio: busybox (busybox-static) + virtio/ext4 modules + /init
  $image.raw        $disk_size raw ext2 base disk holding /hello.txt ("atrium base image");
                    the read-only base of copy-on-write overlays: never give it to a guest
  $image.json       manifest (kernel, initrd, cmdline, disk, sha256s, package versions):
                    what Atrium's image catalog reads (put the four files in Atrium's
                    images directory: images/ in its data directory, or
                    /usr/share/atrium/images)

The guest's /init prints "ATRIUM-GUEST-READY <kernel release>" to /dev/ttyS0 and /dev/tty0,
then on the serial port "ATRIUM-GUEST-INFO cpus=N mem_kb=N disk_bytes=N"; it mounts /dev/vda
(if any) on /mnt, prints "ATRIUM-DISK /mnt/hello.txt: <contents>", counts its boots in
/mnt/boots (a real write: "ATRIUM-DISK-WRITE boots=N"), burns CPU when the kernel command line
has atrium.burn=1, and runs shells on the first virtual console (the VNC screen) and on ttyS0.

Options:
  --cache DIR  where downloaded .debs and extracted files are kept (default OUTPUT_DIR/.cache)
  --force      rebuild even when the outputs are up to date
  -h, --help   this help

Needs: apt-get, apt-cache, dpkg-deb, tar, gzip, sha256sum, mke2fs (e2fsprogs); cpio is optional.
Network: only Debian's archive, through apt-get download (nothing at all once cached).
EOF
}

say() { echo "$prog: $*"; }
die() { echo "$prog: error: $*" >&2; exit 1; }

output_dir=
cache_dir=
force=0
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --cache) [ $# -ge 2 ] || die "--cache needs a directory"; cache_dir=$2; shift 2 ;;
        --cache=*) cache_dir=${1#--cache=}; shift ;;
        --force) force=1; shift ;;
        -*) echo "$prog: unknown option: $1" >&2; usage >&2; exit 2 ;;
        *) [ -z "$output_dir" ] || die "only one OUTPUT_DIR may be given (got '$output_dir' and '$1')"
           output_dir=$1; shift ;;
    esac
done
[ -n "$output_dir" ] || { usage >&2; exit 2; }

# ---- tools ------------------------------------------------------------------------------------
for tool in apt-get apt-cache dpkg-deb tar gzip find sort sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' not found (this script expects Debian)"
done
mke2fs=$(PATH="$PATH:/usr/sbin:/sbin" command -v mke2fs || true)
[ -n "$mke2fs" ] || die "mke2fs not found: install e2fsprogs (apt-get install e2fsprogs)"

mkdir -p "$output_dir"
output_dir=$(cd "$output_dir" && pwd)
cache_dir=${cache_dir:-$output_dir/.cache}
mkdir -p "$cache_dir/debs"
cache_dir=$(cd "$cache_dir" && pwd)
script_path=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

# One build at a time per cache.
if command -v flock >/dev/null; then
    exec 9>"$cache_dir/.lock"
    flock -n 9 || { say "waiting for another build using $cache_dir"; flock 9; }
fi

work=
cleanup() { [ -z "$work" ] || rm -rf "$work"; }
trap cleanup EXIT

# ---- which packages ---------------------------------------------------------------------------
# Debian's Docker images turn apt's binary package cache off, so every apt-cache call parses
# all the package lists (~0.8 s, more on a loaded machine); keeping one in the cache dir makes a
# lookup ~0.2 s. apt rebuilds it by itself when the lists change (apt-get update).
apt_cache_opts=(-o "Dir::Cache::pkgcache=$cache_dir/apt-pkgcache.bin")
# The last answer is kept in $cache_dir/resolved and reused while neither the package lists nor
# /etc/apt changed since (ctimes: apt stamps list files with the server's mtime).
resolved=$cache_dir/resolved
lists_dir=/var/lib/apt/lists
eval "$(apt-config shell lists_dir Dir::State::lists/d 2>/dev/null || true)"
kernel_pkg= kernel_ver= busybox_ver=
if [ "$force" = 0 ] && [ -s "$resolved" ] && [ -d "$lists_dir" ] &&
   [ -z "$(find "$lists_dir" /etc/apt -maxdepth 2 -cnewer "$resolved" -print -quit 2>/dev/null)" ]; then
    read -r kernel_pkg kernel_ver busybox_ver <"$resolved" || true
fi
if [ -z "$kernel_pkg" ] || [ -z "$kernel_ver" ] || [ -z "$busybox_ver" ]; then
    kernel_pkg= kernel_ver= busybox_ver=
    # linux-image-amd64's Depends names the real kernel package, pinned "(= version)".
    if info=$(apt-cache "${apt_cache_opts[@]}" show --no-all-versions linux-image-amd64 busybox-static 2>/dev/null); then
        kernel_dep=$(awk '/^Package: linux-image-amd64$/{p=1} p && /^Depends:/{print; exit}' <<<"$info")
        kernel_pkg=$(sed -n 's/^Depends: *\(linux-image-[^ ,(]*\).*/\1/p' <<<"$kernel_dep")
        kernel_ver=$(sed -n 's/.*(= *\([^)]*\)).*/\1/p' <<<"$kernel_dep")
        busybox_ver=$(awk '/^Package: busybox-static$/{p=1} p && /^Version:/{print $2; exit}' <<<"$info")
        if [ -n "$kernel_pkg" ] && [ -z "$kernel_ver" ]; then
            kernel_ver=$(apt-cache "${apt_cache_opts[@]}" show --no-all-versions "$kernel_pkg" 2>/dev/null | awk '/^Version:/{print $2; exit}')
        fi
    fi
    if [ -n "$kernel_pkg" ] && [ -n "$kernel_ver" ] && [ -n "$busybox_ver" ]; then
        echo "$kernel_pkg $kernel_ver $busybox_ver" >"$resolved"
    fi
fi

# The cached .deb of a package: the given version, or (when apt cannot tell) the newest cached one.
cached_deb() { # name [version]
    local name=$1 version=${2:-} deb best=
    for deb in "$cache_dir/debs/${name}"_*.deb; do
        [ -f "$deb" ] || continue
        if [ -n "$version" ]; then
            # apt-get download names it NAME_VERSION_ARCH.deb, with the epoch's ':' as %3a.
            case "${deb##*/}" in "${name}_${version//:/%3a}_"*.deb) echo "$deb"; return 0 ;; esac
        elif [ -z "$best" ] || [ "$deb" -nt "$best" ]; then
            best=$deb
        fi
    done
    [ -n "$best" ] && echo "$best"
}

if [ -z "$kernel_pkg" ] || [ -z "$kernel_ver" ] || [ -z "$busybox_ver" ]; then
    # Offline or no package lists: fall back to what is cached, if anything.
    kdeb=$(ls -t "$cache_dir"/debs/linux-image-*.deb 2>/dev/null | head -n1 || true)
    bdeb=$(cached_deb busybox-static || true)
    [ -n "$kdeb" ] && [ -n "$bdeb" ] ||
        die "apt-cache does not know linux-image-amd64 and busybox-static; run 'apt-get update' (Debian's archive must be reachable)"
    kernel_pkg=$(dpkg-deb -f "$kdeb" Package) kernel_ver=$(dpkg-deb -f "$kdeb" Version)
    busybox_ver=$(dpkg-deb -f "$bdeb" Version)
    say "warning: apt-cache could not resolve the packages; using the cached $kernel_pkg=$kernel_ver and busybox-static=$busybox_ver"
fi

outputs=("$output_dir/$image.vmlinuz" "$output_dir/$image.initrd.gz" "$output_dir/$image.raw" "$output_dir/$image.json")

# ---- up to date? ------------------------------------------------------------------------------
kdeb=$(cached_deb "$kernel_pkg" "$kernel_ver" || true)
bdeb=$(cached_deb busybox-static "$busybox_ver" || true)
if [ "$force" = 0 ] && [ -n "$kdeb" ] && [ -n "$bdeb" ]; then
    fresh=1
    for out in "${outputs[@]}"; do
        if ! [ -s "$out" ] || ! [ "$out" -nt "$kdeb" ] || ! [ "$out" -nt "$bdeb" ] || ! [ "$out" -nt "$script_path" ]; then
            fresh=0; break
        fi
    done
    if [ "$fresh" = 1 ] &&
       grep -qF "\"$kernel_pkg=$kernel_ver\"" "$output_dir/$image.json" &&
       grep -qF "\"busybox-static=$busybox_ver\"" "$output_dir/$image.json"; then
        say "$output_dir/$image.* is up to date ($kernel_pkg=$kernel_ver, busybox-static=$busybox_ver); nothing to do"
        exit 0
    fi
fi

# ---- download ---------------------------------------------------------------------------------
download() { # name version family -> prints the .deb path; drops other cached debs of the family
    local name=$1 version=$2 family=$3 deb old
    deb=$(cached_deb "$name" "$version" || true)
    if [ -z "$deb" ]; then
        say "downloading $name=$version from the Debian archive (apt-get download)" >&2
        local apt_opts=(-q "${apt_cache_opts[@]}")
        # As root apt would warn that its _apt sandbox user cannot write the cache directory.
        [ "$(id -u)" = 0 ] && apt_opts+=(-o APT::Sandbox::User=root)
        (cd "$cache_dir/debs" && apt-get download "${apt_opts[@]}" "$name=$version" >&2) ||
            die "apt-get download $name=$version failed (is Debian's archive reachable? try 'apt-get update')"
        deb=$(cached_deb "$name" "$version" || true)
        [ -n "$deb" ] || die "apt-get download $name=$version left no .deb in $cache_dir/debs"
        # apt stamps files with the server's Last-Modified time; the up-to-date check needs the
        # download time.
        touch "$deb"
        for old in "$cache_dir/debs/"$family"_"*.deb; do  # $family may be a pattern
            [ "$old" = "$deb" ] || [ ! -e "$old" ] || { rm -f "$old"; say "removed the older cached ${old##*/}" >&2; }
        done
    fi
    echo "$deb"
}
kdeb=$(download "$kernel_pkg" "$kernel_ver" 'linux-image-*')
bdeb=$(download busybox-static "$busybox_ver" busybox-static)

# ---- extract (cached) -------------------------------------------------------------------------
# Only the kernel image and the modules the guest loads are extracted (12 MB instead of 400 MB);
# decompressing the 70 MB data.tar.xz is what takes the time (~4 s), so it is done once.
safe_ver() { tr -c 'A-Za-z0-9.+~_-' '_' <<<"$1" | sed 's/_$//'; }
kernel_tree=$cache_dir/$kernel_pkg-$(safe_ver "$kernel_ver")
busybox_tree=$cache_dir/busybox-static-$(safe_ver "$busybox_ver")

if ! [ -f "$kernel_tree/.complete" ] || ! [ "$kernel_tree/.complete" -nt "$kdeb" ]; then
    say "extracting the kernel and modules from $(basename "$kdeb")"
    rm -rf "$kernel_tree" "$kernel_tree.tmp"
    mkdir -p "$kernel_tree.tmp"
    patterns=('./boot/vmlinuz-*' './boot/config-*' './lib/modules/*/modules.builtin' './lib/modules/*/modules.order')
    for m in "${modules[@]}"; do patterns+=("./lib/modules/*/$m.ko*"); done
    dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$kernel_tree.tmp" --no-same-owner --wildcards "${patterns[@]}" ||
        die "could not extract $kdeb"
    touch "$kernel_tree.tmp/.complete"
    mv "$kernel_tree.tmp" "$kernel_tree"
    for old in "$cache_dir"/linux-image-*; do
        [ "$old" = "$kernel_tree" ] || [ ! -d "$old" ] || rm -rf "$old"
    done
fi
if ! [ -f "$busybox_tree/.complete" ] || ! [ "$busybox_tree/.complete" -nt "$bdeb" ]; then
    say "extracting busybox from $(basename "$bdeb")"
    rm -rf "$busybox_tree" "$busybox_tree.tmp"
    mkdir -p "$busybox_tree.tmp"
    dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C "$busybox_tree.tmp" --no-same-owner ./bin/busybox ||
        die "could not extract busybox from $bdeb"
    touch "$busybox_tree.tmp/.complete"
    mv "$busybox_tree.tmp" "$busybox_tree"
    for old in "$cache_dir"/busybox-static-*; do
        [ "$old" = "$busybox_tree" ] || [ ! -d "$old" ] || rm -rf "$old"
    done
fi

vmlinuz=$(ls "$kernel_tree"/boot/vmlinuz-* 2>/dev/null | head -n1)
[ -n "$vmlinuz" ] || die "no /boot/vmlinuz-* in $kernel_pkg"
release=${vmlinuz##*/vmlinuz-}
moddir=$kernel_tree/lib/modules/$release
busybox=$busybox_tree/bin/busybox
[ -x "$busybox" ] || die "no /bin/busybox in busybox-static"

# Reproducible timestamps: the kernel image's date, unless SOURCE_DATE_EPOCH says otherwise.
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$vmlinuz")}

work=$(mktemp -d "$output_dir/.$image.build.XXXXXX")
say "building $image: kernel $release ($kernel_pkg=$kernel_ver), busybox-static=$busybox_ver"

# ---- initramfs --------------------------------------------------------------------------------
root=$work/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,mnt,tmp,root,etc,lib/modules/"$release"}
ln -s bin "$root/sbin"
mkdir -p "$root/usr"; ln -s ../bin "$root/usr/bin"; ln -s ../bin "$root/usr/sbin"
cp "$busybox" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"
# /init makes the other applet links itself ("busybox --install", a few ms): 400 ln processes
# here take seconds on a loaded machine.
ln -s busybox "$root/bin/sh"

loaded=()
for m in "${modules[@]}"; do
    src=$(find "$moddir" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" -o -name "$m.ko.gz" | head -n1)
    if [ -z "$src" ]; then
        if grep -q "/$m\.ko" "$moddir/modules.builtin" 2>/dev/null; then
            say "note: $m is built into the kernel"
        else
            say "warning: module $m is not in $kernel_pkg; the guest will do without it"
        fi
        continue
    fi
    dst=$root/lib/modules/$release/$m.ko
    # busybox insmod loads plain .ko files only: decompress any compressed module.
    case "$src" in
        *.ko)     cp "$src" "$dst" ;;
        *.ko.xz)  xz -dc "$src" >"$dst" 2>/dev/null || "$busybox" xzcat "$src" >"$dst" ;;
        *.ko.gz)  gzip -dc "$src" >"$dst" ;;
        *.ko.zst) command -v zstd >/dev/null || die "$m is zstd-compressed: install zstd"
                  zstd -qdc "$src" >"$dst" ;;
    esac
    loaded+=("$m")
done

cat >"$root/init" <<EOF
#!/bin/sh
# Atrium tiny guest: PID 1. Generated by installer/$prog.sh; $kernel_pkg=$kernel_ver.
export PATH=/bin HOME=/root TERM=linux PS1='atrium# '
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console node (it is built without root), so the kernel could not
# give PID 1 a console: take it from devtmpfs.
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts

# Both the serial port and the screen (VNC); a missing serial port must not stop the boot.
say() { for t in /dev/ttyS0 /dev/tty0; do echo "\$*" >"\$t" 2>/dev/null; done; }
serial() { echo "\$*" >/dev/ttyS0 2>/dev/null; }

# No modules.dep in the Debian package: load in dependency order, skip what is absent.
for m in ${loaded[*]}; do
    f=/lib/modules/\$(uname -r)/\$m.ko
    [ -e "\$f" ] || continue
    insmod "\$f" 2>/dev/null || serial "atrium: insmod \$m failed"
done

say "ATRIUM-GUEST-READY \$(uname -r)"

# A virtio disk: wait (at most 3 s) for its node if the device is there but not yet probed.
i=0
while [ ! -b /dev/vda ] && [ \$i -lt 30 ] && grep -qs 0x0002 /sys/bus/virtio/devices/*/device; do
    usleep 100000; i=\$((i + 1))
done
# What the guest was given, for tests: CPUs, memory, and the size of its disk.
disk_bytes=0
[ -r /sys/block/vda/size ] && disk_bytes=\$((\$(cat /sys/block/vda/size) * 512))
serial "ATRIUM-GUEST-INFO cpus=\$(nproc) mem_kb=\$(awk '/^MemTotal:/{print \$2}' /proc/meminfo) disk_bytes=\$disk_bytes"
if [ -b /dev/vda ]; then
    if mount -t ext2 /dev/vda /mnt 2>/dev/null; then
        serial "ATRIUM-DISK /mnt/hello.txt: \$(cat /mnt/hello.txt 2>&1)"
        # A write on every boot: it lands in the workspace's overlay, never in the base image,
        # so a second boot of the same disk counts 2 and another workspace's disk still 1.
        boots=\$((\$(cat /mnt/boots 2>/dev/null || echo 0) + 1))
        if echo "\$boots" >/mnt/boots && sync; then
            serial "ATRIUM-DISK-WRITE boots=\$boots"
        else
            serial "ATRIUM-DISK-WRITE failed"
        fi
    else
        serial "ATRIUM-DISK /dev/vda: mount failed"
    fi
fi

case " \$(cat /proc/cmdline) " in
    *" atrium.burn=1 "*) (while :; do :; done) & serial "ATRIUM-BURN started" ;;
esac

# Interactive shells, respawned when they exit: on the first virtual console (what /dev/tty0
# shows, i.e. the VNC screen; tty1 because /dev/tty0 cannot become a controlling terminal by
# opening it) and on the serial port.
shell_on() {
    while :; do
        [ -c "\$1" ] && setsid -c sh -i <"\$1" >"\$1" 2>&1
        sleep 2
    done
}
if [ -c /dev/tty1 ]; then shell_on /dev/tty1 & else shell_on /dev/tty0 & fi
shell_on /dev/ttyS0 &

# PID 1 must never exit.
while :; do sleep 3600; done
EOF
chmod 0755 "$root/init"

find "$root" -exec touch -h -d "@$epoch" {} +
if command -v cpio >/dev/null; then
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc -R 0:0 --reproducible) >"$work/initrd.cpio"
else
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc) >"$work/initrd.cpio"
fi
gzip -6 -n <"$work/initrd.cpio" >"$work/$image.initrd.gz"
rm -f "$work/initrd.cpio"

# ---- kernel -----------------------------------------------------------------------------------
cp "$vmlinuz" "$work/$image.vmlinuz"
chmod 0644 "$work/$image.vmlinuz"

# ---- base disk --------------------------------------------------------------------------------
mkdir -p "$work/disk"
echo "atrium base image" >"$work/disk/hello.txt"
touch -d "@$epoch" "$work/disk/hello.txt" "$work/disk"
truncate -s "$disk_size" "$work/$image.raw"
E2FSPROGS_FAKE_TIME=$epoch "$mke2fs" -q -F -t ext2 -L atrium-base \
    -U 5a7c1e3b-0a1f-4d2e-9c3b-a7714e000001 \
    -E root_owner=0:0,hash_seed=5a7c1e3b-0a1f-4d2e-9c3b-a7714e000002 \
    -d "$work/disk" "$work/$image.raw" >/dev/null ||
    die "mke2fs could not make the ext2 base disk"
# mke2fs -d copies the staging file's ctime (always "now") and owner: pin them so the image is
# the same byte for byte whoever builds it, whenever.
debugfs=$(PATH="$PATH:/usr/sbin:/sbin" command -v debugfs || true)
[ -z "$debugfs" ] || printf '%s\n' "set_inode_field /hello.txt ctime @$epoch" \
    'set_inode_field /hello.txt uid 0' 'set_inode_field /hello.txt gid 0' |
    "$debugfs" -w -f - "$work/$image.raw" >/dev/null 2>&1 || true
chmod 0444 "$work/$image.raw"   # a read-only base: overlays take the writes

# ---- manifest ---------------------------------------------------------------------------------
json() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
cat >"$work/$image.json" <<EOF
{
  "id": "$image",
  "name": "Atrium tiny Linux (busybox)",
  "kernel": "$image.vmlinuz",
  "initrd": "$image.initrd.gz",
  "cmdline": $(json "$cmdline"),
  "disk": "$image.raw",
  "disk_format": "raw",
  "os": "linux",
  "description": $(json "Debian kernel $release with a busybox initramfs. Prints 'ATRIUM-GUEST-READY <kernel release>' on ttyS0 and tty0, mounts the virtio disk /dev/vda on /mnt and counts its boots in /mnt/boots, runs shells on the screen and the serial port; add atrium.burn=1 to the command line to burn one CPU. The disk is a $disk_size ext2 read-only base (hello.txt): use it only as the backing file of a copy-on-write overlay."),
  "sha256": {
    "kernel": "$(sha256sum <"$work/$image.vmlinuz" | cut -d' ' -f1)",
    "initrd": "$(sha256sum <"$work/$image.initrd.gz" | cut -d' ' -f1)",
    "disk": "$(sha256sum <"$work/$image.raw" | cut -d' ' -f1)"
  },
  "built_from": {
    "kernel_package": $(json "$kernel_pkg=$kernel_ver"),
    "busybox_package": $(json "busybox-static=$busybox_ver")
  }
}
EOF

# ---- install ----------------------------------------------------------------------------------
# The manifest goes last, so a manifest always describes complete files.
for f in vmlinuz initrd.gz raw json; do
    mv -f "$work/$image.$f" "$output_dir/$image.$f"
done
say "done:"
for out in "${outputs[@]}"; do
    printf '  %-40s %s\n' "$out" "$(du -h --apparent-size "$out" | cut -f1)"
done
