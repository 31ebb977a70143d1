package dev.secondlook.scorecard;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.s3.PinnedS3Object;

import java.time.Duration;
import java.util.Map;

/**
 * ScorecardFunction configuration from environment variables set by template.yaml.
 *
 * @param region             AWS_REGION
 * @param reviewTable        REVIEW_TABLE: population counts (manifests) and verdicts
 * @param evalBucket         EVAL_BUCKET: where the reports go
 * @param prefix             SCORECARD_PREFIX: their key prefix (default {@code scorecards/})
 * @param escalationTopicArn ESCALATION_TOPIC_ARN: where rate breaches page
 * @param window             SCORECARD_WINDOW_HOURS: the window each run reports on, ending at the current hour
 *                           (default 24)
 * @param policyObject       POLICY_S3_URI: the rules file whose {@code targets} apply, pinned; null for the
 *                           bundled default
 */
public record ScorecardConfig(String region, String reviewTable, String evalBucket, String prefix,
                              String escalationTopicArn, Duration window, PinnedS3Object policyObject) {

    public static ScorecardConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        String policy = environment.get("POLICY_S3_URI");
        PinnedS3Object pinned = null;
        if (policy != null && !policy.isBlank()) {
            try {
                pinned = PinnedS3Object.parse(policy);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("environment variable POLICY_S3_URI: " + e.getMessage(), e);
            }
        }
        String prefix = environment.getOrDefault("SCORECARD_PREFIX", "scorecards/");
        return new ScorecardConfig(env.required("AWS_REGION"), env.required("REVIEW_TABLE"),
                env.required("EVAL_BUCKET"), prefix.isBlank() || prefix.endsWith("/") ? prefix : prefix + "/",
                env.required("ESCALATION_TOPIC_ARN"),
                Duration.ofHours(env.number("SCORECARD_WINDOW_HOURS", 24, 1, 24 * 31)), pinned);
    }
}
