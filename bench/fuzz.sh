#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that reads attacker data (not part of the test run; ./run-tests only
# replays the checked-in corpus):
#
#   bench/fuzz.sh [SECONDS] [FILTER]   (default 300 s per target, every target; FILTER: a grep pattern on
#                                       MODULE:Class#target, e.g. 'catalog:' or 'osvYaml')
#
# Runs each Jazzer @FuzzTest in fuzzing mode (JAZZER_FUZZ=1) for SECONDS, one after the other, and prints per target
# the executions, coverage and whether it found anything. Findings (crashing inputs) are written by Jazzer into the
# target's src/test/resources/.../<Test>Inputs/<target>/ folder, so the next ./run-tests replays them: fix the parser,
# keep the input. New coverage-increasing inputs stay in MODULE/.cifuzz-corpus/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-300}
FILTER=${2:-.}
. .ci/find-jdk
export JAVA_HOME
LOG_DIR=$(mktemp -d)
trap 'rm -rf "$LOG_DIR"' EXIT
targets() {
    for test in $(git ls-files '*FuzzTest.java'); do
        module=${test%%/*}
        class=$(basename "$test" .java)
        for method in $(grep -A1 '@FuzzTest' "$test" | grep -o 'void [a-zA-Z0-9]*' | cut -d' ' -f2); do
            echo "$module:$class#$method"
        done
    done
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $SECONDS_PER_TARGET s per target"
printf '%-45s %10s %8s %s\n' target runs cov result
for target in $(targets | grep -E -- "$FILTER"); do
    module=${target%%:*}
    test=${target#*:}
    log="$LOG_DIR/${test//[#]/_}.log"
    if JAZZER_FUZZ=1 nice ./mvnw -B -ntp -o -pl "$module" -am verify -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtest="$test" -Djazzer.max_duration="${SECONDS_PER_TARGET}s" >"$log" 2>&1; then
        result="no finding"
    else
        result="FINDING (see $module/src/test/resources; log kept in bench/results/)"
        mkdir -p bench/results && cp "$log" bench/results/
    fi
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
    printf '%-45s %10s %8s %s\n' "$target" "$(echo "$done_line" | cut -d' ' -f2)" "${cov:--}" "$result"
done
