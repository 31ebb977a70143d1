package dev.secondlook.feedback;

import dev.secondlook.aws.EnvironmentVariables;

import java.util.Map;

/**
 * FeedbackFunction configuration from environment variables set by template.yaml.
 *
 * @param region     AWS_REGION
 * @param evalBucket EVAL_BUCKET
 * @param evalPrefix EVAL_CASES_PREFIX (default {@code eval-cases/})
 */
public record FeedbackConfig(String region, String evalBucket, String evalPrefix) {

    public static FeedbackConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        return new FeedbackConfig(env.required("AWS_REGION"), env.required("EVAL_BUCKET"),
                env.optional("EVAL_CASES_PREFIX", "eval-cases/"));
    }
}
