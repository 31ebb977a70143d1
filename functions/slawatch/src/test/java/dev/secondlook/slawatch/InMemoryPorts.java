package dev.secondlook.slawatch;

import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.EscalationPublisher;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.route.SlaStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory implementations of SlaWatchFunction's ports, for handler tests without an emulator. */
final class InMemoryPorts {

    /** Reviews still PENDING or IN_REVIEW, as the status index holds them. */
    final List<ReviewSummary> open = new ArrayList<>();
    /** Breach escalation id by review id: the {@code slaEscalationId} mark. */
    final Map<String, String> marks = new LinkedHashMap<>();
    final List<Escalation> published = new ArrayList<>();
    /** When set, every publish fails after the adapter's retries. */
    boolean topicDown;

    final SlaStore store = new SlaStore() {
        @Override
        public List<ReviewSummary> overdueNotEscalated(Instant now, int limit) {
            return open.stream().filter(r -> r.dueAt().isBefore(now) && !marks.containsKey(r.reviewId()))
                    .sorted(Comparator.comparing(ReviewSummary::dueAt)).limit(limit).toList();
        }

        @Override
        public boolean markBreachEscalated(String reviewId, String escalationId, Instant at) {
            return marks.putIfAbsent(reviewId, escalationId) == null;
        }
    };

    final EscalationPublisher topic = escalations -> {
        Set<String> failed = new LinkedHashSet<>();
        for (Escalation e : escalations) {
            if (topicDown) {
                failed.add(e.escalationId());
            } else {
                published.add(e);
            }
        }
        return failed;
    };
}
