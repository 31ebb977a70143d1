#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md: ingest core throughput against the parse limit, rule scaling,
# AWS calls per 1,000 selected records (moto), deployment package sizes, memory with -Xmx256m, the gate's latency,
# a load run of many objects through the local runtime, and the bill per million outputs (scripts/cost-model.py).
# Usage: scripts/bench.sh [output file]   (default BENCHMARKS.md; takes a few minutes)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-BENCHMARKS.md}"
export SAM_CLI_TELEMETRY=0
scripts/bootstrap.sh
mvn -B -q install -DskipTests
mvn -B -q dependency:get -Dartifact=com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1
mvn -B -q dependency:get -Dartifact=com.amazonaws:aws-lambda-java-serialization:1.4.1
.venv/bin/sam build --template template.yaml --build-dir .aws-sam/build >/dev/null
export SECONDLOOK_VENV="$root/.venv"
jar=benchmarks/target/secondlook-benchmarks.jar
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bench() { java -Dsecondlook.home="$root" -jar "$jar" "$@"; }
{
  echo "# Benchmarks"
  echo
  echo "Latest run: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"\
       "$(free -g | awk '/Mem:/{print $2}') GiB RAM, $(java -version 2>&1 | head -1)."
  echo "Rerun: \`scripts/bench.sh\`. Figures are ratios taken within one run: absolute times on a shared"
  echo "2-core machine are noise."
  echo
  bench throughput "$work" | tee "$work/throughput.md"
  bench conversations "$work"
  bench rulescheck "$work" "$root"
  bench rules "$work"
  bench calls "$work"
  bench coldstart "$root"
  bench sizes "$root"
  bench memory "$work"
  bench gate "$root"
  bench load "$work" 40 250
  echo "## 8. The bill per million model outputs (scripts/cost-model.py, inputs from sections 1 and 3)"
  echo
  # the bill from this run's ingest core (records/s on one thread, section 1)
  rps="$(awk -F'|' '/^\| ingest core: gunzip/ {gsub(/ /, "", $4); print $4}' "$work/throughput.md")"
  python3 scripts/cost-model.py --markdown ${rps:+--ingest-rps "$rps"}
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
