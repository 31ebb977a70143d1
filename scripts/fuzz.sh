#!/usr/bin/env bash
# Fuzzes what reads customer bytes with Jazzer, each target for the budget in its @FuzzTest(maxDuration) - 60 s
# in all: shared/core IngestFuzzTest's three targets (log objects through framing, format detection, normalisers
# and rules; free text through the rules engine; rules files through the loader). Prints each target's run count.
# A finding fails the run, and Jazzer saves the input under
# shared/core/src/test/resources/dev/secondlook/core/ingest/IngestFuzzTestInputs/<target>/crash-*: fix the bug
# and commit the file, and it runs as a regression test in every build from then on.
# Needs the parent POM installed (./secondlook test does that first; or: mvn -N install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
targets=(anyObject_isIngested_withEveryRecordAccountedFor anyText_isJudged_withEvidenceInsideTheText
  anyRulesFile_loadsOrFailsWithAPolicyError)
total=0
for t in "${targets[@]}"; do
  log="$(mktemp)"
  if ! JAZZER_FUZZ=1 mvn -B -ntp -q -pl shared/core test -Dtest="IngestFuzzTest#$t" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    grep -E "FuzzTestFinding|Caused by|crash-|DEDUP_TOKEN" "$log" | head -20 || true
    echo "fuzz: $t: FINDING (full log: $log)" >&2
    exit 1
  fi
  runs="$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)"
  n="$(grep -oE '[0-9]+' <<<"$runs" | head -1)"
  if [ -z "$n" ]; then
    tail -30 "$log"
    echo "fuzz: $t: no fuzzing summary (was JAZZER_FUZZ honoured?)" >&2
    exit 1
  fi
  total=$((total + n))
  echo "fuzz: $t: ${runs}s, no finding"
  rm -f "$log"
done
echo "fuzz: ${total} executions over ${#targets[@]} targets, no finding"
