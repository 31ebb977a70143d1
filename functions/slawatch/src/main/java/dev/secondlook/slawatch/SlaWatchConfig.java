package dev.secondlook.slawatch;

import dev.secondlook.aws.EnvironmentVariables;

import java.util.Map;

/**
 * SlaWatchFunction configuration from environment variables set by template.yaml.
 *
 * @param region             AWS_REGION
 * @param reviewTable        REVIEW_TABLE
 * @param escalationTopicArn ESCALATION_TOPIC_ARN
 * @param limit              SLA_WATCH_LIMIT: most breaches escalated per run (default 500; the rest wait a run)
 * @param incidentTable      INCIDENT_TABLE: incidents whose acknowledgement is overdue page again
 */
public record SlaWatchConfig(String region, String reviewTable, String escalationTopicArn, int limit,
                             String incidentTable) {

    public static SlaWatchConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new SlaWatchConfig(env.required("AWS_REGION"), env.required("REVIEW_TABLE"),
                env.required("ESCALATION_TOPIC_ARN"), (int) env.number("SLA_WATCH_LIMIT", 500, 1, 10_000),
                env.required("INCIDENT_TABLE"));
    }
}
