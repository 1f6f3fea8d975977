#!/usr/bin/env bash
# Advisory database benchmark (not part of the test run):
#
#   bench/vulndb.sh [RECORDS]   (default 500000)
#
# Imports the whole Go vulnerability database and the whole PyPA database (vulndb test resources),
# then RECORDS generated OSV records (an all.zip written by the benchmark), into fresh SQLite files
# under a temp dir, and times 5,000 package lookups against the generated database.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-500000}
. .ci/find-jdk
export JAVA_HOME
./mvnw -q -B install -DskipTests -pl core,vulndb >&2
CP_FILE=$(mktemp)
./mvnw -q -B dependency:build-classpath -pl vulndb -Dmdep.outputFile="$CP_FILE" >&2
CP="vulndb/target/classes:core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" bench/VulndbBench.java \
  vulndb/src/test/resources/feeds/go-vulndb-osv-all.tar.gz vulndb/src/test/resources/feeds/pypa-advisory-db-all.tar.gz \
  "$RECORDS" "$WORK"
