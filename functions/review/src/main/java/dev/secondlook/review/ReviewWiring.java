package dev.secondlook.review;

import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.sqs.SqsClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.dynamodb.DynamoDbIncidentStore;
import dev.secondlook.aws.s3.PolicyObjects;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3RerunResults;
import dev.secondlook.core.incident.IncidentWorkflow;
import dev.secondlook.core.policy.DoubleReview;
import dev.secondlook.core.policy.PolicyLoader;
import software.amazon.awssdk.services.s3.S3Client;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.dynamodb.DynamoDbReviewClaims;
import dev.secondlook.aws.sqs.SqsReviewInbox;
import dev.secondlook.core.review.ReviewWorkflow;

import java.time.Clock;

/** Composition root of ReviewFunction: the review and incident workflows, who may use them, and the JSON mapper. */
public record ReviewWiring(ReviewWorkflow workflow, IncidentWorkflow incidents, ReviewerAccess access,
                           ObjectMapper mapper, java.util.Map<String, String> ruleDescriptions) {

    /** Wiring whose console shows rule ids without their descriptions (tests). */
    public ReviewWiring(ReviewWorkflow workflow, IncidentWorkflow incidents, ReviewerAccess access,
                        ObjectMapper mapper) {
        this(workflow, incidents, access, mapper, java.util.Map.of());
    }

    public static ReviewWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static ReviewWiring fromEnv(java.util.Map<String, String> env) {
        ReviewConfig config = ReviewConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    public static ReviewWiring create(ReviewConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        S3Client s3 = S3Clients.of(clients);
        // one read of the rules file: the categories a verdict may name, and the rules' descriptions
        byte[] policy = PolicyObjects.read(s3, config.policyObject());
        IncidentWorkflow incidents = new IncidentWorkflow(
                new DynamoDbIncidentStore(DynamoDbClients.of(clients), config.incidents().table(),
                        config.incidents().retention()),
                new S3RerunResults(s3, config.incidents().evalBucket(),
                        config.incidents().evalRunsPrefix(), mapper), clock);
        return new ReviewWiring(new ReviewWorkflow(
                new SqsReviewInbox(SqsClients.of(clients), config.holdQueueUrl(), config.priorityQueueUrl(),
                        config.routineQueueUrl(), mapper),
                new DynamoDbReviewClaims(DynamoDbClients.of(clients), config.reviewTable(), mapper,
                        config.retention()), new LogTextAudit(), config.lease(), clock,
                PolicyLoader.categories(policy), config.amendWindow(), DoubleReview.read(policy)::selects), incidents,
                config.access(), mapper,
                PolicyLoader.ruleDescriptions(policy));
    }
}
