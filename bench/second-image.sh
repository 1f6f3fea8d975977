#!/usr/bin/env bash
# A second image that shares its base with one analysed before: what does it cost against a cold analysis of it?
#
#   bench/second-image.sh [RUNS]
#
# The pair: the test fixture's OCI layout, tag "base" (debootstrap bookworm minbase, one ~200 MB layer) and tag
# "latest" (that layer plus a small one). For each tool, RUNS times each, in turns:
#   cold:   `latest` with an empty cache;
#   second: `latest` right after `base` was analysed into a fresh cache (not timed);
#   again:  `latest` once more with that cache (every cataloger's result kept: the floor of a warm run).
# Warden: `warden sbom oci-dir://...:latest --format cyclonedx-json` (fresh JVM each run, the launcher's flags and AOT
# cache when present), its layer cache and catalogue results cache under --cache-dir. The fixture's upper layer makes
# /usr/share/doc opaque, so `latest` cannot reuse the dpkg result of `base` (its licences come from the hidden
# copyright files): in "second" dpkg runs again, every other cataloger's result is taken from the cache.
# No peer runs beside it: the Trivy this machine can have (cdxgen's npm plugin, which bench/scan.sh uses) has only
# `rootfs`, no `image` command and no layer cache, and Syft/Grype are not packaged. The ratio is Warden's own.
# Prints best and median wall times and the ratio second/cold (goal: below 0.10).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
. .ci/find-jdk
export JAVA_HOME
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
LAYOUT=$CACHE/oci-bookworm-v1
if [[ ! -d $LAYOUT ]]; then
  echo "building the fixture image (RealImagesTest)..." >&2
  ./mvnw -q -B test -pl image -am -Dtest=RealImagesTest -Dsurefire.failIfNoSpecifiedTests=false >&2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export WARDEN_HOME=$WORK/warden-home
if [[ -z ${WARDEN_JAR:-} ]]; then
  ./warden --version >/dev/null   # builds the jar (and its AOT cache) when sources changed; not timed
  WARDEN_JAR=cli/target/warden.jar
fi
AOT_FLAGS=()
if [[ -z ${WARDEN_NO_AOT:-} && -f cli/target/warden.aot && -f cli/target/warden-aot.jar && $WARDEN_JAR == cli/target/warden.jar ]]; then
  AOT_FLAGS=(-XX:AOTCache=cli/target/warden.aot -Xlog:aot=off -Xlog:cds=off)
  WARDEN_JAR=cli/target/warden-aot.jar
fi
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData)
if (( $(warden_java_major "$JAVA_HOME" | cut -d. -f1) >= 23 )); then JAVA_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
warden() { "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" "${AOT_FLAGS[@]}" -jar "$WARDEN_JAR" "$@"; }
w_sbom() { warden sbom "oci-dir://$LAYOUT:$1" --quiet --format cyclonedx-json -o "$WORK/w.cdx.json" --cache-dir "$2"; }
w_cold() { rm -rf "$WORK/wc"; w_sbom latest "$WORK/wc"; }
w_prime() { rm -rf "$WORK/ws"; w_sbom base "$WORK/ws"; }
w_second() { w_sbom latest "$WORK/ws"; }

once() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'; }
stats() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { printf "best %.3f s, median %.3f s", a[1], (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
best() { tr ' ' '\n' | grep . | sort -n | head -1; }

w_cold >/dev/null; w_prime; w_second   # warm the page cache and check the commands work; not timed
W_COLD="" W_SECOND="" W_AGAIN=""
for ((i = 0; i < RUNS; i++)); do
  W_COLD+="$(once w_cold) "
  w_prime
  W_SECOND+="$(once w_second) "
  W_AGAIN+="$(once w_second) "
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $RUNS runs each, in turns"
echo "warden cold:   $(echo "$W_COLD" | stats)"
echo "warden second: $(echo "$W_SECOND" | stats)"
echo "warden again:  $(echo "$W_AGAIN" | stats)"
echo "java -version: $(once "$JAVA_HOME/bin/java" -version 2>/dev/null) s (a JVM's start on this machine now)"
awk -v c="$(echo "$W_COLD" | best)" -v s="$(echo "$W_SECOND" | best)" -v a="$(echo "$W_AGAIN" | best)" \
  'BEGIN { printf "warden second/cold (best): %.2f; again/cold: %.2f\n", s / c, a / c }'
