package dev.secondlook.slawatch;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.gate.ExpireHolds;
import dev.secondlook.core.incident.DeliveredOutput;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.incident.OpenIncidents;
import dev.secondlook.core.incident.RepageIncidents;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.policy.HoldPolicy;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.route.WatchSla;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SlaWatchFunction's handler fed the wire-format scheduled event in events/, wired with in-memory ports: no
 * emulator. The clock stands at the event's time: the page-severity review of events/dynamodb-stream-insert.json
 * (due 09:15:05) is overdue, the sampled one (due in three days) is not.
 */
class ScheduledSlaWatchHandlerTest {

    private static final String PAGE_ID = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
    private static final String SAMPLE_ID = "7b3e1c2a-1006-4e5f-9a1b-000000000006";
    private static final Instant NOW = Instant.parse("2026-08-19T09:20:00Z");
    private static final Instant CREATED = Instant.parse("2026-08-19T05:15:05.127Z");
    private static final String POLICY = "sha256:f4a9eb72873f8070187c4ca6dd273ddf52bd31a522571a32b4a59f3fe8ac0c1c";

    private final InMemoryPorts ports = new InMemoryPorts();
    private final ScheduledSlaWatchHandler handler = new ScheduledSlaWatchHandler(new SlaWatchWiring(
            new WatchSla(ports.store, ports.topic, new OpenLinks("us-east-1", "secondlook-ReviewTable-1EXAMPLE2ABCD"),
                    Clock.fixed(NOW, ZoneOffset.UTC), 500),
            new ExpireHolds(ports.checkStore, Clock.fixed(NOW, ZoneOffset.UTC), 500),
            new RepageIncidents(ports.incidentStore, ports.incidentPager, Clock.fixed(NOW, ZoneOffset.UTC)),
            new ObjectMapper()));

    @BeforeEach
    void openReviews() {
        ports.open.add(new ReviewSummary(PAGE_ID, Lane.PRIORITY, Severity.PAGE, List.of("secret-leak"), "devops.helper",
                "meta.llama3-8b-instruct-v1:0", POLICY, CREATED, Instant.parse("2026-08-19T09:15:05.127Z")));
        ports.open.add(new ReviewSummary(SAMPLE_ID, Lane.ROUTINE, Severity.SAMPLE, List.of(), "support.faq",
                "amazon.nova-lite-v1:0", POLICY, CREATED, Instant.parse("2026-08-22T05:15:05.127Z")));
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/schedule-sla-watch.json", type = ScheduledEvent.class),
            response = @Response(value = "../../events/responses/schedule-sla-watch.one-escalated.json",
                    type = Map.class))
    void scheduledRun_escalatesTheOverdueReviewOnce_andMarksIt(ScheduledEvent event, Map<String, Integer> expected) {
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals(expected, handler.handleRequest(event, null));

        assertEquals(1, ports.published.size());
        Escalation breach = ports.published.get(0);
        assertEquals(Escalation.SLA_BREACH, breach.kind());
        assertEquals(PAGE_ID, breach.reviewId());
        assertEquals(Escalation.escalationId(PAGE_ID, Escalation.SLA_BREACH), breach.escalationId());
        assertEquals("2026-08-19T09:15:05.127Z", breach.dueAt());
        assertEquals("2026-08-19T09:20:00.000Z", breach.raisedAt());
        assertEquals(Map.of(PAGE_ID, breach.escalationId()), ports.marks);
    }

    @ParameterizedTest
    @Event(value = "../../events/schedule-sla-watch.json", type = ScheduledEvent.class)
    void nextScheduledRun_escalatesNothingTwice(ScheduledEvent event) {
        handler.handleRequest(event, null);
        assertEquals(counts(0, 0, 0, 0), handler.handleRequest(event, null));
        assertEquals(1, ports.published.size());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/schedule-sla-watch.json", type = ScheduledEvent.class),
            response = @Response(value = "../../events/responses/schedule-sla-watch.publish-failed.json",
                    type = Map.class))
    void failedPublish_leavesTheReviewUnmarked_soTheNextRunPagesIt(ScheduledEvent event,
                                                                   Map<String, Integer> expected) {
        ports.topicDown = true;
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.marks.isEmpty());

        ports.topicDown = false;
        assertEquals(counts(1, 1, 0, 0), handler.handleRequest(event, null));
        assertEquals(List.of(PAGE_ID), ports.published.stream().map(Escalation::reviewId).toList());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/aws-samples/cloudwatch_event.json", type = ScheduledEvent.class),
            response = @Response(value = "../../events/responses/schedule-sla-watch.one-escalated.json",
                    type = Map.class))
    void awsSampleScheduledEvent_isAnswered(ScheduledEvent event, Map<String, Integer> expected) {
        assertEquals("aws.events", event.getSource());
        assertEquals(List.of("arn:aws:events:eu-central-1:123456789012:rule/demoschedule"), event.getResources());
        assertEquals(expected, handler.handleRequest(event, null));
    }

    @ParameterizedTest
    @Event(value = "../../events/schedule-sla-watch.json", type = ScheduledEvent.class)
    void aHoldPastItsTime_isExpiredByTheRun_once_andOneStillWithinItsTimeIsNot(ScheduledEvent event) {
        ports.checks.put("due", new StoredCheck("due", List.of("secret-leak"), List.of("key"), POLICY, "text", "h",
                "app", new Hold(CheckStatus.HELD, NOW.minusSeconds(30), HoldPolicy.OnTimeout.BLOCK, "Later.", null,
                null)));
        ports.checks.put("later", new StoredCheck("later", List.of(), List.of(), POLICY, "text", "h", "app",
                new Hold(CheckStatus.HELD, NOW.plusSeconds(30), HoldPolicy.OnTimeout.BLOCK, "Later.", null, null)));
        Map<String, Integer> counts = handler.handleRequest(event, null);
        assertEquals(1, counts.get("holdsDue"));
        assertEquals(1, counts.get("holdsExpired"));
        assertEquals(CheckStatus.EXPIRED, ports.checks.get("due").hold().status());
        assertEquals(CheckStatus.HELD, ports.checks.get("later").hold().status());
        assertEquals(0, handler.handleRequest(event, null).get("holdsExpired"), "once");
    }

    @ParameterizedTest
    @Event(value = "../../events/schedule-sla-watch.json", type = ScheduledEvent.class)
    void anIncidentNobodyAcknowledged_pagesAgainOnce(ScheduledEvent event) {
        new OpenIncidents(ports.incidentStore, ports.incidentPager, IncidentPolicy.defaults(),
                Clock.fixed(NOW.minusSeconds(3_600), ZoneOffset.UTC)).open(new DeliveredOutput("r-1",
                List.of("secret-leak"), "alice", "devops.helper", "m", POLICY, "priority", "s3://b/k#L1", null,
                "2026-08-19T08:00:00Z", "2026-08-19T08:10:00Z", "2026-08-19T08:19:00Z"));
        Map<String, Integer> first = handler.handleRequest(event, null);
        assertEquals(1, first.get("incidentsUnacknowledged"));
        assertEquals(1, first.get("incidentsRepaged"));
        assertEquals(0, handler.handleRequest(event, null).get("incidentsRepaged"));
        assertEquals(List.of(IncidentPage.OPENED, IncidentPage.UNACKNOWLEDGED),
                ports.incidentPages.stream().map(IncidentPage::kind).toList());
    }

    /** The handler's counts with no incident to repage. */
    private static Map<String, Integer> counts(int overdue, int escalated, int failed, int holdsExpired) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("overdue", overdue);
        m.put("escalated", escalated);
        m.put("failed", failed);
        m.put("holdsDue", holdsExpired);
        m.put("holdsExpired", holdsExpired);
        m.put("incidentsUnacknowledged", 0);
        m.put("incidentsRepaged", 0);
        m.put("incidentRepagesFailed", 0);
        return m;
    }
}
