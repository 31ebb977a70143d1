package dev.secondlook.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.dynamodb.DynamoDbIncidentStore;
import dev.secondlook.aws.s3.PolicyObjects;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sns.SnsIncidentPager;
import dev.secondlook.core.feedback.RecordVerdictFeedback;
import dev.secondlook.core.incident.OpenIncidents;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;

/** Composition root of FeedbackFunction. */
public record FeedbackWiring(RecordVerdictFeedback feedback, OpenIncidents incidents, ObjectMapper mapper) {

    public static FeedbackWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static FeedbackWiring fromEnv(java.util.Map<String, String> env) {
        FeedbackConfig config = FeedbackConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    public static FeedbackWiring create(FeedbackConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        S3Client s3 = S3Clients.of(clients);
        OpenIncidents incidents = new OpenIncidents(
                new DynamoDbIncidentStore(DynamoDbClients.of(clients), config.incidentTable()),
                new SnsIncidentPager(SnsClients.of(clients), config.escalationTopicArn(), mapper),
                PolicyObjects.load(s3, config.policyObject()).incidents(), clock);
        return new FeedbackWiring(new RecordVerdictFeedback(new S3EvalCaseStore(s3, config.evalBucket(),
                config.evalPrefix(), mapper), config.redaction()), incidents, mapper);
    }
}
