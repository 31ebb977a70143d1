package dev.secondlook.core.route;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteAndSlaTest {

    private static final Instant NOW = Instant.parse("2026-08-19T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OpenLinks LINKS = new OpenLinks("us-east-1", "t");

    private final List<QueueMessage> sent = new ArrayList<>();
    private final List<Escalation> published = new ArrayList<>();
    private final Set<String> failQueue = new HashSet<>();
    private final Set<String> failTopic = new HashSet<>();

    private final ReviewQueue queue = messages -> {
        Set<String> failed = new HashSet<>();
        for (QueueMessage m : messages) {
            if (failQueue.contains(m.reviewId())) {
                failed.add(m.reviewId());
            } else {
                sent.add(m);
            }
        }
        return failed;
    };

    private final EscalationPublisher topic = escalations -> {
        Set<String> failed = new HashSet<>();
        for (Escalation e : escalations) {
            if (failTopic.contains(e.reviewId())) {
                failed.add(e.escalationId());
            } else {
                published.add(e);
            }
        }
        return failed;
    };

    private static ReviewSummary summary(String id, String lane, String severity, Instant due) {
        return new ReviewSummary(id, Lane.fromWire(lane), Severity.fromWire(severity), List.of("c"), "r", "m", "p", NOW.minusSeconds(60), due);
    }

    @Test
    void route_sendsAPointerPerRecord_andPagesOnlyPageSeverity() {
        RouteReviewRecords route = new RouteReviewRecords(queue, topic, LINKS, CLOCK);
        List<String> failed = route.route(List.of(summary("a", "priority", "page", NOW),
                summary("b", "routine", "sample", NOW), summary("c", "priority", "review", NOW)));
        assertEquals(List.of(), failed);
        assertEquals(List.of("a", "b", "c"), sent.stream().map(QueueMessage::reviewId).toList());
        assertEquals(List.of(Lane.PRIORITY, Lane.ROUTINE, Lane.PRIORITY),
                sent.stream().map(QueueMessage::lane).toList());
        assertEquals(List.of("a"), published.stream().map(Escalation::reviewId).toList());
        assertEquals(LINKS.forReview("a"), published.get(0).consoleUrl());
    }

    @Test
    void route_aHeldOutput_goesToTheHoldQueue_andPagesOnceAsCheckHeld_whateverItsSeverity() {
        RouteReviewRecords route = new RouteReviewRecords(queue, topic, LINKS, CLOCK);
        assertEquals(List.of(), route.route(List.of(summary("h1", "hold", "review", NOW),
                summary("h2", "hold", "page", NOW))));
        assertEquals(List.of(Lane.HOLD, Lane.HOLD), sent.stream().map(QueueMessage::lane).toList());
        assertEquals(List.of(Escalation.CHECK_HELD, Escalation.CHECK_HELD),
                published.stream().map(Escalation::kind).toList(), "one page each, not a policy-page as well");
        assertEquals(Escalation.escalationId("h1", Escalation.CHECK_HELD), published.get(0).escalationId());
    }

    @Test
    void route_reportsFailuresInInputOrder() {
        failQueue.add("b");
        failTopic.add("a");
        RouteReviewRecords route = new RouteReviewRecords(queue, topic, LINKS, CLOCK);
        assertEquals(List.of("a", "b"), route.route(List.of(summary("a", "priority", "page", NOW),
                summary("b", "routine", "sample", NOW), summary("c", "routine", "sample", NOW))));
    }

    @Test
    void watchSla_publishesThenMarks_andAFailedPublishIsRetriedNextRun() {
        Map<String, String> marks = new HashMap<>();
        List<ReviewSummary> open = new ArrayList<>(List.of(summary("x", "priority", "review", NOW.minusSeconds(1))));
        SlaStore store = new SlaStore() {
            @Override
            public List<ReviewSummary> overdueNotEscalated(Instant now, int limit) {
                return open.stream().filter(r -> !marks.containsKey(r.reviewId()) && r.dueAt().isBefore(now)).toList();
            }

            @Override
            public boolean markBreachEscalated(String reviewId, String escalationId, Instant at) {
                return marks.putIfAbsent(reviewId, escalationId) == null;
            }
        };
        WatchSla watch = new WatchSla(store, topic, LINKS, CLOCK, 100);
        failTopic.add("x");
        assertEquals(new WatchSla.Result(1, 0, 1), watch.run());
        assertTrue(marks.isEmpty(), "not marked when the page did not go out");
        failTopic.clear();
        assertEquals(new WatchSla.Result(1, 1, 0), watch.run());
        assertEquals(new WatchSla.Result(0, 0, 0), watch.run());
        assertEquals(1, published.size());
        assertEquals(Escalation.SLA_BREACH, published.get(0).kind());
    }
}
