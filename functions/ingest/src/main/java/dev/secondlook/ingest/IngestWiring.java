package dev.secondlook.ingest;

import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.s3.PolicyObjects;
import dev.secondlook.aws.s3.S3Clients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbObjectManifestStore;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.s3.S3EventMessages;
import dev.secondlook.aws.s3.S3LogObjectSource;
import dev.secondlook.aws.s3.S3QuarantineSink;
import dev.secondlook.core.ingest.IngestLogObject;
import dev.secondlook.core.ingest.MaskingQuarantineSink;
import dev.secondlook.core.ingest.IngestSettings;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.aws.ssm.SsmClients;
import dev.secondlook.aws.ssm.SsmParameterValue;
import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyRefresh;
import dev.secondlook.aws.telemetry.LogFields;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.aws.s3.S3ExemplarSource;
import dev.secondlook.similar.SentenceEmbedder;
import dev.secondlook.similar.SimilarPolicies;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;

/**
 * Composition root of IngestFunction: builds the clients, loads the policy and wires the use case, once per
 * execution environment. With POLICY_PARAMETER (an SSM parameter naming the pinned rules file, or {@code default})
 * the policy follows the parameter: checked at most every POLICY_REFRESH_SECONDS (default 300), and the use case is
 * wired anew, with the same clients, when it names another file ({@link #refreshed()}).
 *
 * @param rebuild the use case with another policy (same clients and settings)
 * @param refresh where the policy is followed from, or null when it is fixed for the container's life
 */
public record IngestWiring(IngestLogObject ingest, S3EventMessages messages, ObjectMapper mapper, Policy policy,
                           java.util.function.Function<Policy, IngestLogObject> rebuild, PolicyRefresh refresh) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestWiring.class);

    /** A wiring whose policy is fixed for the container's life (tests, and no POLICY_PARAMETER). */
    public IngestWiring(IngestLogObject ingest, S3EventMessages messages, ObjectMapper mapper, Policy policy) {
        this(ingest, messages, mapper, policy, p -> {
            throw new IllegalStateException("this wiring's policy is fixed");
        }, null);
    }

    /** This wiring, or one with the policy its parameter names now (checked when due). */
    public IngestWiring refreshed() {
        if (refresh == null) {
            return this;
        }
        PolicyRefresh.Result r = refresh.current();
        if (r.error() != null) {
            LOG.warn("policy-refresh", LogFields.of(java.util.Map.of("kept", policy.version(),
                    "reason", r.error())));
            Telemetry.count("PolicyRefreshFailures", 1);
        }
        if (!r.changed()) {
            return this;
        }
        Policy next = r.policy();
        LOG.info("policy-refresh", LogFields.of(java.util.Map.of("from", policy.version(), "to",
                next.version())));
        return new IngestWiring(rebuild.apply(next), messages, mapper, next, rebuild, refresh);
    }

    /** One model per execution environment, whatever the number of wirings (tests build several). */
    private static final SentenceEmbedder EMBEDDER = new SentenceEmbedder();

    /** Wiring for Lambda: everything from the environment. */
    public static IngestWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static IngestWiring fromEnv(java.util.Map<String, String> env) {
        IngestConfig config = IngestConfig.fromEnv(env);
        AwsClients clients = AwsClients.fromEnvironment(config.region(), env);
        IngestWiring fixed = create(config, clients, Clock.systemUTC());
        String parameter = env.get("POLICY_PARAMETER");
        if (parameter == null || parameter.isBlank()) {
            return fixed;
        }
        long seconds = new dev.secondlook.aws.EnvironmentVariables(env).number("POLICY_REFRESH_SECONDS", 300, 1,
                86_400);
        S3Client s3 = S3Clients.of(clients);
        SsmParameterValue source = new SsmParameterValue(SsmClients.of(clients), parameter);
        String initial = config.policyObject() == null ? DEFAULT_POLICY : config.policyObject().uri();
        PolicyRefresh refresh = new PolicyRefresh(fixed.policy(), initial, source::current,
                value -> bound(config, s3, fixed.mapper(), Clock.systemUTC(), PolicyObjects.load(s3,
                        DEFAULT_POLICY.equals(value) ? null : PinnedS3Object.parse(value))),
                java.time.Duration.ofSeconds(seconds), Clock.systemUTC());
        return new IngestWiring(fixed.ingest(), fixed.messages(), fixed.mapper(), fixed.policy(), fixed.rebuild(),
                refresh);
    }

    /** The parameter's value for the bundled default policy. */
    public static final String DEFAULT_POLICY = "default";

    private static Policy withRate(IngestConfig config, Policy loaded) {
        return config.defaultSampleRate() == null ? loaded : loaded.withDefaultRate(config.defaultSampleRate());
    }

    /**
     * A loaded policy as ingest judges with it: the sampling rate override applied, and its similar rules bound to
     * the embedding model and the eval set's exemplars (the model loads on the first record that passes a gate).
     */
    private static Policy bound(IngestConfig config, S3Client s3, ObjectMapper mapper, Clock clock, Policy loaded) {
        return SimilarPolicies.bind(withRate(config, loaded), EMBEDDER, config.evalCases() == null
                        ? ExemplarSource.NONE
                        : new S3ExemplarSource(s3, config.evalCases().bucket(), config.evalCases().prefix(), mapper),
                config.exemplarRefresh(), clock);
    }

    /** Wiring from explicit config and clients (local runtime, tests). */
    public static IngestWiring create(IngestConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        S3Client s3 = S3Clients.of(clients);
        Policy policy = bound(config, s3, mapper, clock, PolicyObjects.load(s3, config.policyObject()));
        var dynamo = DynamoDbClients.of(clients);
        IngestSettings settings = IngestSettings.defaults().with(config.maxRecordBytes(), config.prioritySla(),
                config.routineSla()).withJudgeThreads(judgeThreads(config.judgeThreads(),
                Runtime.getRuntime().availableProcessors(), System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")));
        S3LogObjectSource objects = new S3LogObjectSource(s3);
        java.util.function.Function<Policy, IngestLogObject> build = p -> new IngestLogObject(objects,
                new DynamoDbReviewStore(dynamo, config.reviewTable(), Backoff.standard()),
                new DynamoDbObjectManifestStore(dynamo, config.reviewTable()),
                new MaskingQuarantineSink(new S3QuarantineSink(s3, config.quarantineBucket(),
                        config.quarantinePrefix(), mapper), p, config.redaction()),
                new RecordNormalizer(objects, config.sidecarBuckets(), config.maxRecordBytes()),
                p, settings, clock, mapper);
        return new IngestWiring(build.apply(policy), new S3EventMessages(mapper), mapper, policy, build, null);
    }

    /**
     * The judging threads to use: JUDGE_THREADS, but no more than the processors, nor than the vCPUs Lambda's
     * memory setting buys (one per 1,769 MB): a thread without a CPU to run on slows every record it shares one
     * with, and a record's wall-clock judging budget would quarantine records one thread judges in time.
     */
    static int judgeThreads(int configured, int processors, String lambdaMemoryMb) {
        int threads = Math.max(1, Math.min(configured, processors));
        if (lambdaMemoryMb != null && !lambdaMemoryMb.isBlank()) {
            try {
                threads = Math.min(threads, Math.max(1, Integer.parseInt(lambdaMemoryMb.trim()) / 1769));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return threads;
    }
}
