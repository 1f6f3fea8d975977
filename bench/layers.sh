#!/usr/bin/env bash
# Layer-reading benchmark: Warden against the floor (GNU tar and zstd reading the same blobs).
#
#   bench/layers.sh [RUNS]
#
# Uses the test fixture images (debootstrap bookworm minbase, two layers; gzip and zstd layouts),
# building them first if needed via the image module's tests. Prints each timing (best of RUNS)
# and the ratios Warden/floor. Goal: within 1.5x.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
. .ci/find-jdk   # sets JAVA_HOME to a JDK >= 21 or exits with one line
export JAVA_HOME
CACHE=${WARDEN_TEST_CACHE:-$HOME/.cache/warden-test}
GZ=$CACHE/oci-bookworm-v1
ZS=$CACHE/oci-zstd-v1
if [[ ! -d $GZ || ! -d $ZS ]]; then
  echo "building fixture images (RealImagesTest)..." >&2
  ./mvnw -q -B install -DskipTests -pl core,image >&2
  ./mvnw -q -B test -pl image -Dtest=RealImagesTest >&2
fi
./mvnw -q -B install -DskipTests -pl core,image >&2
CP_FILE=$(mktemp)
./mvnw -q -B dependency:build-classpath -pl image -Dmdep.outputFile="$CP_FILE" >&2
CP="image/target/classes:core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"

# Layer blobs of the "latest" image in each layout (from its manifest).
blobs() { # LAYOUT
  local layout=$1 manifest
  manifest=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]+"/index.json")); print([m["digest"] for m in i["manifests"] if m.get("annotations",{}).get("org.opencontainers.image.ref.name")=="latest"][0])' "$layout")
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2].split(":")[1])); print("\n".join(sys.argv[1]+"/blobs/sha256/"+l["digest"].split(":")[1] for l in m["layers"]))' "$layout" "$manifest"
}

best() { # COMMAND...: best wall time of RUNS, in seconds
  local best=999999 s e t
  for ((i = 0; i < RUNS; i++)); do
    s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
    best=$(awk -v s="$s" -v e="$e" -v b="$best" 'BEGIN { t = e - s; print (t < b ? t : b) }')
  done
  printf '%.3f' "$best"
}

gz_extract() { for b in $(blobs "$GZ"); do tar -xzOf "$b" >/dev/null; done; }
gz_list() { for b in $(blobs "$GZ"); do tar -tzf "$b" >/dev/null; done; }
zs_list() { for b in $(blobs "$ZS"); do zstd -q -dc "$b" | tar -t >/dev/null; done; }
zs_extract() { for b in $(blobs "$ZS"); do zstd -q -dc "$b" | tar -xO >/dev/null; done; }

echo "image: debootstrap bookworm minbase + 1 small layer; compressed gzip $(du -cb $(blobs "$GZ") | tail -1 | cut -f1) bytes"
echo "runs: best of $RUNS"
F_GZ_X=$(best gz_extract); F_GZ_T=$(best gz_list); F_ZS_T=$(best zs_list); F_ZS_X=$(best zs_extract)
W_OUT=$("$JAVA_HOME/bin/java" -cp "$CP" --enable-native-access=ALL-UNNAMED bench/LayerBench.java "oci-dir://$GZ:latest" "$RUNS")
W_GZ_I=$(echo "$W_OUT" | awk '/warden-index/ {print $2}'); W_GZ_R=$(echo "$W_OUT" | awk '/warden-read/ {print $2}')
W_OUT=$("$JAVA_HOME/bin/java" -cp "$CP" --enable-native-access=ALL-UNNAMED bench/LayerBench.java "oci-dir://$ZS:latest" "$RUNS")
W_ZS_I=$(echo "$W_OUT" | awk '/warden-index/ {print $2}'); W_ZS_R=$(echo "$W_OUT" | awk '/warden-read/ {print $2}')
# End to end, cold: a fresh JVM per run (startup and JIT warm-up included), if the CLI jar is built.
W_CLI=""
if [[ -f cli/target/warden.jar ]]; then
  cli_cold() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar cli/target/warden.jar image inspect "oci-dir://$GZ:latest" --quiet >/dev/null; }
  W_CLI=$(best cli_cold)
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-58s %8s\n' "what" "seconds"
printf '%-58s %8s\n' "floor gzip:  tar -xzOf BLOB >/dev/null (all layers)" "$F_GZ_X"
printf '%-58s %8s\n' "floor gzip:  tar -tzf BLOB (all layers)" "$F_GZ_T"
printf '%-58s %8s\n' "warden gzip: index (decompress, verify digests, walk)" "$W_GZ_I"
printf '%-58s %8s\n' "warden gzip: read every file's content (pass 2)" "$W_GZ_R"
printf '%-58s %8s\n' "floor zstd:  zstd -dc BLOB | tar -t" "$F_ZS_T"
printf '%-58s %8s\n' "floor zstd:  zstd -dc BLOB | tar -xO >/dev/null" "$F_ZS_X"
printf '%-58s %8s\n' "warden zstd: index (decompress, verify digests, walk)" "$W_ZS_I"
printf '%-58s %8s\n' "warden zstd: read every file's content (pass 2)" "$W_ZS_R"
[[ -n $W_CLI ]] && printf '%-58s %8s\n' "warden cli, cold JVM: image inspect (gzip layout)" "$W_CLI"
echo "ratio gzip index / tar -xzOf : $(ratio "$W_GZ_I" "$F_GZ_X")"
echo "ratio gzip index / tar -tzf  : $(ratio "$W_GZ_I" "$F_GZ_T")"
echo "ratio gzip read  / tar -xzOf : $(ratio "$W_GZ_R" "$F_GZ_X")"
echo "ratio zstd index / zstd|tar -t : $(ratio "$W_ZS_I" "$F_ZS_T")"
echo "ratio zstd read  / zstd|tar -xO: $(ratio "$W_ZS_R" "$F_ZS_X")"
[[ -n $W_CLI ]] && echo "ratio cold cli / tar -xzOf    : $(ratio "$W_CLI" "$F_GZ_X")"
exit 0
