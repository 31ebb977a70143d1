package dev.secondlook.gate;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.IamPrincipals;
import dev.secondlook.aws.s3.PinnedS3Object;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GateFunction configuration, parsed once at init from environment variables set by template.yaml. A missing or
 * malformed variable fails the init with its name. The policy settings are IngestFunction's own, so that the gate
 * and ingest judge and sample alike.
 *
 * @param region                AWS_REGION
 * @param reviewTable           REVIEW_TABLE
 * @param policyObject          POLICY_S3_URI: the pinned rules file replacing the bundled default, or null
 * @param defaultSampleRate     DEFAULT_SAMPLE_RATE: replaces the policy's sampling.defaultRate, or null
 * @param holdSla               HOLD_SLA_MINUTES (default 10): the hold lane's SLA
 * @param prioritySla           PRIORITY_SLA_MINUTES (default 240)
 * @param routineSla            ROUTINE_SLA_HOURS (default 72)
 * @param applicationPrincipals APPLICATION_PRINCIPALS: the IAM roles (or users) of the applications that may check,
 *                              comma-separated ARNs; empty: nobody may (every caller gets 403)
 */
public record GateConfig(String region, String reviewTable, PinnedS3Object policyObject, Double defaultSampleRate,
                         Duration holdSla, Duration prioritySla, Duration routineSla,
                         List<String> applicationPrincipals) {

    public GateConfig {
        applicationPrincipals = List.copyOf(applicationPrincipals);
    }

    public static GateConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new GateConfig(env.required("AWS_REGION"), env.required("REVIEW_TABLE"),
                policyObject(environment.get("POLICY_S3_URI")), env.fraction("DEFAULT_SAMPLE_RATE"),
                Duration.ofMinutes(env.number("HOLD_SLA_MINUTES", 10, 1, 1440)),
                Duration.ofMinutes(env.number("PRIORITY_SLA_MINUTES", 240, 1, Integer.MAX_VALUE)),
                Duration.ofHours(env.number("ROUTINE_SLA_HOURS", 72, 1, Integer.MAX_VALUE)),
                IamPrincipals.list(env.optional("APPLICATION_PRINCIPALS", "")));
    }

    private static PinnedS3Object policyObject(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return PinnedS3Object.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable POLICY_S3_URI: " + e.getMessage(), e);
        }
    }

}
