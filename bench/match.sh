#!/usr/bin/env bash
# Matching benchmark (not part of the test run):
#
#   bench/match.sh [COMPONENTS] [RUNS]   (default 5000 components, 5 runs)
#
# Imports the whole Go vulnerability database and the whole PyPA database (match test resources) into a
# fresh SQLite file under a temp dir, then matches an SBOM of COMPONENTS packages against it RUNS times
# in one JVM and prints each run. Goal: under 1 s after start-up (runs 2..RUNS).
set -euo pipefail
cd "$(dirname "$0")/.."
COMPONENTS=${1:-5000}
RUNS=${2:-5}
. .ci/find-jdk
export JAVA_HOME
./mvnw -q -B install -DskipTests -pl core,vulndb,match >&2
CP_FILE=$(mktemp)
./mvnw -q -B dependency:build-classpath -pl match -Dmdep.outputFile="$CP_FILE" >&2
CP="match/target/classes:vulndb/target/classes:core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" bench/MatchBench.java \
  match/src/test/resources/advisories/go-vulndb-osv-all.tar.gz match/src/test/resources/advisories/pypa-advisory-db-all.tar.gz \
  "$COMPONENTS" "$RUNS" "$WORK"
