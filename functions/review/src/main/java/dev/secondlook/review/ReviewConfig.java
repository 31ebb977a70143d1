package dev.secondlook.review;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.aws.s3.PolicyObjects;

import java.time.Duration;
import java.util.Map;

/**
 * ReviewFunction configuration from environment variables set by template.yaml.
 *
 * @param region           AWS_REGION
 * @param reviewTable      REVIEW_TABLE
 * @param holdQueueUrl     HOLD_QUEUE_URL: held outputs, claimed first
 * @param priorityQueueUrl PRIORITY_QUEUE_URL
 * @param routineQueueUrl  ROUTINE_QUEUE_URL
 * @param lease            REVIEW_LEASE_SECONDS (default 900): how long a claim lasts
 * @param retention        REVIEW_RETENTION_DAYS (default 180): how long a record is kept after its verdict
 * @param access           who may review and who leads: REVIEWER_PRINCIPALS and LEAD_PRINCIPALS (comma-separated IAM
 *                         role or user ARNs, IAM mode), REVIEWER_GROUP (default reviewers), LEAD_GROUP (default
 *                         leads) and GROUPS_CLAIM (default cognito:groups) for JWT mode
 * @param incidents        where the incident API reads and writes
 * @param policyObject     POLICY_S3_URI: the rules file whose categories verdicts may name (default: the bundled
 *                         policy's)
 * @param amendWindow      REVIEW_AMEND_MINUTES (default 10): how long a reviewer may amend their verdict
 */
public record ReviewConfig(String region, String reviewTable, String holdQueueUrl, String priorityQueueUrl,
                           String routineQueueUrl, Duration lease, Duration retention, ReviewerAccess access,
                           Incidents incidents, PinnedS3Object policyObject, Duration amendWindow) {

    /**
     * @param table          INCIDENT_TABLE
     * @param evalBucket     EVAL_BUCKET: where re-run results are
     * @param evalRunsPrefix EVAL_RUNS_PREFIX (default {@code eval-runs/})
     */
    public record Incidents(String table, String evalBucket, String evalRunsPrefix) {
    }

    public static ReviewConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new ReviewConfig(env.required("AWS_REGION"), env.required("REVIEW_TABLE"),
                env.required("HOLD_QUEUE_URL"), env.required("PRIORITY_QUEUE_URL"), env.required("ROUTINE_QUEUE_URL"),
                Duration.ofSeconds(env.number("REVIEW_LEASE_SECONDS", 900, 1, 43_200)),
                Duration.ofDays(env.number("REVIEW_RETENTION_DAYS", 180, 1, 36_500)),
                new ReviewerAccess(ReviewerAccess.list(env.optional("REVIEWER_PRINCIPALS", "")),
                        ReviewerAccess.list(env.optional("LEAD_PRINCIPALS", "")),
                        env.optional("REVIEWER_GROUP", "reviewers"), env.optional("LEAD_GROUP", "leads"),
                        env.optional("GROUPS_CLAIM", "cognito:groups")),
                new Incidents(env.required("INCIDENT_TABLE"), env.required("EVAL_BUCKET"),
                        env.optional("EVAL_RUNS_PREFIX", "eval-runs/")),
                PolicyObjects.pinned(environment.get(PolicyObjects.VARIABLE)),
                Duration.ofMinutes(env.number("REVIEW_AMEND_MINUTES", 10, 0, 1_440)));
    }
}
