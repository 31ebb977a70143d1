#!/usr/bin/env bash
# The README's test command (via ./secondlook test) and what CI runs: every unit and integration test (the
# integration tests start moto server from .venv on a loopback port), the shared/core boundary check, and the
# template checks (sam validate, sam validate --lint, cfn-lint, sam build), and a 60 s fuzzing run (scripts/fuzz.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export SAM_CLI_TELEMETRY=0

step() { printf '\n==> %s\n' "$*"; }

step "bootstrap (virtualenvs with pinned moto, SAM CLI, cfn-lint, checkov, AWS CLI)"
scripts/bootstrap.sh --with-checkov --with-awscli

step "Chromium for the console's browser tests (Debian's chromium and chromium-driver; apt-get when missing)"
scripts/ensure-chromium.sh

step "unit and integration tests (mvn install: surefire *Test, failsafe *IT against moto and, for the console, Chromium)"
mvn -B -ntp install

step "fuzzing: Jazzer over the readers, format detection and the rules engine, 60 s (scripts/fuzz.sh)"
scripts/fuzz.sh

step "rules test: the default policy against its examples"
java -jar tools/cli/target/secondlook-cli.jar rules test

step "rules check: every sample log yields a decision per record"
for f in events/logs/*.jsonl events/logs/*.json.gz; do
  java -jar tools/cli/target/secondlook-cli.jar rules check --input "$f" >/dev/null
done

step "the ./secondlook wrapper: its class-data archive and model copies are made, and change no decision"
./secondlook rules test >/dev/null
ls .secondlook/cds/cli-*.jsa .secondlook/model/*-bge-small-en-v1.5-q.onnx >/dev/null
for f in events/logs/*.jsonl events/logs/*.json.gz; do
  diff <(./secondlook rules check --input "$f" 2>/dev/null) \
       <(java -jar tools/cli/target/secondlook-cli.jar rules check --input "$f" 2>/dev/null) >/dev/null \
    || { echo "./secondlook rules check and java -jar differ on $f" >&2; exit 1; }
done
echo "wrapper: ok"

step "the README's AWS CLI commands against ./secondlook local up"
scripts/check-local-aws-cli.sh

step "shared/core must not depend on the AWS SDK"
scripts/check-core-boundary.sh

step "sam validate (the SAM transform itself: it rejects what --lint lets through, e.g. an intrinsic in DefaultAuthorizer)"
.venv/bin/sam validate --template template.yaml --region "${AWS_REGION:-us-east-1}"

step "sam validate --lint"
.venv/bin/sam validate --lint --template template.yaml

step "cfn-lint template.yaml"
.venv/bin/cfn-lint template.yaml

step "checkov -f template.yaml (no failed check; every skip is justified on its resource)"
BC_SKIP_MAPPING=TRUE .venv-checkov/bin/checkov -f template.yaml --quiet --compact --skip-download

step "sam build (functions resolve the parent and shared modules installed above)"
.venv/bin/sam build --template template.yaml --build-dir .aws-sam/build >/dev/null
echo "sam build: ok"

step "function packages: no local-runtime code, no client for a service the function is not granted"
.venv/bin/python scripts/check-function-packages.py .aws-sam/build

step "function packages: each handler, as sam build packaged it, answers a sample event through the runtime interface client"
mvn -B -q -ntp dependency:get -Dartifact=com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1
mvn -B -q -ntp dependency:get -Dartifact=com.amazonaws:aws-lambda-java-serialization:1.4.1
java -jar benchmarks/target/secondlook-benchmarks.jar packages .

echo
echo "all checks passed"
