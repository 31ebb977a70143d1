package dev.secondlook.route;

import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.CheckDecisionPublisher;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.EscalationPublisher;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.ReviewQueue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** In-memory implementations of RouteFunction's ports, for handler tests without an emulator. */
final class InMemoryPorts {

    final List<QueueMessage> queued = new ArrayList<>();
    final List<Escalation> published = new ArrayList<>();
    /** Review ids whose queue message fails after the adapter's retries. */
    final Set<String> queueFailsFor = new HashSet<>();
    /** Review ids whose escalation fails after the adapter's retries. */
    final Set<String> topicFailsFor = new HashSet<>();

    final ReviewQueue queue = messages -> {
        Set<String> failed = new LinkedHashSet<>();
        for (QueueMessage m : messages) {
            if (queueFailsFor.contains(m.reviewId())) {
                failed.add(m.reviewId());
            } else {
                queued.add(m);
            }
        }
        return failed;
    };

    final List<CheckDecisionEvent> announced = new ArrayList<>();
    /** Check ids whose decision event fails after the adapter's retries. */
    final Set<String> decisionFailsFor = new HashSet<>();

    final CheckDecisionPublisher decisions = events -> {
        Set<String> failed = new LinkedHashSet<>();
        for (CheckDecisionEvent e : events) {
            if (decisionFailsFor.contains(e.checkId())) {
                failed.add(e.checkId());
            } else {
                announced.add(e);
            }
        }
        return failed;
    };

    final EscalationPublisher topic = escalations -> {
        Set<String> failed = new LinkedHashSet<>();
        for (Escalation e : escalations) {
            if (topicFailsFor.contains(e.reviewId())) {
                failed.add(e.escalationId());
            } else {
                published.add(e);
            }
        }
        return failed;
    };
}
