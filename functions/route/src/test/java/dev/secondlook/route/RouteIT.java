package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.dynamodb.ReviewFixtures;
import dev.secondlook.local.DynamoDbStreamEventSource;
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
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RouteFunction on moto: records written to the table, the table's stream read as Lambda would, messages read
 * back from the review queues and from an SQS queue subscribed to the escalation topic (as a pager is).
 */
@ExtendWith(EmulatorExtension.class)
class RouteIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Stack(LocalClients clients, LocalResources res, String pagerQueue, DynamoDbStreamRouteHandler handler,
                         DynamoDbStreamEventSource stream, List<DynamodbEvent> delivered) {
    }

    private static Stack stack(Emulator emulator, String name) {
        LocalClients clients = LocalClients.of(emulator);
        String prefix = name + "-" + Long.toHexString(System.nanoTime());
        LocalResources res = LocalResources.provision(clients, emulator, prefix);
        String pager = res.subscribePager(clients, prefix + "-pager");
        DynamoDbStreamRouteHandler handler = new DynamoDbStreamRouteHandler(RouteWiring.create(new RouteConfig(
                emulator.region(), res.reviewTable(), res.holdQueueUrl(), res.priorityQueueUrl(),
                res.routineQueueUrl(), res.escalationTopicArn(), res.checkDecisionTopicArn()), clients.factory(),
                Clock.systemUTC()));
        List<DynamodbEvent> delivered = new ArrayList<>();
        DynamoDbStreamEventSource stream = new DynamoDbStreamEventSource(clients.dynamoDbStreams(),
                res.streamArn(clients), emulator.region(), 100, true, 3, e -> {
                    delivered.add(e);
                    return handler.handleRequest(e, null);
                }, failed -> { });
        return new Stack(clients, res, pager, handler, stream, delivered);
    }

    private static List<Message> drain(Stack s, String queueUrl) {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Message> got = s.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            all.addAll(got);
        }
        return all;
    }

    private static void write(Stack s, String id, Severity severity) {
        new DynamoDbReviewStore(s.clients().dynamoDb(), s.res().reviewTable(), Backoff.standard())
                .putAll(List.of(ReviewFixtures.record(id, severity, Instant.now(), Duration.ofHours(4))));
    }

    @Test
    void pageRecord_yieldsOnePriorityMessage_andOneEscalationWithAttributes_andNoCustomerText(Emulator emulator)
            throws IOException {
        Stack s = stack(emulator, "route-page");
        write(s, "rev-page-1", Severity.PAGE);
        String logs = dev.secondlook.emulator.LogCapture.capture(() -> s.stream().pollOnce());
        assertTrue(logs.contains("routed"), logs);
        assertFalse(logs.contains(ReviewFixtures.PROMPT_MARKER) || logs.contains(ReviewFixtures.OUTPUT_MARKER),
                "the handler's logs carry no prompt or output text");

        List<Message> priority = drain(s, s.res().priorityQueueUrl());
        assertEquals(1, priority.size());
        JsonNode msg = MAPPER.readTree(priority.get(0).body());
        assertEquals("rev-page-1", msg.get("reviewId").asText());
        assertEquals("page", msg.get("severity").asText());
        assertEquals("priority", priority.get(0).messageAttributes().get("lane").stringValue());
        assertEquals(0, drain(s, s.res().routineQueueUrl()).size());

        List<Message> pages = drain(s, s.pagerQueue());
        assertEquals(1, pages.size());
        JsonNode envelope = MAPPER.readTree(pages.get(0).body());
        JsonNode escalation = MAPPER.readTree(envelope.get("Message").asText());
        assertEquals("rev-page-1", escalation.get("reviewId").asText());
        assertEquals(Escalation.escalationId("rev-page-1", Escalation.POLICY_PAGE),
                escalation.get("escalationId").asText());
        assertEquals("page", envelope.get("MessageAttributes").get("severity").get("Value").asText());
        assertEquals("String.Array", envelope.get("MessageAttributes").get("category").get("Type").asText());
        assertEquals("[\"secret-leak\"]", envelope.get("MessageAttributes").get("category").get("Value").asText());
        String everything = priority.get(0).body() + pages.get(0).body();
        assertFalse(everything.contains(ReviewFixtures.PROMPT_MARKER), "no prompt text leaves the table");
        assertFalse(everything.contains(ReviewFixtures.OUTPUT_MARKER), "no output text leaves the table");
    }

    @Test
    void routineRecord_goesToTheRoutineQueueOnly_andUpdatesOrManifestsAreRoutedNowhere(Emulator emulator)
            throws IOException {
        Stack s = stack(emulator, "route-routine");
        write(s, "rev-sample-1", Severity.SAMPLE);
        s.clients().dynamoDb().putItem(b -> b.tableName(s.res().reviewTable()).item(Map.of(
                "id", AttributeValue.fromS("obj#s3://logs/x#etag"), "kind", AttributeValue.fromS("manifest"))));
        s.stream().pollOnce();
        s.clients().dynamoDb().updateItem(b -> b.tableName(s.res().reviewTable())
                .key(Map.of("id", AttributeValue.fromS("rev-sample-1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("IN_REVIEW"))));
        s.stream().pollOnce();

        List<Message> routine = drain(s, s.res().routineQueueUrl());
        assertEquals(1, routine.size());
        assertEquals("rev-sample-1", MAPPER.readTree(routine.get(0).body()).get("reviewId").asText());
        assertEquals(0, drain(s, s.res().priorityQueueUrl()).size());
        assertEquals(0, drain(s, s.pagerQueue()).size());
        assertTrue(s.delivered().size() >= 2, "the stream delivered the insert, the manifest and the update");
    }

    @Test
    void replayedStreamBatch_publishesTheSameEscalationIds(Emulator emulator) throws IOException {
        Stack s = stack(emulator, "route-replay");
        write(s, "rev-page-a", Severity.PAGE);
        write(s, "rev-page-b", Severity.PAGE);
        s.stream().pollOnce();
        DynamodbEvent batch = s.delivered().get(0);
        StreamsEventResponse again = s.handler().handleRequest(batch, null);
        assertTrue(again.getBatchItemFailures().isEmpty());

        List<String> ids = new ArrayList<>();
        for (Message m : drain(s, s.pagerQueue())) {
            ids.add(MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText()).get("escalationId").asText());
        }
        assertEquals(4, ids.size(), "two records, each escalated twice");
        assertEquals(2, ids.stream().distinct().count(), "duplicates carry the same escalation id");
        assertTrue(ids.contains(Escalation.escalationId("rev-page-a", Escalation.POLICY_PAGE)));
    }
}
