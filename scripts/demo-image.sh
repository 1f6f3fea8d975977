#!/usr/bin/env bash
# Makes a small real image to try Warden on: a Debian 12 (bookworm) minbase root filesystem made by
# debootstrap, packed as an OCI layout by umoci. Needs root (debootstrap), network to deb.debian.org,
# and the Debian packages debootstrap and umoci.
#   scripts/demo-image.sh [DIR]   -> DIR/rootfs and DIR/oci (tag bookworm); DIR defaults to target/demo
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/target/demo}"
for tool in debootstrap umoci; do
    command -v "$tool" >/dev/null || { echo "demo-image: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
mkdir -p "$out"
if [ ! -f "$out/rootfs/var/lib/dpkg/status" ]; then
    rm -rf "$out/rootfs.tmp"
    debootstrap --variant=minbase bookworm "$out/rootfs.tmp" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1 \
        || { echo "demo-image: debootstrap failed; see $out/debootstrap.log" >&2; exit 1; }
    mv "$out/rootfs.tmp" "$out/rootfs"
fi
if [ ! -f "$out/oci/index.json" ]; then
    rm -rf "$out/oci" "$out/bundle"
    umoci init --layout "$out/oci"
    umoci new --image "$out/oci:bookworm"
    umoci unpack --image "$out/oci:bookworm" "$out/bundle" >/dev/null
    cp -a "$out/rootfs/." "$out/bundle/rootfs/"
    umoci repack --image "$out/oci:bookworm" "$out/bundle"
    umoci config --image "$out/oci:bookworm" --config.user 65534 --config.cmd /bin/bash
    rm -rf "$out/bundle"
fi
echo "$out/oci:bookworm"
