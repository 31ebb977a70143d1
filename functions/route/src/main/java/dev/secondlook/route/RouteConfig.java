package dev.secondlook.route;

import dev.secondlook.aws.EnvironmentVariables;

import java.util.Map;

/**
 * RouteFunction configuration from environment variables set by template.yaml; a missing one fails the init with
 * its name.
 *
 * @param region                AWS_REGION
 * @param reviewTable           REVIEW_TABLE (for the links in escalations)
 * @param holdQueueUrl          HOLD_QUEUE_URL: held outputs, claimed first
 * @param priorityQueueUrl      PRIORITY_QUEUE_URL
 * @param routineQueueUrl       ROUTINE_QUEUE_URL
 * @param escalationTopicArn    ESCALATION_TOPIC_ARN
 * @param checkDecisionTopicArn CHECK_DECISION_TOPIC_ARN: resolved holds, for applications that prefer push
 */
public record RouteConfig(String region, String reviewTable, String holdQueueUrl, String priorityQueueUrl,
                          String routineQueueUrl, String escalationTopicArn, String checkDecisionTopicArn) {

    public static RouteConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new RouteConfig(env.required("AWS_REGION"), env.required("REVIEW_TABLE"),
                env.required("HOLD_QUEUE_URL"), env.required("PRIORITY_QUEUE_URL"), env.required("ROUTINE_QUEUE_URL"),
                env.required("ESCALATION_TOPIC_ARN"), env.required("CHECK_DECISION_TOPIC_ARN"));
    }
}
