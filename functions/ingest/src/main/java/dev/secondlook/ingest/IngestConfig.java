package dev.secondlook.ingest;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.s3.PolicyObjects;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.core.redact.Redaction;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * IngestFunction configuration, parsed once at init from environment variables set by template.yaml. A missing
 * or malformed variable fails the init with its name.
 *
 * @param region           AWS_REGION
 * @param reviewTable      REVIEW_TABLE: the ReviewTable name
 * @param quarantineBucket QUARANTINE_BUCKET: bucket that keeps rejected records
 * @param quarantinePrefix QUARANTINE_PREFIX (default {@code quarantine/})
 * @param policyObject     POLICY_S3_URI: the rules file replacing the bundled default, pinned
 *                         ({@code s3://bucket/key?versionId=...} or {@code #sha256=...}), or null for the default
 * @param prioritySla      PRIORITY_SLA_MINUTES (default 240)
 * @param routineSla       ROUTINE_SLA_HOURS (default 72)
 * @param maxRecordBytes   MAX_RECORD_BYTES (default 8 MiB): longer records are quarantined; also the largest
 *                         sidecar body read
 * @param sidecarBuckets   SIDECAR_BUCKETS: comma-separated buckets besides the log object's own from which
 *                         Bedrock sidecars may be read (default none)
 * @param defaultSampleRate DEFAULT_SAMPLE_RATE: replaces the policy's sampling.defaultRate, or null
 * @param redaction        EVAL_UNMASKED_CATEGORIES: comma-separated categories whose masked spans quarantine
 *                         previews keep in clear (default none)
 * @param evalCases        EVAL_BUCKET and EVAL_CASES_PREFIX (default {@code eval-cases/}): where the eval set's
 *                         cases are, read as exemplars by the policy's {@code similar} rules; null when EVAL_BUCKET
 *                         is unset (the policy's written examples only)
 * @param exemplarRefresh  EXEMPLAR_REFRESH_SECONDS: replaces the policy's {@code exemplars.refreshSeconds}, or null
 * @param judgeThreads     JUDGE_THREADS (1-16, default 1): threads that parse and judge an object's records; more
 *                         than one pays where the function has more than one vCPU's share (a MemorySize above
 *                         3,538 MB gives two)
 */
public record IngestConfig(String region, String reviewTable, String quarantineBucket, String quarantinePrefix,
                           PinnedS3Object policyObject, Duration prioritySla, Duration routineSla,
                           int maxRecordBytes, Set<String> sidecarBuckets, Double defaultSampleRate,
                           Redaction redaction, EvalCases evalCases, Duration exemplarRefresh, int judgeThreads) {

    /** The eval set's location: {@code s3://<bucket>/<prefix><case id>.json}. */
    public record EvalCases(String bucket, String prefix) {
    }

    public IngestConfig {
        sidecarBuckets = Set.copyOf(sidecarBuckets);
    }

    /** Judging on one thread. */
    public IngestConfig(String region, String reviewTable, String quarantineBucket, String quarantinePrefix,
                        PinnedS3Object policyObject, Duration prioritySla, Duration routineSla, int maxRecordBytes,
                        Set<String> sidecarBuckets, Double defaultSampleRate, Redaction redaction,
                        EvalCases evalCases, Duration exemplarRefresh) {
        this(region, reviewTable, quarantineBucket, quarantinePrefix, policyObject, prioritySla, routineSla,
                maxRecordBytes, sidecarBuckets, defaultSampleRate, redaction, evalCases, exemplarRefresh, 1);
    }

    /** Without an eval set to read exemplars from. */
    public IngestConfig(String region, String reviewTable, String quarantineBucket, String quarantinePrefix,
                        PinnedS3Object policyObject, Duration prioritySla, Duration routineSla, int maxRecordBytes,
                        Set<String> sidecarBuckets, Double defaultSampleRate, Redaction redaction) {
        this(region, reviewTable, quarantineBucket, quarantinePrefix, policyObject, prioritySla, routineSla,
                maxRecordBytes, sidecarBuckets, defaultSampleRate, redaction, null, null);
    }

    public static IngestConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new IngestConfig(
                env.required("AWS_REGION"),
                env.required("REVIEW_TABLE"),
                env.required("QUARANTINE_BUCKET"),
                env.optional("QUARANTINE_PREFIX", "quarantine/"),
                PolicyObjects.pinned(environment.get(PolicyObjects.VARIABLE)),
                Duration.ofMinutes(env.number("PRIORITY_SLA_MINUTES", 240, 1, Integer.MAX_VALUE)),
                Duration.ofHours(env.number("ROUTINE_SLA_HOURS", 72, 1, Integer.MAX_VALUE)),
                (int) env.number("MAX_RECORD_BYTES", 8 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                list(environment.get("SIDECAR_BUCKETS")),
                env.fraction("DEFAULT_SAMPLE_RATE"),
                redaction(environment.get("EVAL_UNMASKED_CATEGORIES")),
                env.optional("EVAL_BUCKET", null) == null ? null
                        : new EvalCases(env.required("EVAL_BUCKET"), env.optional("EVAL_CASES_PREFIX", "eval-cases/")),
                environment.get("EXEMPLAR_REFRESH_SECONDS") == null
                        || environment.get("EXEMPLAR_REFRESH_SECONDS").isBlank() ? null
                        : Duration.ofSeconds(env.number("EXEMPLAR_REFRESH_SECONDS", 300, 1, 86_400)),
                (int) env.number("JUDGE_THREADS", 1, 1, 16));
    }

    private static Redaction redaction(String v) {
        try {
            return Redaction.unmasking(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable EVAL_UNMASKED_CATEGORIES must list categories "
                    + "separated by commas: " + e.getMessage(), e);
        }
    }


    private static Set<String> list(String v) {
        Set<String> out = new TreeSet<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
