package dev.secondlook.feedback;

import java.util.Map;

/**
 * FeedbackFunction configuration from environment variables set by template.yaml.
 *
 * @param region     AWS_REGION
 * @param evalBucket EVAL_BUCKET
 * @param evalPrefix EVAL_CASES_PREFIX (default {@code eval-cases/})
 */
public record FeedbackConfig(String region, String evalBucket, String evalPrefix) {

    public static FeedbackConfig fromEnv(Map<String, String> env) {
        return new FeedbackConfig(required(env, "AWS_REGION"), required(env, "EVAL_BUCKET"),
                env.getOrDefault("EVAL_CASES_PREFIX", "eval-cases/"));
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }
}
