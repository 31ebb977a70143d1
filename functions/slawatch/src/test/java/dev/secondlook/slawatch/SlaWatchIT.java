package dev.secondlook.slawatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.dynamodb.ReviewFixtures;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalClients;
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

    /** Clients on the emulator, this test's resources, and a queue subscribed to the topic as the pager. */
    private record Stack(LocalClients clients, LocalResources res, String pager) {
    }

    private static Stack stack(Emulator emulator, String prefix) {
        LocalClients clients = LocalClients.of(emulator);
        String name = prefix + Long.toHexString(System.nanoTime());
        LocalResources res = LocalResources.provision(clients, emulator, name);
        return new Stack(clients, res, res.subscribePager(clients, name + "-pager"));
    }

    @Test
    void threeRunsOverAnOverdueRecord_publishExactlyOneBreach(Emulator emulator) throws IOException {
        Stack stack = stack(emulator, "sla-");
        LocalClients clients = stack.clients();
        LocalResources res = stack.res();
        String pager = stack.pager();
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
                new SlaWatchConfig(emulator.region(), res.reviewTable(), res.escalationTopicArn(), 500,
                        res.incidentTable()), clients.factory(),
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

    /**
     * Scheduled runs through a proxy that fails 20 % of the function's calls with every fault kind (answers lost
     * after the write and partly failed PublishBatch calls included): once the runs settle, every overdue record
     * has been paged under its one escalation id and marked, and nothing else was paged.
     */
    @Test
    void runsUnderInjectedFaults_pageEveryOverdueRecord_underOneIdEach(Emulator emulator) throws Exception {
        Stack stack = stack(emulator, "sla-faults-");
        LocalClients clients = stack.clients();
        LocalResources res = stack.res();
        String pager = stack.pager();
        Instant now = Instant.now();
        List<dev.secondlook.core.model.ReviewRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(ReviewFixtures.record((i < 30 ? "late-" : "fine-") + i, Severity.REVIEW,
                    i < 30 ? now.minus(Duration.ofHours(6)) : now, Duration.ofHours(4)));
        }
        new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(), Backoff.standard()).putAll(records);

        try (dev.secondlook.emulator.FaultProxy proxy = dev.secondlook.emulator.FaultProxy.start(emulator.endpoint(), 0.20,
                dev.secondlook.emulator.FaultProxy.ALL, 5)) {
            AwsClients faulty = AwsClients.forEndpoint(proxy.endpoint(), emulator.region(), emulator.accessKey(),
                    emulator.secretKey());
            ScheduledSlaWatchHandler handler = new ScheduledSlaWatchHandler(SlaWatchWiring.create(
                    new SlaWatchConfig(emulator.region(), res.reviewTable(), res.escalationTopicArn(), 500,
                        res.incidentTable()), faulty,
                    Clock.systemUTC()));
            int runs = 0;
            int failedRuns = 0;
            int overdueLeft = -1;
            while (overdueLeft != 0 && runs < 20) {
                runs++;
                try {
                    overdueLeft = handler.handleRequest(null, null).get("overdue");
                } catch (RuntimeException e) {
                    failedRuns++; // a failed scheduled run: the next one picks up what is left
                }
            }
            assertEquals(0, overdueLeft, "the runs settle");

            Map<String, Integer> paged = new java.util.TreeMap<>();
            while (true) {
                List<Message> got = clients.sqs().receiveMessage(b -> b.queueUrl(pager).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages();
                if (got.isEmpty()) {
                    break;
                }
                for (Message m : got) {
                    JsonNode e = MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText());
                    assertEquals(Escalation.escalationId(e.get("reviewId").asText(), Escalation.SLA_BREACH),
                            e.get("escalationId").asText());
                    paged.merge(e.get("reviewId").asText(), 1, Integer::sum);
                }
            }
            java.util.Set<String> late = new java.util.TreeSet<>();
            for (int i = 0; i < 30; i++) {
                late.add("late-" + i);
                String id = "late-" + i;
                assertEquals(Escalation.escalationId(id, Escalation.SLA_BREACH), clients.dynamoDb().getItem(b -> b
                        .tableName(res.reviewTable()).key(Map.of("id", AttributeValue.fromS(id)))).item()
                        .get("slaEscalationId").s(), "marked " + id);
            }
            assertEquals(late, paged.keySet(), "every overdue record paged, nothing else");
            int copies = paged.values().stream().mapToInt(n -> n - 1).sum();
            System.out.println("sla-faults: runs " + runs + " (" + failedRuns + " failed), faults " + proxy.injected()
                    + " over " + proxy.callsTotal() + " calls, paged " + paged.size() + " of 30, lost 0, duplicated 0,"
                    + " same-id copies " + copies);
        }
    }
}
