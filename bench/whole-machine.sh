#!/usr/bin/env bash
# Whole-machine SBOM: `warden sbom fs:/ -o /dev/null` of this machine, in CycloneDX JSON and as a table, as a user runs
# it (the launcher ./warden: its JIT rule, its AOT cache), with what the root holds and how loaded the machine is.
#
#   bench/whole-machine.sh [RUNS] [ROOT]
#
# Defaults: RUNS 1, ROOT fs:/. Prints per run wall, user and system seconds, peak RSS and CPU seconds (user + system,
# which swell far less than wall time when other work shares the cores), then per format the median of each; then the
# number of packages (one more, untimed run writing JSON), the jars under the root's big folders, `uptime` before and
# after, and what the CPU time implies on 2 idle cores: the catalogue pass is mostly one thread (jars of fs:/ are read
# on two more, docs/sbom.md), so wall time there is at most the CPU time and at least CPU/2.
# WARDEN_JIT=c1|tiered is passed to the launcher (its choice otherwise). A peer (cdxgen or trivy on PATH, or TRIVY=path)
# is timed the same way when present; none is installed by this script: a whole-machine run of a peer takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
ROOT=${2:-fs:/}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export WARDEN_HOME=${WARDEN_HOME:-$WORK/home}
./warden --version >/dev/null   # builds the jar and trains the AOT cache when sources changed; not timed
echo "load before: $(uptime)"
echo "root ${ROOT#fs://}: jars (*.jar, *.war, *.ear) by folder:"
root=${ROOT#fs:}; root=${root#//}; root=${root:-/}
for d in /root/.m2 /work /usr /tmp /home /opt; do
  [[ -d $root$d ]] || continue
  printf '  %-10s %6d\n' "$d" "$(find "$root$d" -xdev -type f \( -name '*.jar' -o -name '*.war' -o -name '*.ear' \) 2>/dev/null | wc -l)"
done
printf '  %-10s %6d (%s GB)\n' all "$(find "$root" -xdev -type f \( -name '*.jar' -o -name '*.war' -o -name '*.ear' \) 2>/dev/null | wc -l)" \
  "$(find "$root" -xdev -type f \( -name '*.jar' -o -name '*.war' -o -name '*.ear' \) -printf '%s\n' 2>/dev/null | awk '{s += $1} END {printf "%.2f", s / 1e9}')"
once() { # LABEL COMMAND...: one timed run -> "wall user sys rss_mb"
  local label=$1; shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err"; then
    echo "$label failed:" >&2; tail -5 "$WORK/err" >&2; return 1
  fi
  awk -v l="$label" '{printf "%s: wall %.1f s, user %.1f s, sys %.1f s, cpu %.1f s, peak RSS %d MB\n", l, $1, $2, $3, $2 + $3, $4 / 1024}' "$WORK/time"
  awk -v l="$label" '{print l, $1, $2 + $3, $4 / 1024}' "$WORK/time" >> "$WORK/all"
}
for ((i = 1; i <= RUNS; i++)); do
  once "warden cyclonedx-json" ./warden sbom "$ROOT" --quiet --format cyclonedx-json -o /dev/null
  once "warden table" ./warden sbom "$ROOT" --quiet --format table -o /dev/null
  if command -v cdxgen >/dev/null; then once "cdxgen -t os" cdxgen -t os -o "$WORK/cdxgen.json" "${root}"; fi
  trivy=${TRIVY:-$(command -v trivy || true)}
  if [[ -n $trivy ]]; then once "trivy rootfs" "$trivy" rootfs --quiet --format cyclonedx -o "$WORK/trivy.json" "$root"; fi
done
[[ -z $(command -v cdxgen || true) && -z ${TRIVY:-$(command -v trivy || true)} ]] && echo "no peer (cdxgen, trivy) installed: Warden alone"
python3 - "$WORK/all" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    *label, wall, cpu, rss = line.split()
    runs[" ".join(label)].append((float(wall), float(cpu), float(rss)))
for label, rows in runs.items():
    wall, cpu = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
    print(f"{label}: median wall {wall:.1f} s, cpu {cpu:.1f} s, peak RSS {max(r[2] for r in rows):.0f} MB "
          f"({len(rows)} run(s)); on 2 idle cores ~{cpu:.0f} s wall (at least {cpu / 2:.0f} s)")
PY
./warden sbom "$ROOT" --quiet --format cyclonedx-json -o "$WORK/sbom.json"
python3 - "$WORK/sbom.json" <<'PY'
import collections, json, sys
def walk(components):
    for c in components:
        yield c
        yield from walk(c.get("components", []))
kinds = collections.Counter(c.get("purl", "pkg:none/").split("/")[0][4:] for c in walk(json.load(open(sys.argv[1]))["components"]))
print(f"packages: {sum(kinds.values())} ({', '.join(f'{k} {n}' for k, n in kinds.most_common())})")
PY
echo "load after: $(uptime)"
