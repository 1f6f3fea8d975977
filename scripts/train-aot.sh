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
        >>"$work/log" 2>&1
}
# The machine's own data is input like any other: if training on it fails, train once more on the toy root, so that
# a run of ./warden does not retrain (and warn) every time.
if ! train "$debian" "$@"; then
    if [ "$debian" = "$root" ] || ! { echo "--- again, on the toy root" >>"$work/log" && train "$root" "$@"; }; then
        fail "$work/log"
    fi
fi
mv -f "$cache.$$.tmp" "$cache"
