package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.PublishCheckDecisions;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.RouteReviewRecords;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RouteFunction's handler fed the wire-format ReviewTable stream events in events/, wired with in-memory ports: no
 * emulator. The template's filter passes only review INSERTs; the handler must ignore anything else all the same.
 */
class DynamoDbStreamRouteHandlerTest {

    private static final String PAGE_ID = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
    private static final String SAMPLE_ID = "7b3e1c2a-1006-4e5f-9a1b-000000000006";
    private static final Instant NOW = Instant.parse("2026-08-19T05:15:06.004Z");

    private final InMemoryPorts ports = new InMemoryPorts();
    private final DynamoDbStreamRouteHandler handler = new DynamoDbStreamRouteHandler(new RouteWiring(
            new RouteReviewRecords(ports.queue, ports.topic,
                    new OpenLinks("us-east-1", "secondlook-ReviewTable-1EXAMPLE2ABCD"), Clock.fixed(NOW, ZoneOffset.UTC)),
            new PublishCheckDecisions(ports.decisions), new ObjectMapper()));

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-insert.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream.no-failures.json",
                    type = StreamsEventResponse.class))
    void insertedReviews_goToTheirLanesQueue_andThePageSeverityOneIsEscalated(DynamodbEvent event,
                                                                              StreamsEventResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));

        assertEquals(List.of(
                new QueueMessage(QueueMessage.SCHEMA, PAGE_ID, Lane.PRIORITY, Severity.PAGE, List.of("secret-leak"),
                        "2026-08-19T09:15:05.127Z", "2026-08-19T05:15:05.127Z"),
                new QueueMessage(QueueMessage.SCHEMA, SAMPLE_ID, Lane.ROUTINE, Severity.SAMPLE, List.of(),
                        "2026-08-22T05:15:05.127Z", "2026-08-19T05:15:05.127Z")), ports.queued);
        assertEquals(1, ports.published.size(), "only the page-severity review pages");
        Escalation page = ports.published.get(0);
        assertEquals(Escalation.escalationId(PAGE_ID, Escalation.POLICY_PAGE), page.escalationId());
        assertEquals(Escalation.POLICY_PAGE, page.kind());
        assertEquals(List.of("secret-leak"), page.categories());
        assertEquals("devops.helper", page.route());
        assertEquals("meta.llama3-8b-instruct-v1:0", page.modelId());
        assertEquals("sha256:f4a9eb72873f8070187c4ca6dd273ddf52bd31a522571a32b4a59f3fe8ac0c1c", page.policyVersion());
        assertEquals("2026-08-19T09:15:05.127Z", page.dueAt());
        assertEquals("2026-08-19T05:15:06.004Z", page.raisedAt());
        assertEquals(Escalation.SCHEMA, page.schema());
        assertTrue(page.consoleUrl().startsWith("https://us-east-1.console.aws.amazon.com/dynamodbv2/"),
                page.consoleUrl());
        assertTrue(page.consoleUrl().contains("&pk=" + PAGE_ID + "&"), page.consoleUrl());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-modify-off-policy.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream.no-failures.json",
                    type = StreamsEventResponse.class))
    void verdictOnAPageSeverityReview_isNotQueuedOrPagedAgain(DynamodbEvent event, StreamsEventResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.queued.isEmpty());
        assertTrue(ports.published.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-modify-reviewed.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream.no-failures.json",
                    type = StreamsEventResponse.class))
    void batchOfModifications_isIgnored(DynamodbEvent event, StreamsEventResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.queued.isEmpty());
        assertTrue(ports.published.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-insert.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream-insert.retry-from-second.json",
                    type = StreamsEventResponse.class))
    void queueFailureForTheSecondReview_checkpointsAtItsSequenceNumber(DynamodbEvent event,
                                                                      StreamsEventResponse expected) {
        ports.queueFailsFor.add(SAMPLE_ID);
        assertEquals(expected, handler.handleRequest(event, null));
        assertEquals(List.of(PAGE_ID), ports.queued.stream().map(QueueMessage::reviewId).toList());
        assertEquals(List.of(PAGE_ID), ports.published.stream().map(Escalation::reviewId).toList());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-insert.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream-insert.retry-from-first.json",
                    type = StreamsEventResponse.class))
    void escalationFailure_checkpointsAtThePageRecordsSequenceNumber(DynamodbEvent event,
                                                                    StreamsEventResponse expected) {
        ports.topicFailsFor.add(PAGE_ID);
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.published.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/aws-samples/ddb/dynamo_event.json", type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream.no-failures.json",
                    type = StreamsEventResponse.class))
    void awsSampleStreamEvent_isAnsweredAndIgnored(DynamodbEvent event, StreamsEventResponse expected) {
        assertEquals(List.of("INSERT", "MODIFY", "REMOVE"),
                event.getRecords().stream().map(DynamodbEvent.DynamodbStreamRecord::getEventName).toList());
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.queued.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/dynamodb-stream-modify-hold-resolved.json",
                    type = DynamodbEvent.class),
            response = @Response(value = "../../events/responses/dynamodb-stream.no-failures.json",
                    type = StreamsEventResponse.class))
    void aResolvedHold_isAnnouncedOnce_withItsIdAndStatusOnly(DynamodbEvent event, StreamsEventResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));
        assertEquals(List.of(CheckDecisionEvent.of(PAGE_ID, CheckStatus.EDITED)), ports.announced,
                "the later SLA mark on the same record announces nothing");
        assertTrue(ports.queued.isEmpty());
        assertTrue(ports.published.isEmpty());
    }

    @ParameterizedTest
    @Event(value = "../../events/dynamodb-stream-modify-hold-resolved.json", type = DynamodbEvent.class)
    void anAnnouncementThatFails_checkpointsAtItsRecord(DynamodbEvent event) {
        ports.decisionFailsFor.add(PAGE_ID);
        StreamsEventResponse r = handler.handleRequest(event, null);
        assertEquals(1, r.getBatchItemFailures().size());
        assertEquals(event.getRecords().get(0).getDynamodb().getSequenceNumber(),
                r.getBatchItemFailures().get(0).getItemIdentifier());
    }
}
