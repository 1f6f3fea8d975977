#!/usr/bin/env bash
# Makes Warden's AOT cache (JDK 25+): one training JVM (dev.warden.cli.AotTraining) imports two made-up advisories
# and runs the commands people run most, `warden policy` (catalog, matching, the example policy file with its CEL rules),
# `warden scan` (JSON and table) and `warden sbom` (CycloneDX and SPDX), on a small Debian root filesystem with one
# of this machine's executables in it, offline, in a scratch WARDEN_HOME, and records what they loaded and linked
# and how their methods ran.
#
#   scripts/train-aot.sh JAVA_HOME JAR AOT_JAR CACHE [JVM FLAGS...]   (the flags the cache will be used with)
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
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/usr/share/doc/zlib1g"
printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' 'VERSION_ID="12"' \
    'VERSION_CODENAME=bookworm' 'ID=debian' >"$root/etc/os-release"
echo 12.8 >"$root/etc/debian_version"
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
if ! "$java_home/bin/java" "$here/scripts/UpgradeClassFiles.java" "$jar" "$aot_jar" >"$work/upgrade.log" 2>&1; then
    echo "warden: could not make the start-up cache (runs without it); see ${cache%/*}/train-aot.log" >&2
    cp "$work/upgrade.log" "${cache%/*}/train-aot.log" 2>/dev/null || true
    exit 1
fi
mkdir -p "$root/usr/bin"
cp /usr/bin/true "$root/usr/bin/true" 2>/dev/null || true   # an ELF executable for the binary cataloger
# two made-up tracker records for the root's packages, so that the training scans find something: reading advisory
# documents, assembling findings and writing them are then in the cache too
cat >"$work/tracker.json" <<'TRACKER'
{"zlib": {"CVE-TRAINING-0001": {"description": "training record", "releases": {"bookworm": {"status": "resolved",
  "repositories": {"bookworm": "1:1.2.13.dfsg-1"}, "fixed_version": "1:1.2.13.dfsg-2", "urgency": "medium"}}}},
 "openssl": {"CVE-TRAINING-0002": {"description": "training record", "releases": {"bookworm": {"status": "open",
  "repositories": {"bookworm": "3.0.11-1~deb12u2"}, "urgency": "high"}}}}}
TRACKER
if ! WARDEN_HOME=$work/home "$java_home/bin/java" -XX:AOTCacheOutput="$cache.$$.tmp" -Xlog:aot=off -Xlog:cds=off "$@" \
        -cp "$aot_jar" dev.warden.cli.AotTraining \
        db import --offline --quiet "$work/tracker.json" \
        --- policy "fs://$root" --offline --quiet --policy "$here/docs/examples/policy.yaml" --format json -o "$work/policy.json" \
        --- scan "fs://$root" --offline --quiet --format json -o "$work/scan.json" \
        --- scan "fs://$root" --offline --quiet -o "$work/scan.txt" \
        --- sbom "fs://$root" --quiet -o "$work/sbom.cdx.json" \
        --- sbom "fs://$root" --quiet --format spdx-json -o "$work/sbom.spdx.json" \
        >"$work/log" 2>&1; then
    echo "warden: could not make the start-up cache (runs without it); see ${cache%/*}/train-aot.log" >&2
    cp "$work/log" "${cache%/*}/train-aot.log" 2>/dev/null || true
    rm -f "$cache.$$.tmp"
    exit 1
fi
mv -f "$cache.$$.tmp" "$cache"
