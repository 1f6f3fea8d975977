#!/usr/bin/env bash
# Matching cost of one hostile advisory record (issue 16; not part of the test run):
#
#   bench/match-hostile.sh [START] [MAX] [RUNS]   (default 12500 100000 3)
#
# One OSV record whose N affected entries all name one package of a four-package SBOM, N doubling from START to
# MAX; prints import and best-of-RUNS match times and each match time's ratio to the previous N (about 2: linear,
# about 4: quadratic). Builds the reactor's jars (no install) and runs bench/MatchHostileBench.java on them.
set -euo pipefail
cd "$(dirname "$0")/.."
START=${1:-12500}
MAX=${2:-100000}
RUNS=${3:-3}
. .ci/find-jdk
export JAVA_HOME
CP_FILE=$(mktemp)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "$CP_FILE"' EXIT
./mvnw -q -B -ntp -pl match -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
CP="match/target/classes:vulndb/target/classes:core/target/classes:$(cat "$CP_FILE")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" bench/MatchHostileBench.java "$START" "$MAX" "$RUNS" "$WORK"
