package dev.secondlook.slawatch;

import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sns.SnsIncidentPager;
import dev.secondlook.aws.dynamodb.DynamoDbIncidentStore;
import dev.secondlook.core.incident.RepageIncidents;
import software.amazon.awssdk.services.sns.SnsClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbCheckStore;
import dev.secondlook.aws.dynamodb.DynamoDbSlaStore;
import dev.secondlook.core.gate.ExpireHolds;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.secondlook.aws.sns.SnsEscalationPublisher;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.WatchSla;

import java.time.Clock;

/**
 * Composition root of SlaWatchFunction: the SLA watch, the expiry of holds nobody decided in time, and the repage of
 * incidents nobody acknowledged in time.
 */
public record SlaWatchWiring(WatchSla watch, ExpireHolds expiry, RepageIncidents repage, ObjectMapper mapper) {

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
        DynamoDbClient dynamo = DynamoDbClients.of(clients);
        SnsClient sns = SnsClients.of(clients);
        return new SlaWatchWiring(new WatchSla(new DynamoDbSlaStore(dynamo, config.reviewTable()),
                new SnsEscalationPublisher(sns, config.escalationTopicArn(), mapper, Backoff.standard()),
                new OpenLinks(config.region(), config.reviewTable()), clock, config.limit()),
                new ExpireHolds(new DynamoDbCheckStore(dynamo, config.reviewTable()), clock, config.limit()),
                new RepageIncidents(new DynamoDbIncidentStore(dynamo, config.incidentTable()),
                        new SnsIncidentPager(sns, config.escalationTopicArn(), mapper), clock), mapper);
    }
}
