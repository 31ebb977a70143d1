#!/usr/bin/env bash
# Proves the README's AWS CLI commands work against the local stack: starts `./secondlook local up` in the
# background, waits for .secondlook/local/stack.json, then scans the review table, uploads a log, lets ingest
# run, and peeks at the priority queue, all with the real AWS CLI; then checks what local up prints and that
# stopping it removes stack.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh --with-awscli
aws="$root/.venv-awscli/bin/aws"
stack=.secondlook/local/stack.json
rm -f "$stack"
log=$(mktemp)
java -Dsecondlook.home="$root" -jar tools/cli/target/secondlook-cli.jar local up >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  [[ -f "$stack" ]] && break
  kill -0 $pid 2>/dev/null || { cat "$log" >&2; echo "local up exited early" >&2; exit 1; }
  sleep 0.5
done
[[ -f "$stack" ]] || { cat "$log" >&2; echo "stack.json never appeared" >&2; exit 1; }
get() { python3 -c "import json,sys; print(json.load(open('$stack'))['$1'])"; }
export AWS_ENDPOINT_URL="$(get endpoint)" AWS_REGION="$(get region)" AWS_DEFAULT_REGION="$(get region)" \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
# awscli v1 reads the endpoint from --endpoint-url (AWS_ENDPOINT_URL is honoured by v2 and the SDKs)
ep=(--endpoint-url "$AWS_ENDPOINT_URL")

"$aws" "${ep[@]}" dynamodb scan --table-name "$(get reviewTable)" --select COUNT >/dev/null
"$aws" "${ep[@]}" s3 cp events/logs/bedrock-invocations.jsonl "s3://$(get logBucket)/AWSLogs/cli-check/invocations.jsonl" >/dev/null
for _ in $(seq 1 60); do
  n=$("$aws" "${ep[@]}" sqs get-queue-attributes --queue-url "$(get priorityQueueUrl)" \
      --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages --output text)
  [[ "$n" != "0" ]] && break
  sleep 0.5
done
# a peek that leaves the message visible to reviewers (--visibility-timeout 0)
got=$("$aws" "${ep[@]}" sqs receive-message --queue-url "$(get priorityQueueUrl)" --max-number-of-messages 1 \
      --visibility-timeout 0 --query 'Messages[0].Body' --output text)
case "$got" in
  *secondlook.review-queue-message/v*) echo "ok: aws dynamodb scan, s3 cp and sqs get-queue-attributes / receive-message work against the local stack" ;;
  *) echo "FAIL: no review message on the priority queue (got: $got)" >&2; cat "$log" >&2; exit 1 ;;
esac
# local up says what it reads and what it delivers (counts only), and every hint names --endpoint-url
grep -q "Accepted from template.yaml" "$log" || { cat "$log" >&2; echo "FAIL: local up does not name its template" >&2; exit 1; }
grep -q "IngestFunction: [0-9]* SQS message" "$log" || { cat "$log" >&2; echo "FAIL: local up printed no delivery" >&2; exit 1; }
if grep "aws " "$log" | grep -v -- "--endpoint-url" | grep -q "bin/aws"; then
  cat "$log" >&2; echo "FAIL: an AWS CLI hint without --endpoint-url" >&2; exit 1
fi
# stopping the stack removes stack.json, so no later command talks to a dead emulator
kill $pid; wait $pid 2>/dev/null || true
for _ in $(seq 1 40); do [[ -f "$stack" ]] || break; sleep 0.25; done
[[ ! -f "$stack" ]] || { echo "FAIL: stack.json outlived its stack" >&2; exit 1; }
echo "ok: local up names its template, logs deliveries, hints with --endpoint-url, and removes stack.json on exit"
