package dev.secondlook.slawatch;

import java.util.Map;

/**
 * SlaWatchFunction configuration from environment variables set by template.yaml.
 *
 * @param region             AWS_REGION
 * @param reviewTable        REVIEW_TABLE
 * @param escalationTopicArn ESCALATION_TOPIC_ARN
 * @param limit              SLA_WATCH_LIMIT: most breaches escalated per run (default 500; the rest wait a run)
 */
public record SlaWatchConfig(String region, String reviewTable, String escalationTopicArn, int limit) {

    public static SlaWatchConfig fromEnv(Map<String, String> env) {
        String limit = env.getOrDefault("SLA_WATCH_LIMIT", "500");
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable SLA_WATCH_LIMIT must be an integer, got '" + limit
                    + "'");
        }
        return new SlaWatchConfig(required(env, "AWS_REGION"), required(env, "REVIEW_TABLE"),
                required(env, "ESCALATION_TOPIC_ARN"), n);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }
}
