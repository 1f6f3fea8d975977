#!/usr/bin/env bash
# Builds Warden's own container image with Jib (no Docker daemon), scans it with Warden, and makes its signed
# submission packet with a throwaway key: the worked example of docs/supply-chain.md.
#   scripts/warden-image.sh [OUT]     OUT defaults to target/warden-image
# Needs: debootstrap, umoci, skopeo (root, and deb.debian.org the first time, through scripts/demo-image.sh);
# a JDK 21+ with jlink; Maven Central for the Jib plugin the first time.
# Writes OUT/base.tar (the base image), OUT/jre (the runtime), OUT/oci (the image as an OCI layout, tag warden),
# OUT/scan.json, OUT/policy.txt, OUT/packet/ (the signed packet), OUT/throwaway.{key,pub}, OUT/digest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/target/warden-image}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
java_home="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*-2[1-9]* 2>/dev/null | head -1)}"
for tool in umoci skopeo; do
    command -v "$tool" >/dev/null || { echo "warden-image: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
[ -x "$java_home/bin/jlink" ] || { echo "warden-image: no jlink under JAVA_HOME=$java_home" >&2; exit 2; }
export JAVA_HOME="$java_home"
export WARDEN_HOME="${WARDEN_HOME:-$out/home}"

# 1. The base: Debian 12 minbase from debootstrap, without the package caches debootstrap leaves (apt lists and
#    .debs: 80 MB that the package_caches policy flags), as a docker-archive tarball for Jib's tar:// base.
"$here/scripts/demo-image.sh" "$here/target/demo" >/dev/null
if [ ! -f "$out/base.tar" ]; then
    rm -rf "$out/base-oci" "$out/bundle"
    umoci init --layout "$out/base-oci"
    umoci new --image "$out/base-oci:bookworm"
    umoci unpack --image "$out/base-oci:bookworm" "$out/bundle" >/dev/null
    cp -a "$here/target/demo/rootfs/." "$out/bundle/rootfs/"
    # one layer without them, not a whiteout over them: deleted files in a lower layer would still be pulled
    rm -rf "$out/bundle/rootfs/var/lib/apt/lists/"* "$out/bundle/rootfs/var/cache/apt/"*.bin "$out/bundle/rootfs/var/cache/apt/archives/"*.deb
    umoci repack --image "$out/base-oci:bookworm" "$out/bundle"
    rm -rf "$out/bundle"
    skopeo copy --quiet "oci:$out/base-oci:bookworm" "docker-archive:$out/base.tar:debian:bookworm-slim-warden"
fi

# 2. The runtime: a jlinked Java with the modules Warden uses (java.se plus the JDK's EC, zipfs and unsupported
#    modules for sqlite-jdbc, zstd-jni and Jackson), stripped of debug data, man pages and headers.
if [ ! -x "$out/jre/bin/java" ]; then
    rm -rf "$out/jre"
    "$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management \
        --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$out/jre"
fi

# 3. The image, by Jib, twice: the same inputs must give the same digest.
# Warden's own module jars go into the image as they are: Maven writes their entries with the time of the last commit
# (project.build.outputTimestamp), not the build's, or every build would give a new layer.
stamp="$(git -C "$here" log -1 --format=%cI 2>/dev/null || echo 2026-01-01T00:00:00Z)"
jib() {
    (cd "$here" && ./mvnw -B -ntp -q -pl cli -am package -DskipTests -Djacoco.skip=true -P warden-image \
        -Dproject.build.outputTimestamp="$stamp" \
        -Dwarden.image.base="$out/base.tar" -Dwarden.image.jre="$out/jre" -Dwarden.image.name=warden:dev)
}
jib
cp "$here/cli/target/warden-image/warden-image.tar" "$here/cli/target/warden-image/digest" "$out/"
rm -f "$here/cli/target/warden-image/digest"
jib
if ! cmp -s "$out/digest" "$here/cli/target/warden-image/digest"; then
    echo "warden-image: not reproducible: $(cat "$out/digest") then $(cat "$here/cli/target/warden-image/digest")" >&2
    exit 1
fi
echo "warden-image: built twice, the same digest $(cat "$out/digest")"
rm -rf "$out/oci"
skopeo copy --quiet "oci-archive:$out/warden-image.tar" "oci:$out/oci:warden"
echo "warden-image: image $(cat "$out/digest") in $out/oci:warden"

# 4. Warden judges its own image, attests it, and signs its submission packet with a throwaway key.
warden="$here/warden"
image="oci-dir://$out/oci:warden"
"$warden" scan "$image" --format json -o "$out/scan.json" --offline --quiet
"$warden" policy "$image" --policy "$here/docs/examples/policy-config.yaml" --offline --quiet > "$out/policy.txt" || true
rm -f "$out/throwaway.key" "$out/throwaway.pub"
export WARDEN_PASSWORD=throwaway
"$warden" key generate --output-key-prefix "$out/throwaway" >/dev/null
base_digest="$(sed -n 's/.*"digest":"\(sha256:[0-9a-f]*\)".*/\1/p' "$out/base-oci/index.json" | head -1)"
"$warden" attest "$image" --key "$out/throwaway.key" --type sbom --quiet
"$warden" attest "$image" --key "$out/throwaway.key" --type provenance --quiet \
    --builder-id "https://github.com/warden-dev/warden/blob/main/scripts/warden-image.sh" \
    --material "pkg:docker/debian@bookworm?platform=linux%2Famd64@$base_digest" \
    --material "git+file://$here@sha1:$(git -C "$here" rev-parse HEAD 2>/dev/null || echo 0000000000000000000000000000000000000000)" \
    --build-param profile=warden-image --build-param image=warden:dev
"$warden" verify-attestation "$image" --key "$out/throwaway.pub" > "$out/attestations.txt"
rm -rf "$out/packet"
"$warden" submit "$image" --key "$out/throwaway.key" -o "$out/packet" --offline --quiet
unset WARDEN_PASSWORD
# the repository's check: offline, the base's tag cannot be asked where it points now, so that policy has no data
# and intake lists it; with the network (no --offline) it is judged
set +e
"$warden" intake "$out/packet" "$image" --key "$out/throwaway.pub" --offline --quiet > "$out/intake.txt" 2>&1
echo "warden-image: intake exit $? ($out/intake.txt)"
