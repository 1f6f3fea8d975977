#!/usr/bin/env bash
# Which JIT a `warden sbom` run should use: C1 alone (-XX:TieredStopAtLevel=1) against both tiers (C1 then C2), each
# on a small and on a large input, taking turns so that both meet the same load.
#
#   bench/jit.sh [RUNS] [SMALL_SOURCE] [LARGE_SOURCE]
#
# Defaults: RUNS 3; small: the test fixture image (debootstrap bookworm minbase as an OCI layout, two layers,
# 88 packages); large: fs:///usr of this machine. Both without the AOT cache's profile (a cache trained with one JIT
# setting carries that setting's compiled-method records), so that only the JIT differs; WARDEN_JAR skips building.
# Prints each run's wall and CPU seconds, then per input the median wall and CPU of each mode and the ratio c1/tiered
# (below 1: C1 alone is faster). The launcher's rule is taken from these ratios (docs/architecture.md "Start-up").
# On a shared, busy machine wall times swell: the output starts and ends with `uptime`.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
SMALL=${2:-oci-dir://$CACHE/oci-bookworm-v1:latest}
LARGE=${3:-fs:///usr}
. .ci/find-jdk
export JAVA_HOME
if [[ $SMALL == oci-dir://$CACHE/* && ! -d $CACHE/oci-bookworm-v1 ]]; then
  echo "no fixture image at $CACHE/oci-bookworm-v1: run the image module's RealImagesTest once, or name a SMALL_SOURCE" >&2
  exit 2
fi
if [[ -z ${WARDEN_JAR:-} ]]; then
  ./mvnw -q -B -ntp -pl cli -am package -DskipTests -Dmaven.test.skip=true >&2
  WARDEN_JAR=cli/target/warden.jar
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export WARDEN_HOME=$WORK/home
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData)
if (( $(warden_java_major "$JAVA_HOME" | cut -d. -f1) >= 23 )); then JAVA_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
run() { # MODE SOURCE -> "wall cpu"
  local flags=("${JAVA_FLAGS[@]}")
  [[ $1 == c1 ]] && flags+=(-XX:TieredStopAtLevel=1)
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$JAVA_HOME/bin/java" "${flags[@]}" -jar "$WARDEN_JAR" \
      sbom "$2" --quiet --format cyclonedx-json -o "$WORK/out.json"
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time"
}
echo "load: $(uptime)"
for source in "$SMALL" "$LARGE"; do
  run tiered "$source" >/dev/null   # warms the page cache and the layer cache; not counted
  : > "$WORK/c1"; : > "$WORK/tiered"
  for ((i = 1; i <= RUNS; i++)); do
    for mode in c1 tiered; do
      r=$(run $mode "$source"); echo "$r" >> "$WORK/$mode"
      echo "run $i $mode $source: wall/cpu s $r"
    done
  done
  python3 - "$source" "$WORK/c1" "$WORK/tiered" <<'PY'
import statistics, sys
src, c1, tiered = sys.argv[1], [list(map(float, l.split())) for l in open(sys.argv[2])], [list(map(float, l.split())) for l in open(sys.argv[3])]
med = lambda rows, i: statistics.median(r[i] for r in rows)
print(f"{src}: median wall c1 {med(c1,0):.2f} s, tiered {med(tiered,0):.2f} s, ratio c1/tiered {med(c1,0)/med(tiered,0):.2f}; "
      f"median cpu c1 {med(c1,1):.2f} s, tiered {med(tiered,1):.2f} s, ratio {med(c1,1)/med(tiered,1):.2f}")
PY
done
echo "load: $(uptime)"
