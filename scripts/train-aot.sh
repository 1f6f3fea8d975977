#!/usr/bin/env bash
# Makes Warden's AOT cache (JDK 25+): one training JVM (dev.warden.cli.AotTraining) runs the commands people run most,
# `warden scan` (JSON and table), `warden sbom` (CycloneDX and SPDX) and `warden policy` (the example policy file with
# its CEL rules), offline, in a scratch WARDEN_HOME holding two made-up advisories, and records what they loaded and
# linked and how their methods ran (JEP 483/514/515).
#
#   scripts/train-aot.sh JAVA_HOME JAR AOT_JAR CACHE [JVM FLAGS...]   (the flags the cache will be used with)
#
# The cache pays only as far as the training looks like real work: a JDK 25 cache replays which methods the training
# compiled, and a run on a toy root compiles few. So the scans read a root made like a Debian image from this
# machine's own package database when it has one (the dpkg status, file lists and copyright files, a few
# executables): on the debootstrap minbase root, same jar, the two caches taking turns, a scan took 0.77 s best and
# 0.84 s median against 0.90 / 0.96 s with the toy root alone. Elsewhere, and for the other commands, a small made-up
# Debian root; and the toy root again if the training on the machine's data fails.
# The advisories are imported by a JVM of their own before the training: the store's migrations (Flyway, ~450 classes)
# then stay out of the cache, which every run maps and loads at start, and a scan does not need them.
#
# AOT_JAR is JAR with its pre-Java-6 class files (picocli's) rewritten by scripts/UpgradeClassFiles.java, which the
# cache can hold; runs that use CACHE must run AOT_JAR. Both are written beside their place and renamed into it, so a
# concurrent run never sees half a file.
# Called by ./warden after each build; silent unless it fails.
set -euo pipefail
java_home=$1 jar=$2 aot_jar=$3 cache=$4
shift 4
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work" "$cache.$$.tmp" "$cache.$$.tmp.config"' EXIT   # the JDK writes the .config beside the cache
fail() { # LOG: says where the log went and stops
    echo "warden: could not make the start-up cache (runs without it); see ${cache%/*}/train-aot.log" >&2
    cp "$1" "${cache%/*}/train-aot.log" 2>/dev/null || true
    exit 1
}
os_release() { # ROOT
    mkdir -p "$1/etc"
    printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' 'VERSION_ID="12"' \
        'VERSION_CODENAME=bookworm' 'ID=debian' >"$1/etc/os-release"
    echo 12.8 >"$1/etc/debian_version"
}
root=$work/rootfs
mkdir -p "$root/var/lib/dpkg/info" "$root/usr/share/doc/zlib1g" "$root/usr/bin"
os_release "$root"
cat >"$root/var/lib/dpkg/status" <<'STATUS'
Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries
STATUS
printf '/usr/share/doc/zlib1g\n' >"$root/var/lib/dpkg/info/zlib1g:amd64.list"
printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: Zlib\n' \
    >"$root/usr/share/doc/zlib1g/copyright"
cp /usr/bin/true "$root/usr/bin/true" 2>/dev/null || true   # an ELF executable for the binary cataloger
# The Debian-like root: this machine's package metadata (public text: what is installed, which files, under which
# licences), not its files. Copied, because a scan never follows a link out of its root; only regular files are
# copied, so no link here leads the copy anywhere else either. Quiet: whatever fails here only means the toy root.
debian=$root
if [ -f /var/lib/dpkg/status ] && [ -d /var/lib/dpkg/info ] && [ -d /usr/share/doc ]; then
    if {
        mkdir -p "$work/debian/var/lib/dpkg/info" "$work/debian/usr/share/doc" "$work/debian/usr/bin" &&
            os_release "$work/debian" &&
            cp /var/lib/dpkg/status "$work/debian/var/lib/dpkg/status" &&
            find /var/lib/dpkg/info -maxdepth 1 -type f -name '*.list' -exec cp -t "$work/debian/var/lib/dpkg/info" {} + &&
            (cd /usr/share/doc && find . -mindepth 2 -maxdepth 2 -type f -name copyright -print0 |
                tar --null --no-recursion -cf - -T -) | tar -xf - -C "$work/debian/usr/share/doc"
    } >"$work/copy.log" 2>&1; then
        debian=$work/debian
        for exe in ls bash cat grep sed true; do
            if [ -f "/usr/bin/$exe" ] && [ ! -L "/usr/bin/$exe" ]; then cp "/usr/bin/$exe" "$debian/usr/bin/" 2>/dev/null || true; fi
        done
    fi
fi
# Two images in an OCI layout sharing a base layer (the Debian-like root above), each with an application layer holding
# a jar (the JDK's jrt-fs.jar, a real one every JDK has); the second's also whites out a copyright file and the first's
# jar. Analysed into a cache folder, the second image, then the second again: the layer cache, the catalogue results
# cache (whole, per file, per jar) and the OCI reader are then in the cache too, which a second image sharing a base
# pays mostly in start-up. Made with tar, gzip and sha256sum; if any fails, the training goes without it.
oci=$work/oci
oci_blob() { # FILE: moves it under the layout's blobs, prints its hex digest
    local hex
    hex=$(sha256sum "$1" | cut -d' ' -f1) && mv "$1" "$oci/blobs/sha256/$hex" && echo "$hex"
}
oci_image() { # NAME BASE_DIFF BASE_HEX BASE_SIZE LAYER_DIR: an image of the base and a layer made of LAYER_DIR
    local name=$1 base_diff=$2 base_hex=$3 base_size=$4 dir=$5 diff hex size config config_size manifest manifest_size
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$dir" -cf "$work/layer.tar" . &&
        diff=$(sha256sum "$work/layer.tar" | cut -d' ' -f1) && gzip -n -c "$work/layer.tar" >"$work/layer.tgz" &&
        size=$(stat -c %s "$work/layer.tgz") && hex=$(oci_blob "$work/layer.tgz") &&
        printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' \
            "$base_diff" "$diff" >"$work/config.json" &&
        config_size=$(stat -c %s "$work/config.json") && config=$(oci_blob "$work/config.json") &&
        printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
            "$config" "$config_size" "$base_hex" "$base_size" "$hex" "$size" >"$work/manifest.json" &&
        manifest_size=$(stat -c %s "$work/manifest.json") && manifest=$(oci_blob "$work/manifest.json") &&
        printf '{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}' \
            "$manifest" "$manifest_size" "$name"
}
oci_layout() {
    local base_diff base_hex base_size a b
    mkdir -p "$oci/blobs/sha256" "$work/app-a/opt/app/lib" "$work/app-b/opt/app/lib" \
        "$work/app-b/usr/share/doc/zlib1g" &&
        cp "$java_home/lib/jrt-fs.jar" "$work/app-a/opt/app/lib/jrt-fs.jar" &&
        cp "$java_home/lib/jrt-fs.jar" "$work/app-b/opt/app/lib/jrt-fs-copy.jar" &&
        : >"$work/app-b/usr/share/doc/zlib1g/.wh.copyright" &&
        tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$debian" -cf "$work/base.tar" . &&
        base_diff=$(sha256sum "$work/base.tar" | cut -d' ' -f1) && gzip -n -c "$work/base.tar" >"$work/base.tgz" &&
        base_size=$(stat -c %s "$work/base.tgz") && base_hex=$(oci_blob "$work/base.tgz") &&
        a=$(oci_image a "$base_diff" "$base_hex" "$base_size" "$work/app-a") &&
        b=$(oci_image b "$base_diff" "$base_hex" "$base_size" "$work/app-b") &&
        printf '{"schemaVersion":2,"manifests":[%s,%s]}' "$a" "$b" >"$oci/index.json" &&
        printf '{"imageLayoutVersion":"1.0.0"}' >"$oci/oci-layout"
}
images=()
if oci_layout >"$work/oci.log" 2>&1; then
    for tag in a b b; do
        images+=(--- sbom "oci-dir://$oci:$tag" --quiet --format cyclonedx-json -o "$work/$tag.cdx.json" --cache-dir "$work/cache")
    done
    images+=(--- scan "oci-dir://$oci:b" --offline --quiet --format json -o "$work/b.scan.json" --cache-dir "$work/cache")
fi
if ! "$java_home/bin/java" "$here/scripts/UpgradeClassFiles.java" "$jar" "$aot_jar" >"$work/upgrade.log" 2>&1; then
    fail "$work/upgrade.log"
fi
# two made-up tracker records for zlib and openssl (on every Debian), so that the training scans find something:
# reading advisory documents, assembling findings and writing them are then in the cache too
cat >"$work/tracker.json" <<'TRACKER'
{"zlib": {"CVE-TRAINING-0001": {"description": "training record", "releases": {"bookworm": {"status": "resolved",
  "repositories": {"bookworm": "1:1.2.13.dfsg-1"}, "fixed_version": "1:1.2.13.dfsg-2", "urgency": "medium"}}}},
 "openssl": {"CVE-TRAINING-0002": {"description": "training record", "releases": {"bookworm": {"status": "open",
  "repositories": {"bookworm": "3.0.11-1~deb12u2"}, "urgency": "high"}}}}}
TRACKER
if ! WARDEN_HOME=$work/home "$java_home/bin/java" "$@" -jar "$aot_jar" \
        db import --offline --quiet "$work/tracker.json" >"$work/log" 2>&1; then
    fail "$work/log"
fi
train() { # ROOT JVM-FLAGS...: the recorded training, its larger scans on ROOT
    local scanned=$1
    shift
    WARDEN_HOME=$work/home "$java_home/bin/java" -XX:AOTCacheOutput="$cache.$$.tmp" -Xlog:aot=off -Xlog:cds=off "$@" \
        -cp "$aot_jar" dev.warden.cli.AotTraining \
        scan "fs://$scanned" --offline --quiet --format json -o "$work/scan.json" \
        --- scan "fs://$root" --offline --quiet -o "$work/scan.txt" \
        --- sbom "fs://$scanned" --quiet -o "$work/sbom.cdx.json" \
        --- sbom "fs://$root" --quiet --format spdx-json -o "$work/sbom.spdx.json" \
        --- policy "fs://$root" --offline --quiet --policy "$here/docs/examples/policy.yaml" --format json -o "$work/policy.json" \
        "${images[@]}" >>"$work/log" 2>&1
}
# The machine's own data is input like any other: if training on it fails, train once more on the toy root, so that
# a run of ./warden does not retrain (and warn) every time.
if ! train "$debian" "$@"; then
    if [ "$debian" = "$root" ] || ! { echo "--- again, on the toy root" >>"$work/log" && train "$root" "$@"; }; then
        fail "$work/log"
    fi
fi
mv -f "$cache.$$.tmp" "$cache"
