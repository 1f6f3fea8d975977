#!/usr/bin/env bash
# Continuous monitoring at scale (issue 12; not part of the test run):
#
#   bench/monitor.sh [IMAGES] [COMPONENTS] [ROUNDS] [DB] [REMATCH] [SHAPE]
#   (default 10000 images, 200 components, 10 rounds, sqlite, the full re-match timed over 2000 images, typical shape)
#
# DB: sqlite (a temp WARDEN_HOME), or postgres (a throwaway cluster made with initdb, as the tests make theirs).
# SHAPE: typical (a hardened repository's images: a handful of findings each) or heavy (about 150 findings each).
# Synthesises IMAGES stored images into the server's tables (200 templates pushed through the push path, the rest
# copied from them in bulk), prints the tables' size per image, then ROUNDS times imports one advisory touching 100 of
# them and times the re-evaluation until their alerts are recorded (p50, p90), then re-matches REMATCH images in full
# (SBOMs/s). Prints `uptime` before and after: the machine's load is part of the numbers. Builds the modules into
# their target folders only (no install). BENCH_JAVA_OPTS: more JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/m.jfr).
# BENCH_PG_OPTS: more PostgreSQL settings (e.g. "-c log_min_duration_statement=0"); BENCH_PG_LOG: where to keep its log.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-10000}
COMPONENTS=${2:-200}
ROUNDS=${3:-10}
DB=${4:-sqlite}
REMATCH=${5:-2000}
SHAPE=${6:-typical}
. .ci/find-jdk
export JAVA_HOME
CP_FILE=$(mktemp)
# one reactor run: each module compiled, then its class path written (the last written, server's, is the one used)
nice ./mvnw -q -B -o -pl server -am compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
CP="server/target/classes:pipeline/target/classes:report/target/classes:policy/target/classes:match/target/classes:vulndb/target/classes"
CP="$CP:catalog/target/classes:image/target/classes:core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
WORK=$(mktemp -d)
PG_DATA=""
cleanup() {
  if [ -n "$PG_DATA" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m immediate stop >/dev/null 2>&1 || true
    if [ -n "${BENCH_PG_LOG:-}" ]; then cp "$PG_DATA/log" "$BENCH_PG_LOG"; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ "$DB" = postgres ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | head -1)
  PG_DATA="$WORK/pg"
  chmod 755 "$WORK" # mktemp's folder is the invoking user's alone; the postgres user must reach its data folder
  mkdir -p "$PG_DATA" && chown postgres "$PG_DATA"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA/data" -A trust -U postgres -E UTF8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/log" -w -o "-p $PORT -c listen_addresses=127.0.0.1 -k $PG_DATA ${BENCH_PG_OPTS:-}" start >/dev/null
  DB="postgresql://postgres@127.0.0.1:$PORT/postgres"
fi
echo "machine: $(nproc) cores; before: $(uptime)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$CP" bench/MonitorBench.java "$IMAGES" "$COMPONENTS" "$ROUNDS" "$DB" "$WORK/run" "$REMATCH" "$SHAPE"
echo "after: $(uptime)"
