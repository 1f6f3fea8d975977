#!/usr/bin/env bash
# A second image that shares its base with one analysed before: what does it cost against a cold analysis of it?
#
#   bench/second-image.sh [RUNS]        a fresh CLI JVM per analysis (what `warden sbom` in a script pays)
#   bench/second-image.sh [RUNS] warm   one long-lived JVM analysing image after image (what `warden serve`'s watch
#                                       runs and pushes pay): bench/SecondImageBench.java, same pairs and columns
#
# Two pairs, each: FIRST is analysed into a fresh cache (not timed), then SECOND is timed. For each pair, RUNS times:
#   cold:   SECOND with an empty cache;
#   second: SECOND right after FIRST was analysed into a fresh cache;
#   again:  SECOND once more with that cache (every cataloger's result kept: the floor of a warm run).
# The adversarial pair: the test fixture's OCI layout, FIRST = tag "base" (debootstrap bookworm minbase, one ~200 MB
#   layer), SECOND = tag "latest" (that layer plus a small one that makes /usr/share/doc opaque, so dpkg's result of
#   "base", whose licences come from the hidden copyright files, cannot be used: dpkg runs again).
# The realistic pair (what our users have: two Java services FROM one base): base = the fixture's "base" plus a JRE
#   layer (this machine's JDK without lib/modules, src.zip and jmods: its executables and shared libraries, ~40 MB),
#   FIRST = base + an app layer of four Maven Central jars from ~/.m2, SECOND = base + another app layer of four
#   other jars. Built once with umoci (as the test fixtures are) under the fixture cache.
# Warden: `warden sbom oci-dir://...:TAG --format cyclonedx-json` (fresh JVM each run, the launcher's flags and AOT
# cache when present), its layer cache and catalogue results cache under --cache-dir.
# WARDEN_JAR=DIR/warden.jar runs another build's jar (to compare two builds), with its AOT cache when DIR also holds
# the warden.aot and warden-aot.jar that scripts/train-aot.sh made for it, as cli/target does after ./warden builds.
# No peer runs beside it: the Trivy this machine can have (cdxgen's npm plugin, which bench/scan.sh uses) has only
# `rootfs`, no `image` command and no layer cache, and Syft/Grype are not packaged. The ratio is Warden's own.
# Prints best and median wall times and, beside them, the best user+sys CPU seconds (the machine is shared: CPU
# seconds swell less with its load than wall times do), the ratios second/cold and again/cold of both (goal: below
# 0.10), and the load.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
MODE=${2:-cli}
. .ci/find-jdk
export JAVA_HOME
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
LAYOUT=$CACHE/oci-bookworm-v1
if [[ ! -d $LAYOUT || ! -d $CACHE/oci-zstd-v1 ]]; then
  echo "building the fixture image (RealImagesTest)..." >&2
  ./mvnw -q -B test -pl image -am -Dtest=RealImagesTest -Dsurefire.failIfNoSpecifiedTests=false >&2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PAIR=$CACHE/oci-java-pair-v1
if [[ ! -d $PAIR ]]; then
  echo "building the realistic pair (JRE base, two app layers)..." >&2
  B=$(mktemp -d "$CACHE/.pair-XXXXXX")
  cp -r "$LAYOUT" "$B/oci"
  mkdir -p "$B/jre/opt/java"
  (cd "$JAVA_HOME" && tar --exclude=lib/modules --exclude=lib/src.zip --exclude=jmods --exclude='*.diz' -cf - bin conf lib release) \
    | tar -C "$B/jre/opt/java" -xf -
  tar --numeric-owner -C "$B/jre" -cf "$B/jre.tar" .
  umoci raw add-layer --image "$B/oci:base" --tag jre --history.created_by "JRE: $(sed -n 's/^JAVA_VERSION=//p' "$JAVA_HOME/release")" "$B/jre.tar"
  newest() { ls -d "$HOME/.m2/repository/$1"/*/ | sort -V | tail -1; }
  jar_of() { local d; d=$(newest "$1"); echo "$d$(basename "$1")-$(basename "$d").jar"; }
  app() { # TAG JAR...
    local tag=$1; shift
    mkdir -p "$B/$tag/opt/app/lib"
    for j in "$@"; do cp "$(jar_of "$j")" "$B/$tag/opt/app/lib/"; done
    tar --numeric-owner -C "$B/$tag" -cf "$B/$tag.tar" .
    umoci raw add-layer --image "$B/oci:jre" --tag "$tag" --history.created_by "app layer: $*" "$B/$tag.tar"
  }
  app app-a com/fasterxml/jackson/core/jackson-core com/fasterxml/jackson/core/jackson-databind \
    com/fasterxml/jackson/core/jackson-annotations commons-io/commons-io
  app app-b org/apache/commons/commons-compress info/picocli/picocli org/slf4j/slf4j-api commons-codec/commons-codec
  mv "$B/oci" "$PAIR"
  rm -rf "$B"
fi
export WARDEN_HOME=$WORK/warden-home
if [[ -z ${WARDEN_JAR:-} ]]; then
  ./warden --version >/dev/null   # builds the jar (and its AOT cache) when sources changed; not timed
  WARDEN_JAR=cli/target/warden.jar
fi
PLAIN_JAR=$WARDEN_JAR   # the warm mode's class path: an AOT cache pays only start-up, which it does not time
AOT_FLAGS=()
JAR_DIR=$(dirname "$WARDEN_JAR")
if [[ -z ${WARDEN_NO_AOT:-} && -f $JAR_DIR/warden.aot && -f $JAR_DIR/warden-aot.jar ]]; then
  AOT_FLAGS=(-XX:AOTCache="$JAR_DIR/warden.aot" -Xlog:aot=off -Xlog:cds=off)
  WARDEN_JAR=$JAR_DIR/warden-aot.jar
fi
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData)
if (( $(warden_java_major "$JAVA_HOME" | cut -d. -f1) >= 23 )); then JAVA_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
warden() { "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" "${AOT_FLAGS[@]}" -jar "$WARDEN_JAR" "$@"; }
w_sbom() { warden sbom "oci-dir://$1" --quiet --format cyclonedx-json -o "$WORK/w.cdx.json" --cache-dir "$2"; }

once() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'; }
# the same as once, printing "WALL/CPU" (CPU: user+sys seconds of the command's processes, from bash's `times`, which
# runs in this shell: its second line sums the finished children)
once_cpu() {
  local s e
  times >"$WORK/t0"; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); times >"$WORK/t1"
  awk -v s="$s" -v e="$e" -v a="$(children_cpu "$WORK/t0")" -v b="$(children_cpu "$WORK/t1")" \
    'BEGIN { printf "%.3f/%.3f", e - s, b - a }'
}
children_cpu() { # FILE: user+sys seconds on the second line of a `times` output
  sed -n 2p "$1" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, t, "m"); sub("s", "", t[2]); n += t[1] * 60 + t[2] } printf "%.3f", n }'
}
walls() { tr ' ' '\n' | grep . | cut -d/ -f1; }
cpus() { tr ' ' '\n' | grep . | cut -d/ -f2; }
stats() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { printf "best %.3f s, median %.3f s", a[1], (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
best() { tr ' ' '\n' | grep . | sort -n | head -1; }

pair() { # NAME FIRST SECOND
  local name=$1 first=$2 second=$3 cold="" warm="" again=""
  echo "== $name: first $first, second $second (load average $(cut -d' ' -f1-3 /proc/loadavg) at the start)"
  rm -rf "$WORK/wc"; w_sbom "$second" "$WORK/wc" >/dev/null   # warm the page cache, check the command works; not timed
  for ((i = 0; i < RUNS; i++)); do
    rm -rf "$WORK/wc"
    cold+="$(once_cpu w_sbom "$second" "$WORK/wc") "
    rm -rf "$WORK/ws"; w_sbom "$first" "$WORK/ws"
    warm+="$(once_cpu w_sbom "$second" "$WORK/ws") "
    again+="$(once_cpu w_sbom "$second" "$WORK/ws") "
  done
  echo "cold:   $(echo "$cold" | walls | stats); CPU best $(echo "$cold" | cpus | best) s"
  echo "second: $(echo "$warm" | walls | stats); CPU best $(echo "$warm" | cpus | best) s"
  echo "again:  $(echo "$again" | walls | stats); CPU best $(echo "$again" | cpus | best) s"
  awk -v c="$(echo "$cold" | walls | best)" -v s="$(echo "$warm" | walls | best)" -v a="$(echo "$again" | walls | best)" \
    -v cc="$(echo "$cold" | cpus | best)" -v sc="$(echo "$warm" | cpus | best)" -v ac="$(echo "$again" | cpus | best)" -v n="$name" \
    'BEGIN { printf "%s: second/cold (best) wall %.2f, CPU %.2f; again/cold wall %.2f, CPU %.2f\n", n, s / c, sc / cc, a / c, ac / cc }'
}
echo "machine: $(nproc) cores; $(uptime)"
if [[ $MODE == warm ]]; then
  # the pairs' analyses in one JVM, after a warm-up on an unrelated image (the zstd fixture layout, its own cache)
  "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" -cp "$PLAIN_JAR" bench/SecondImageBench.java "$RUNS" \
    "oci-dir://$CACHE/oci-zstd-v1:latest" adversarial "oci-dir://$LAYOUT:base" "oci-dir://$LAYOUT:latest" \
    realistic "oci-dir://$PAIR:app-a" "oci-dir://$PAIR:app-b"
  echo "machine at the end: $(uptime)"
  exit 0
fi
pair adversarial "$LAYOUT:base" "$LAYOUT:latest"
pair realistic "$PAIR:app-a" "$PAIR:app-b"
echo "java -version: $(once_cpu "$JAVA_HOME/bin/java" -version 2>/dev/null) s wall/CPU (a JVM's start on this machine now)"
w_version() { warden --version >/dev/null; }
echo "warden --version: $(once_cpu w_version) s wall/CPU (Warden's start, the launcher's flags and AOT cache)"
echo "machine at the end: $(uptime)"
