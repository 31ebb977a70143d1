package dev.secondlook.slawatch;

import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.sns.SnsClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbSlaStore;
import dev.secondlook.aws.sns.SnsEscalationPublisher;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.WatchSla;

import java.time.Clock;

/** Composition root of SlaWatchFunction. */
public record SlaWatchWiring(WatchSla watch, ObjectMapper mapper) {

    public static SlaWatchWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static SlaWatchWiring fromEnv(java.util.Map<String, String> env) {
        SlaWatchConfig config = SlaWatchConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    public static SlaWatchWiring create(SlaWatchConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        return new SlaWatchWiring(new WatchSla(new DynamoDbSlaStore(DynamoDbClients.of(clients), config.reviewTable()),
                new SnsEscalationPublisher(SnsClients.of(clients), config.escalationTopicArn(), mapper, Backoff.standard()),
                new OpenLinks(config.region(), config.reviewTable()), clock, config.limit()), mapper);
    }
}
