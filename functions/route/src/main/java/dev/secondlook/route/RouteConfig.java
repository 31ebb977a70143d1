package dev.secondlook.route;

import java.util.Map;

/**
 * RouteFunction configuration from environment variables set by template.yaml; a missing one fails the init with
 * its name.
 *
 * @param region             AWS_REGION
 * @param reviewTable        REVIEW_TABLE (for the links in escalations)
 * @param priorityQueueUrl   PRIORITY_QUEUE_URL
 * @param routineQueueUrl    ROUTINE_QUEUE_URL
 * @param escalationTopicArn ESCALATION_TOPIC_ARN
 */
public record RouteConfig(String region, String reviewTable, String priorityQueueUrl, String routineQueueUrl,
                          String escalationTopicArn) {

    public static RouteConfig fromEnv(Map<String, String> env) {
        return new RouteConfig(required(env, "AWS_REGION"), required(env, "REVIEW_TABLE"),
                required(env, "PRIORITY_QUEUE_URL"), required(env, "ROUTINE_QUEUE_URL"),
                required(env, "ESCALATION_TOPIC_ARN"));
    }

    static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }
}
