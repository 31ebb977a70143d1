package dev.secondlook.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.dynamodb.DynamoDbCheckStore;
import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.gate.AwaitDecision;
import dev.secondlook.core.gate.CheckOutput;
import dev.secondlook.core.gate.CheckStore;
import dev.secondlook.core.gate.GateSettings;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;

import java.time.Clock;

/**
 * Composition root of GateFunction: the policy (compiled once at init, so that SnapStart snapshots it), the check,
 * the long poll and who may use them.
 */
public record GateWiring(CheckOutput check, AwaitDecision await, GateAccess access, ObjectMapper mapper,
                         Policy policy) {

    public static GateWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static GateWiring fromEnv(java.util.Map<String, String> env) {
        GateConfig config = GateConfig.fromEnv(env);
        AwsClients clients = AwsClients.fromEnvironment(config.region(), env);
        Policy policy = policy(config, clients);
        return create(config, policy, new DynamoDbCheckStore(DynamoDbClients.of(clients), config.reviewTable()),
                Clock.systemUTC());
    }

    /** Wiring from an explicit policy and store (tests, benchmarks). */
    public static GateWiring create(GateConfig config, Policy policy, CheckStore store, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        GateSettings settings = GateSettings.defaults().withSlas(config.holdSla(), config.prioritySla(),
                config.routineSla());
        RecordJudge judge = new RecordJudge(RecordNormalizer.offline(), policy, JudgeBudget.defaults(), mapper);
        return new GateWiring(new CheckOutput(judge, store, settings, clock),
                new AwaitDecision(store, settings, clock, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000)),
                new GateAccess(config.applicationPrincipals()), mapper, policy);
    }

    /**
     * The policy IngestFunction judges with: the bundled default or the pinned rules file, with the deployment's
     * default sampling rate. The S3 client is built only when a rules file is named.
     */
    static Policy policy(GateConfig config, AwsClients clients) {
        Policy loaded;
        if (config.policyObject() == null) {
            loaded = PolicyLoader.loadDefault();
        } else {
            loaded = PolicyLoader.load(read(config.policyObject(), clients));
        }
        return config.defaultSampleRate() == null ? loaded : loaded.withDefaultRate(config.defaultSampleRate());
    }

    private static byte[] read(PinnedS3Object pinned, AwsClients clients) {
        try (var s3 = S3Clients.of(clients)) {
            return pinned.read(s3);
        } catch (IllegalStateException | StoreUnavailableException e) {
            throw new IllegalStateException("cannot load the policy (POLICY_S3_URI): " + e.getMessage(), e);
        }
    }
}
