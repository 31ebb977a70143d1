#!/usr/bin/env bash
# Proves the README's AWS CLI commands work against the local stack: starts `./secondlook local up` in the
# background, waits for .secondlook/local/stack.json, then scans the review table, uploads a log, lets ingest
# run, and receives from the priority queue, all with the real AWS CLI.
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
got=$("$aws" "${ep[@]}" sqs receive-message --queue-url "$(get priorityQueueUrl)" --max-number-of-messages 1 \
      --query 'Messages[0].Body' --output text)
case "$got" in
  *secondlook.review-queue-message/v1*) echo "ok: aws dynamodb scan, s3 cp and sqs receive-message work against the local stack" ;;
  *) echo "FAIL: no review message on the priority queue (got: $got)" >&2; cat "$log" >&2; exit 1 ;;
esac
