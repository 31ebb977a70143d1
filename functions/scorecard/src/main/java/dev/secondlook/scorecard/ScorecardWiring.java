package dev.secondlook.scorecard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.dynamodb.DynamoDbBreachMarks;
import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.dynamodb.DynamoDbScorecardSource;
import dev.secondlook.aws.s3.PinnedS3Object;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3ScorecardReports;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sns.SnsRateBreachPublisher;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.PolicyTargets;
import dev.secondlook.core.scorecard.BuildScorecard;
import dev.secondlook.core.scorecard.PublishScorecard;
import dev.secondlook.core.scorecard.ScorecardMetrics;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/** Composition root of ScorecardFunction: the scheduled scorecard with the policy's targets, read once at init. */
public record ScorecardWiring(PublishScorecard publish, Map<String, Double> targets) {

    public static ScorecardWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static ScorecardWiring fromEnv(Map<String, String> env) {
        ScorecardConfig config = ScorecardConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), new EmfScorecardMetrics(),
                Clock.systemUTC());
    }

    public static ScorecardWiring create(ScorecardConfig config, AwsClients clients, ScorecardMetrics metrics,
                                         Clock clock) {
        return create(config, clients, metrics, clock,
                PolicyTargets.read(policy(S3Clients.of(clients), config.policyObject())));
    }

    /** Wiring with the given targets in place of the policy's (tests). */
    public static ScorecardWiring create(ScorecardConfig config, AwsClients clients, ScorecardMetrics metrics,
                                         Clock clock, Map<String, Double> targets) {
        ObjectMapper mapper = new ObjectMapper();
        DynamoDbClient dynamo = DynamoDbClients.of(clients);
        S3Client s3 = S3Clients.of(clients);
        PublishScorecard publish = new PublishScorecard(
                new BuildScorecard(new DynamoDbScorecardSource(dynamo, config.reviewTable()), clock),
                new S3ScorecardReports(s3, config.evalBucket(), config.prefix()), metrics,
                new SnsRateBreachPublisher(SnsClients.of(clients), config.escalationTopicArn(), mapper),
                new DynamoDbBreachMarks(dynamo, config.reviewTable(), clock), targets, config.window(), clock,
                mapper);
        return new ScorecardWiring(publish, targets);
    }

    /** The rules file whose targets apply: the pinned override, or the bundled default. */
    private static byte[] policy(S3Client s3, PinnedS3Object pinned) {
        if (pinned != null) {
            try {
                return pinned.read(s3);
            } catch (IllegalStateException | StoreUnavailableException e) {
                throw new IllegalStateException("cannot load the policy (POLICY_S3_URI): " + e.getMessage(), e);
            }
        }
        try (InputStream in = PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default policy " + PolicyLoader.DEFAULT_RESOURCE
                        + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
