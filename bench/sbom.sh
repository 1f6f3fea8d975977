#!/usr/bin/env bash
# SBOM benchmark: Warden against the floor (reading the same bytes) and against cdxgen, in one run.
#
#   bench/sbom.sh [RUNS]
#
# 1. The debootstrap fixture image (oci-dir, two gzip layers): Warden's SBOM (fresh cache each run) vs the floor
#    (tar -xzOf of every layer blob: decompress + walk + read every byte) vs cdxgen -t docker on the same image as
#    a docker-save archive; plus Warden on the image after its base image filled the layer cache.
# 2. This machine's root filesystem: Warden fs:/ vs the floor (find walk + cat of exactly the files Warden read)
#    vs cdxgen -t os (cdxgen -t rootfs / crashes on this machine, see docs/sbom.md).
# 3. A Java/npm-heavy root filesystem (debootstrap + 60 jars from ~/.m2 + an npm-installed node_modules):
#    per-type counts, Warden vs cdxgen -t rootfs.
# Peak memory (max RSS, /usr/bin/time -v) for Warden (one cold JVM run) and cdxgen.
# cdxgen is installed with npm into ~/.cache/warden-bench/cdxgen (CDXGEN_VERSION, default 12.8.4).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
. .ci/find-jdk
export JAVA_HOME
BENCH=${WARDEN_BENCH_CACHE:-$HOME/.cache/warden-bench}
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
GZ=$CACHE/oci-bookworm-v1
ARCHIVE=$CACHE/docker-archive-v1.tar
ROOTFS=$CACHE/debootstrap-bookworm
if [[ ! -d $GZ || ! -f $ARCHIVE ]]; then
  echo "building fixture images (RealImagesTest)..." >&2
  ./mvnw -q -B install -DskipTests -pl core,image >&2
  ./mvnw -q -B test -pl image -Dtest=RealImagesTest >&2
fi
if [[ ! -x $BENCH/cdxgen/node_modules/.bin/cdxgen ]]; then
  mkdir -p "$BENCH/cdxgen"
  (cd "$BENCH/cdxgen" && npm init -y >/dev/null && npm install --no-audit --no-fund "@cyclonedx/cdxgen@${CDXGEN_VERSION:-12.8.4}" >&2)
fi
CDXGEN=$BENCH/cdxgen/node_modules/.bin/cdxgen
HEAVY=$BENCH/heavy-rootfs
if [[ ! -d $HEAVY/app/node_modules ]]; then
  rm -rf "$HEAVY" && mkdir -p "$HEAVY/app/lib"
  cp -a "$ROOTFS/." "$HEAVY/"
  find "$HOME/.m2/repository" -name '*.jar' ! -name '*-sources.jar' | sort | head -60 | xargs -I{} cp {} "$HEAVY/app/lib/"
  (cd "$HEAVY/app" && npm init -y >/dev/null && npm install --no-audit --no-fund express@4 lodash react react-dom axios >&2)
fi
./mvnw -q -B install -DskipTests -pl core,image,catalog >&2
CP_FILE=$(mktemp)
./mvnw -q -B dependency:build-classpath -pl catalog -Dmdep.outputFile="$CP_FILE" >&2
CP="catalog/target/classes:image/target/classes:core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
WARDEN=("$JAVA_HOME/bin/java" -cp "$CP" --enable-native-access=ALL-UNNAMED bench/SbomBench.java)
warden() { "${WARDEN[@]}" "$@"; }
# wall seconds and max RSS (KB) of one run of a command: prints "SECONDS KB"
timed() { /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr" || { echo "failed: $* (see below)" >&2; tail -5 "$OUT/stderr" >&2; }; cat "$OUT/time" | tail -1; }
best() { # COMMAND...: best wall time of RUNS, in seconds
  local best=999999 s e
  for ((i = 0; i < RUNS; i++)); do
    s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
    best=$(awk -v s="$s" -v e="$e" -v b="$best" 'BEGIN { t = e - s; print (t < b ? t : b) }')
  done
  printf '%.3f' "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
blobs() {
  local manifest
  manifest=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]+"/index.json")); print([m["digest"] for m in i["manifests"] if m.get("annotations",{}).get("org.opencontainers.image.ref.name")=="latest"][0])' "$GZ")
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2].split(":")[1])); print("\n".join(sys.argv[1]+"/blobs/sha256/"+l["digest"].split(":")[1] for l in m["layers"]))' "$GZ" "$manifest"
}
counts() { # CycloneDX JSON -> "type N" per purl type
  python3 -c 'import json,sys,collections; b=json.load(open(sys.argv[1])); c=collections.Counter((x.get("purl") or "no-purl:").split(":",1)[1].split("/")[0] if x.get("purl") else "(no purl)" for x in b.get("components",[])); print(" ".join(f"{k}={v}" for k,v in sorted(c.items())))' "$1"
}
wcounts() { awk '/^type / {printf "%s=%s ", $2, $3}' <<<"$1"; }

echo "== image: debootstrap bookworm minbase + 1 small layer (oci-dir, gzip); runs: best of $RUNS"
floor_img() { for b in $(blobs); do tar -xzOf "$b" >/dev/null; done; }
F_IMG=$(best floor_img)
W_IMG_OUT=$(warden "oci-dir://$GZ:latest" "$RUNS" - "oci-dir://$GZ:base" 2>/dev/null)
W_IMG=$(awk '/^warden-sbom / {print $2}' <<<"$W_IMG_OUT"); W_SHARED=$(awk '/^warden-sbom-shared/ {print $2}' <<<"$W_IMG_OUT")
read -r W_IMG_COLD W_IMG_RSS < <(timed "${WARDEN[@]}" "oci-dir://$GZ:latest" 0)
read -r C_IMG C_IMG_RSS < <(cd "$OUT" && timed "$CDXGEN" -t docker -o "$OUT/cdx-image.json" "$ARCHIVE")
printf '%-62s %9s %10s\n' "what" "seconds" "maxRSS MB"
printf '%-62s %9s\n' "floor: tar -xzOf every layer blob" "$F_IMG"
printf '%-62s %9s\n' "warden sbom (in-process, warm JIT, empty cache)" "$W_IMG"
printf '%-62s %9s %10s\n' "warden sbom (cold JVM, one run)" "$W_IMG_COLD" "$((W_IMG_RSS / 1024))"
printf '%-62s %9s\n' "warden sbom of latest after base filled the layer cache" "$W_SHARED"
printf '%-62s %9s %10s\n' "cdxgen -t docker (docker-save archive of the same image)" "$C_IMG" "$((C_IMG_RSS / 1024))"
echo "ratio warden / floor        : $(ratio "$W_IMG" "$F_IMG")"
echo "ratio cdxgen / warden (cold): $(ratio "$C_IMG" "$W_IMG_COLD")"
echo "ratio shared-base / full    : $(ratio "$W_SHARED" "$W_IMG")"
echo "counts warden: $(wcounts "$W_IMG_OUT")"
echo "counts cdxgen: $(counts "$OUT/cdx-image.json")"

echo "== this machine's root filesystem (fs:/)"
W_FS_OUT=$(warden "fs:/" 1 "$OUT/read.txt" 2>/dev/null)
W_FS=$(awk '/^warden-sbom / {print $2}' <<<"$W_FS_OUT")
floor_fs() { find / -xdev \( -path /proc -o -path /sys -o -path /dev \) -prune -o -type f -print >/dev/null 2>&1; tr '\n' '\0' <"$OUT/read.txt" | xargs -0 cat >/dev/null 2>&1 || true; }
F_FS=$(RUNS=1 best floor_fs)
read -r W_FS_COLD W_FS_RSS < <(timed "${WARDEN[@]}" "fs:/" 0)
read -r C_FS C_FS_RSS < <(cd "$OUT" && timed "$CDXGEN" -t os -o "$OUT/cdx-os.json")
printf '%-62s %9s\n' "floor: find walk + cat of the $(wc -l <"$OUT/read.txt") files warden read" "$F_FS"
printf '%-62s %9s\n' "warden sbom fs:/ (in-process, warm JIT)" "$W_FS"
printf '%-62s %9s %10s\n' "warden sbom fs:/ (cold JVM, one run)" "$W_FS_COLD" "$((W_FS_RSS / 1024))"
printf '%-62s %9s %10s\n' "cdxgen -t os" "$C_FS" "$((C_FS_RSS / 1024))"
echo "ratio warden / floor        : $(ratio "$W_FS" "$F_FS")"
echo "ratio cdxgen / warden (cold): $(ratio "$C_FS" "$W_FS_COLD")"
echo "counts warden: $(wcounts "$W_FS_OUT")"
[[ -f $OUT/cdx-os.json ]] && echo "counts cdxgen: $(counts "$OUT/cdx-os.json")"

echo "== Java/npm-heavy root filesystem ($HEAVY)"
W_H_OUT=$(warden "fs://$HEAVY" 0 2>/dev/null)
read -r C_H C_H_RSS < <(cd "$OUT" && timed "$CDXGEN" -t rootfs -o "$OUT/cdx-heavy.json" "$HEAVY")
echo "warden: $(awk '/^warden-sbom / {print $2}' <<<"$W_H_OUT") s; cdxgen -t rootfs: $C_H s, $((C_H_RSS / 1024)) MB"
echo "counts warden: $(wcounts "$W_H_OUT")"
[[ -f $OUT/cdx-heavy.json ]] && echo "counts cdxgen: $(counts "$OUT/cdx-heavy.json")"
if [[ -n ${KEEP_BOMS:-} ]]; then mkdir -p "$KEEP_BOMS" && cp "$OUT"/*.json "$KEEP_BOMS"/ 2>/dev/null || true; fi
exit 0
