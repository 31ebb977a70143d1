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
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.aws.s3.S3ExemplarSource;
import dev.secondlook.similar.MiniLmEmbedder;
import dev.secondlook.similar.SimilarPolicies;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;

/**
 * Composition root of IngestFunction: builds the clients, loads the policy and wires the use case, once per
 * execution environment.
 */
public record IngestWiring(IngestLogObject ingest, S3EventMessages messages, ObjectMapper mapper, Policy policy) {

    /** One model per execution environment, whatever the number of wirings (tests build several). */
    private static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

    /** Wiring for Lambda: everything from the environment. */
    public static IngestWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static IngestWiring fromEnv(java.util.Map<String, String> env) {
        IngestConfig config = IngestConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    /** Wiring from explicit config and clients (local runtime, tests). */
    public static IngestWiring create(IngestConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        S3Client s3 = S3Clients.of(clients);
        Policy loaded = PolicyObjects.load(s3, config.policyObject());
        Policy sampled = config.defaultSampleRate() == null ? loaded : loaded.withDefaultRate(config.defaultSampleRate());
        // similar rules: the model loads on the first record that passes a gate, not here
        Policy policy = SimilarPolicies.bind(sampled, EMBEDDER, config.evalCases() == null ? ExemplarSource.NONE
                        : new S3ExemplarSource(s3, config.evalCases().bucket(), config.evalCases().prefix(), mapper),
                config.exemplarRefresh(), clock);
        var dynamo = DynamoDbClients.of(clients);
        IngestSettings settings = IngestSettings.defaults().with(config.maxRecordBytes(), config.prioritySla(),
                config.routineSla());
        S3LogObjectSource objects = new S3LogObjectSource(s3);
        IngestLogObject ingest = new IngestLogObject(objects,
                new DynamoDbReviewStore(dynamo, config.reviewTable(), Backoff.standard()),
                new DynamoDbObjectManifestStore(dynamo, config.reviewTable()),
                new MaskingQuarantineSink(new S3QuarantineSink(s3, config.quarantineBucket(),
                        config.quarantinePrefix(), mapper), policy, config.redaction()),
                new RecordNormalizer(objects, config.sidecarBuckets(), config.maxRecordBytes()),
                policy, settings, clock, mapper);
        return new IngestWiring(ingest, new S3EventMessages(mapper), mapper, policy);
    }
}
