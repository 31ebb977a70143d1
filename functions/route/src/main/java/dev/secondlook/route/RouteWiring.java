package dev.secondlook.route;

import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sqs.SqsClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.sns.SnsEscalationPublisher;
import dev.secondlook.aws.sqs.SqsReviewQueue;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.RouteReviewRecords;

import java.time.Clock;

/** Composition root of RouteFunction. */
public record RouteWiring(RouteReviewRecords route, ObjectMapper mapper) {

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
        return new RouteWiring(new RouteReviewRecords(
                new SqsReviewQueue(SqsClients.of(clients), config.priorityQueueUrl(), config.routineQueueUrl(), mapper,
                        Backoff.standard()),
                new SnsEscalationPublisher(SnsClients.of(clients), config.escalationTopicArn(), mapper, Backoff.standard()),
                new OpenLinks(config.region(), config.reviewTable()), clock), mapper);
    }
}
