package dev.secondlook.core.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Use case: announce resolved holds (approved, edited, blocked, expired) on the decision topic, from the
 * ReviewTable's stream, so an application may be told rather than poll. At-least-once: a replayed stream batch
 * announces the same decisions again (the check id and status say it is the same one).
 */
public final class PublishCheckDecisions {

    private final CheckDecisionPublisher publisher;

    public PublishCheckDecisions(CheckDecisionPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes one event per resolved hold.
     *
     * @return check ids whose event could not be published (to be retried), in input order
     */
    public List<String> publish(List<CheckDecisionEvent> decisions) {
        if (decisions.isEmpty()) {
            return List.of();
        }
        Set<String> failed = publisher.publishAll(decisions);
        List<String> ordered = new ArrayList<>();
        for (CheckDecisionEvent e : decisions) {
            if (failed.contains(e.checkId())) {
                ordered.add(e.checkId());
            }
        }
        return ordered;
    }
}
