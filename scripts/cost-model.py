#!/usr/bin/env python3
"""The bill per million model outputs, from measured figures and list prices.

Usage: scripts/cost-model.py [--ingest-rps N] [--item-kb K] [--records-per-object N] [--page-share F]
                             [--markdown]

Measured inputs (defaults: the latest scripts/bench.sh run, see BENCHMARKS.md):
  --ingest-rps          records/s of the ingest core on one thread (section 1); Lambda at 1,024 MB gets about
                        0.58 of a vCPU, and I/O waits (S3 reads, DynamoDB writes) are covered by --io-factor
  --item-kb             mean DynamoDB review item size (section 3, "Review items as written")
  --records-per-object  records per log object (Bedrock writes one gzip object per few minutes per account; the
                        default is a cautious 500)
  --page-share          share of selected records that page (section 3 uses 10 %)
Prices: us-east-1 list prices, on-demand, x86_64, as the AWS pricing pages gave them in 2025 (PRICES below; this
machine has no network to re-check them on the day of the run); free tiers are left out, so the figures are what a
busy account pays.
"""
import argparse
import math

PRICES = {  # USD, us-east-1 list prices (AWS pricing pages, 2025)
    "lambda_gb_s": 0.0000166667,          # per GB-second, x86_64
    "lambda_request": 0.20 / 1e6,         # per invocation
    "s3_get": 0.0004 / 1e3,               # per GET
    "s3_put": 0.005 / 1e3,                # per PUT/LIST
    "sqs_request": 0.40 / 1e6,            # per 64 KB request chunk, standard queue
    "sns_publish": 0.50 / 1e6,            # per 64 KB publish chunk (PublishBatch entries count each)
    "ddb_wru": 0.625 / 1e6,               # on-demand write request unit
    "ddb_rru": 0.125 / 1e6,               # on-demand read request unit
    "kms_request": 0.03 / 1e4,            # per API request
    "cw_logs_gb": 0.50,                   # log ingestion per GB
    "xray_trace": 5.00 / 1e6,             # per trace recorded
}


def model(outputs, selection, a):
    selected = outputs * selection
    objects = outputs / a.records_per_object
    ingest_invocations = objects / 10                      # SQS batches of 10 objects
    rows = []

    # Lambda: ingest GB-seconds from the measured throughput, scaled to Lambda's CPU share at 1 GB and I/O waits
    per_gb_s = a.ingest_rps * a.vcpu_per_gb / a.io_factor
    ingest_gb_s = outputs / per_gb_s
    route_gb_s = selected / a.route_rps                   # RouteFunction: a stream batch of pointers and pages
    feedback_gb_s = selected * a.review_share * 0.01     # FeedbackFunction: ~10 ms per reviewed record
    stream_invocations = max(1.0, selected / 1000) * 2   # Route and Feedback, batches of up to 1,000
    lam = (ingest_gb_s + route_gb_s + feedback_gb_s) * PRICES["lambda_gb_s"] \
        + (ingest_invocations + stream_invocations) * PRICES["lambda_request"]
    rows.append(("Lambda (GB-s and invocations)", lam,
                 f"{ingest_gb_s + route_gb_s + feedback_gb_s:,.0f} GB-s at 1 GB; ingest {per_gb_s:,.0f} records/GB-s"))

    cases = selected * a.review_share * a.off_policy_share
    s3 = objects * PRICES["s3_get"] + cases * PRICES["s3_put"]
    rows.append(("S3 (log GETs, eval-case PUTs)", s3, f"{objects:,.0f} objects read, {cases:,.0f} eval cases"))

    # SQS: ingest notifications (send, receive, delete) + review pointers in batches of 10 (+ receive/delete by
    # reviewers for the reviewed share)
    sqs_req = objects * 3 + selected / 10 + selected * a.review_share * 2
    rows.append(("SQS", sqs_req * PRICES["sqs_request"], f"{sqs_req:,.0f} requests"))

    pages = selected * a.page_share
    rows.append(("SNS (pages)", pages * PRICES["sns_publish"], f"{pages:,.0f} pages"))

    wru_per_item = math.ceil(a.item_kb)
    wru = selected * wru_per_item + objects * 2              # review items; manifest put + update per object
    wru += selected * a.review_share * 2 * wru_per_item     # claim and verdict updates rewrite the item
    rru = selected * 0.5 + objects * 1                       # existence checks (eventually consistent), manifests
    ddb = wru * PRICES["ddb_wru"] + rru * PRICES["ddb_rru"]
    rows.append(("DynamoDB (on-demand)", ddb, f"{wru:,.0f} WRU, {rru:,.0f} RRU; streams read by Lambda are free"))

    # KMS: S3 bucket keys and the SQS/DynamoDB data-key caches make calls per object or per cache period, not
    # per record: one Decrypt per log object (GET through the bucket key), a few per function container
    kms = objects * 1 + ingest_invocations * 2
    rows.append(("KMS", kms * PRICES["kms_request"], f"{kms:,.0f} requests"))

    log_gb = (objects * 1.0 + selected * 0.3) / 1e6         # ~1 KB per object line + EMF, ~0.3 KB per routed record
    traces = ingest_invocations + stream_invocations
    cw = log_gb * PRICES["cw_logs_gb"] + traces * PRICES["xray_trace"]
    rows.append(("CloudWatch Logs and X-Ray", cw, f"{log_gb * 1e3:,.1f} MB of logs, {traces:,.0f} traces"))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ingest-rps", type=float, default=42538, help="ingest core records/s (BENCHMARKS.md section 1)")
    p.add_argument("--vcpu-per-gb", type=float, default=1024 / 1769, help="Lambda vCPU share at 1 GB")
    p.add_argument("--io-factor", type=float, default=3.0, help="wall time over CPU time in ingest (S3, DynamoDB)")
    p.add_argument("--route-rps", type=float, default=2000, help="RouteFunction records per GB-second")
    p.add_argument("--item-kb", type=float, default=1.06, help="mean review item size (BENCHMARKS.md section 3)")
    p.add_argument("--records-per-object", type=float, default=500)
    p.add_argument("--page-share", type=float, default=0.10)
    p.add_argument("--review-share", type=float, default=1.0, help="share of selected records a human reviews")
    p.add_argument("--off-policy-share", type=float, default=0.10,
                   help="share of reviewed records judged off-policy (each an eval case)")
    p.add_argument("--markdown", action="store_true")
    a = p.parse_args()
    outputs = 1e6
    scenarios = [("3 % selected", 0.03, a.item_kb), ("100 % selected (high-stakes route)", 1.0, a.item_kb),
                 ("3 % selected, 4 KB items", 0.03, 4.0)]
    for title, selection, kb in scenarios:
        a.item_kb = kb
        rows = model(outputs, selection, a)
        total = sum(r[1] for r in rows)
        if a.markdown:
            print(f"**{title}: ${total:.3f} per million model outputs**\n")
            print("| service | USD | basis |")
            print("|---|---|---|")
            for name, usd, basis in rows:
                print(f"| {name} | {usd:.4f} | {basis} |")
            print()
        else:
            print(f"{title}: ${total:.3f} per million model outputs")
            for name, usd, basis in rows:
                print(f"  {name:32} {usd:8.4f}  {basis}")
    print("Prices: us-east-1 list prices (AWS pricing pages, 2025), no free tier; inputs: " + ", ".join(
        f"{k}={v:g}" for k, v in vars(a).items() if k != "markdown"))


if __name__ == "__main__":
    main()
