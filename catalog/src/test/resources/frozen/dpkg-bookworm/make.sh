#!/usr/bin/env bash
# Freezes dpkg-query's view of a Debian bookworm minbase package database (see README.md).
#   ./make.sh [ROOTFS]   ROOTFS: a debootstrap root; without it one is made (needs root and deb.debian.org)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rootfs="${1:-}"
if [ -z "$rootfs" ]; then
    rootfs="$(mktemp -d)/rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
fi
rm -rf "$here/root"
mkdir -p "$here/root/var/lib/dpkg" "$here/root/etc"
cp "$rootfs/var/lib/dpkg/status" "$here/root/var/lib/dpkg/status"
cp -L "$rootfs/etc/os-release" "$here/root/etc/os-release"
# the reference: what dpkg-query itself says of the frozen database, one package a line
dpkg-query --admindir="$here/root/var/lib/dpkg" -W \
    -f '${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n' > "$here/dpkg-query.tsv"
dpkg-query --version | head -n1 > "$here/dpkg-query.version"
