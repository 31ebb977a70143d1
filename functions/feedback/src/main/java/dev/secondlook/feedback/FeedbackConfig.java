package dev.secondlook.feedback;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.aws.s3.PolicyObjects;
import dev.secondlook.core.redact.Redaction;

import java.util.Map;

/**
 * FeedbackFunction configuration from environment variables set by template.yaml.
 *
 * @param region     AWS_REGION
 * @param evalBucket EVAL_BUCKET
 * @param evalPrefix EVAL_CASES_PREFIX (default {@code eval-cases/})
 * @param redaction  EVAL_UNMASKED_CATEGORIES: comma-separated categories whose masked spans an eval case keeps in
 *                   clear (default none: everything the policy masked is masked)
 * @param incidentTable INCIDENT_TABLE: where an off-policy verdict on a delivered output opens its incident
 * @param escalationTopicArn ESCALATION_TOPIC_ARN: where sev1 and sev2 incidents page
 * @param policyObject POLICY_S3_URI: the rules file (its incidents section) replacing the bundled default, or null
 */
public record FeedbackConfig(String region, String evalBucket, String evalPrefix, Redaction redaction,
                             String incidentTable, String escalationTopicArn, PinnedS3Object policyObject) {

    public static FeedbackConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new FeedbackConfig(env.required("AWS_REGION"), env.required("EVAL_BUCKET"),
                env.optional("EVAL_CASES_PREFIX", "eval-cases/"), redaction(environment),
                env.required("INCIDENT_TABLE"), env.required("ESCALATION_TOPIC_ARN"),
                PolicyObjects.pinned(environment.get(PolicyObjects.VARIABLE)));
    }

    /** EVAL_UNMASKED_CATEGORIES as a {@link Redaction}; a malformed list fails with the variable's name. */
    static Redaction redaction(Map<String, String> environment) {
        try {
            return Redaction.unmasking(environment.get("EVAL_UNMASKED_CATEGORIES"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable EVAL_UNMASKED_CATEGORIES must list categories "
                    + "separated by commas: " + e.getMessage(), e);
        }
    }
}
