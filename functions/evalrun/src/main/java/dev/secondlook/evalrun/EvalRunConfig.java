package dev.secondlook.evalrun;

import dev.secondlook.aws.EnvironmentVariables;
import dev.secondlook.aws.s3.PinnedS3Object;

import java.net.URI;
import java.util.Map;

/**
 * EvalRunFunction configuration from environment variables set by template.yaml.
 *
 * @param region             AWS_REGION
 * @param evalBucket         EVAL_BUCKET: eval cases in, runs out
 * @param evalCasesPrefix    EVAL_CASES_PREFIX (default eval-cases/)
 * @param evalRunsPrefix     EVAL_RUNS_PREFIX (default eval-runs/)
 * @param candidatesPrefix   CANDIDATE_PROMPTS_PREFIX: where candidate system prompts may be (default candidates/)
 * @param candidateParameter CANDIDATE_PARAMETER: the SSM parameter naming the candidate
 * @param queueUrl           EVAL_RUN_QUEUE_URL: the queue the parts go to (the function's own event source)
 * @param topicArn           ESCALATION_TOPIC_ARN: where the notice goes
 * @param policyObject       POLICY_S3_URI: the pinned rules file replacing the bundled default, or null
 * @param partSize           EVAL_RUN_PART_SIZE: cases per part (default 10)
 * @param caseConcurrency    EVAL_RUN_CASE_CONCURRENCY: calls in flight in one part (default 2); the function's
 *                           reserved concurrency times this bounds the calls to the candidate
 * @param maxTokens          EVAL_RUN_MAX_TOKENS: most output tokens per call (default 1024)
 * @param bedrockEndpoint    BEDROCK_RUNTIME_ENDPOINT: the Bedrock Runtime endpoint, or null for the region's
 */
public record EvalRunConfig(String region, String evalBucket, String evalCasesPrefix, String evalRunsPrefix,
                            String candidatesPrefix, String candidateParameter, String queueUrl, String topicArn,
                            PinnedS3Object policyObject, int partSize, int caseConcurrency, int maxTokens,
                            URI bedrockEndpoint) {

    public static EvalRunConfig fromEnv(Map<String, String> environment) {
        EnvironmentVariables env = new EnvironmentVariables(environment);
        String policy = environment.get("POLICY_S3_URI");
        PinnedS3Object pinned;
        try {
            pinned = policy == null || policy.isBlank() ? null : PinnedS3Object.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable POLICY_S3_URI: " + e.getMessage(), e);
        }
        String endpoint = env.optional("BEDROCK_RUNTIME_ENDPOINT", null);
        URI bedrock;
        try {
            bedrock = endpoint == null ? null : URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable BEDROCK_RUNTIME_ENDPOINT is not a URL", e);
        }
        return new EvalRunConfig(env.required("AWS_REGION"), env.required("EVAL_BUCKET"),
                env.optional("EVAL_CASES_PREFIX", "eval-cases/"), env.optional("EVAL_RUNS_PREFIX", "eval-runs/"),
                env.optional("CANDIDATE_PROMPTS_PREFIX", "candidates/"), env.required("CANDIDATE_PARAMETER"),
                env.required("EVAL_RUN_QUEUE_URL"), env.required("ESCALATION_TOPIC_ARN"), pinned,
                (int) env.number("EVAL_RUN_PART_SIZE", 10, 1, 1000),
                (int) env.number("EVAL_RUN_CASE_CONCURRENCY", 2, 1, 64),
                (int) env.number("EVAL_RUN_MAX_TOKENS", 1024, 1, 1_000_000), bedrock);
    }
}
