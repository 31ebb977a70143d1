package dev.secondlook.route;

import dev.secondlook.aws.sns.SnsCheckDecisionPublisher;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sqs.SqsClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.sns.SnsEscalationPublisher;
import dev.secondlook.aws.sqs.SqsReviewQueue;
import dev.secondlook.core.gate.PublishCheckDecisions;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.RouteReviewRecords;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;

/** Composition root of RouteFunction: routing new records, and announcing resolved holds. */
public record RouteWiring(RouteReviewRecords route, PublishCheckDecisions decisions, ObjectMapper mapper) {

    public static RouteWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static RouteWiring fromEnv(java.util.Map<String, String> env) {
        RouteConfig config = RouteConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    public static RouteWiring create(RouteConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        SnsClient sns = SnsClients.of(clients);
        return new RouteWiring(new RouteReviewRecords(
                new SqsReviewQueue(SqsClients.of(clients), config.holdQueueUrl(), config.priorityQueueUrl(),
                        config.routineQueueUrl(), mapper, Backoff.standard()),
                new SnsEscalationPublisher(sns, config.escalationTopicArn(), mapper, Backoff.standard()),
                new OpenLinks(config.region(), config.reviewTable()), clock),
                new PublishCheckDecisions(new SnsCheckDecisionPublisher(sns, config.checkDecisionTopicArn(), mapper,
                        Backoff.standard())), mapper);
    }
}
