package dev.secondlook.slawatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.DynamoDbReviewStore;
import dev.secondlook.aws.ReviewFixtures;
import dev.secondlook.aws.local.LocalResources;
import dev.secondlook.aws.local.ResourceProvisioner;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** SlaWatchFunction on moto: overdue records found through the status/dueAt GSI, escalated once. */
@ExtendWith(EmulatorExtension.class)
class SlaWatchIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void threeRunsOverAnOverdueRecord_publishExactlyOneBreach(Emulator emulator) throws IOException {
        AwsClients clients = AwsClients.forEndpoint(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey());
        ResourceProvisioner provisioner = new ResourceProvisioner(clients);
        String prefix = "sla-" + Long.toHexString(System.nanoTime());
        LocalResources res = provisioner.create(prefix, 30, 3);
        String pager = provisioner.subscribeQueue(res.escalationTopicArn(), prefix + "-pager");
        Instant now = Instant.now();
        DynamoDbReviewStore store = new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(),
                Backoff.standard());
        store.putAll(List.of(
                ReviewFixtures.record("overdue-1", Severity.REVIEW, now.minus(Duration.ofHours(6)), Duration.ofHours(4)),
                ReviewFixtures.record("on-time-1", Severity.REVIEW, now, Duration.ofHours(4)),
                ReviewFixtures.record("done-1", Severity.SAMPLE, now.minus(Duration.ofDays(5)), Duration.ofDays(3))));
        clients.dynamoDb().updateItem(b -> b.tableName(res.reviewTable())
                .key(Map.of("id", AttributeValue.fromS("done-1"))).updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("REVIEWED"))));

        ScheduledSlaWatchHandler handler = new ScheduledSlaWatchHandler(SlaWatchWiring.create(
                new SlaWatchConfig(emulator.region(), res.reviewTable(), res.escalationTopicArn(), 500), clients,
                Clock.systemUTC()));
        List<Map<String, Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(handler.handleRequest(null, null));
        }
        assertEquals(1, runs.get(0).get("escalated"));
        assertEquals(0, runs.get(1).get("overdue"));
        assertEquals(0, runs.get(2).get("escalated"));

        List<Message> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pages.addAll(clients.sqs().receiveMessage(b -> b.queueUrl(pager).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertEquals(1, pages.size());
        JsonNode envelope = MAPPER.readTree(pages.get(0).body());
        JsonNode escalation = MAPPER.readTree(envelope.get("Message").asText());
        assertEquals("sla-breach", escalation.get("kind").asText());
        assertEquals("overdue-1", escalation.get("reviewId").asText());
        assertEquals(Escalation.escalationId("overdue-1", Escalation.SLA_BREACH), escalation.get("escalationId").asText());
        assertEquals("sla-breach", envelope.get("MessageAttributes").get("kind").get("Value").asText());
        assertFalse(pages.get(0).body().contains(ReviewFixtures.OUTPUT_MARKER));
        Map<String, AttributeValue> item = clients.dynamoDb().getItem(b -> b.tableName(res.reviewTable())
                .key(Map.of("id", AttributeValue.fromS("overdue-1")))).item();
        assertEquals(escalation.get("escalationId").asText(), item.get("slaEscalationId").s());
    }
}
