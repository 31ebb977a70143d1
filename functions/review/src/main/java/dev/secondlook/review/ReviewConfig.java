package dev.secondlook.review;

import java.time.Duration;
import java.util.Map;

/**
 * ReviewFunction configuration from environment variables set by template.yaml.
 *
 * @param region           AWS_REGION
 * @param reviewTable      REVIEW_TABLE
 * @param priorityQueueUrl PRIORITY_QUEUE_URL
 * @param routineQueueUrl  ROUTINE_QUEUE_URL
 * @param lease            REVIEW_LEASE_SECONDS (default 900): how long a claim lasts
 */
public record ReviewConfig(String region, String reviewTable, String priorityQueueUrl, String routineQueueUrl,
                           Duration lease) {

    public static ReviewConfig fromEnv(Map<String, String> env) {
        String lease = env.getOrDefault("REVIEW_LEASE_SECONDS", "900");
        long seconds;
        try {
            seconds = Long.parseLong(lease.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable REVIEW_LEASE_SECONDS must be an integer, got '"
                    + lease + "'");
        }
        if (seconds < 1 || seconds > 43_200) {
            throw new IllegalStateException("environment variable REVIEW_LEASE_SECONDS must be within 1..43200");
        }
        return new ReviewConfig(required(env, "AWS_REGION"), required(env, "REVIEW_TABLE"),
                required(env, "PRIORITY_QUEUE_URL"), required(env, "ROUTINE_QUEUE_URL"), Duration.ofSeconds(seconds));
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }
}
