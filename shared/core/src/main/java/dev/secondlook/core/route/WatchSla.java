package dev.secondlook.core.route;

import dev.secondlook.core.model.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Use case: escalate every review that is past its {@code dueAt} and still not reviewed, once.
 *
 * <p>Order: publish, then mark. A crash between the two re-publishes on the next run with the same escalation id
 * (a pager de-duplicates it); marking first could lose the page. Runs must not overlap (the template reserves a
 * concurrency of one for the function).
 */
public final class WatchSla {

    /** What one run did. */
    public record Result(int overdue, int escalated, int failed) {
    }

    private final SlaStore store;
    private final EscalationPublisher publisher;
    private final OpenLinks links;
    private final Clock clock;
    private final int limit;

    public WatchSla(SlaStore store, EscalationPublisher publisher, OpenLinks links, Clock clock, int limit) {
        this.store = store;
        this.publisher = publisher;
        this.links = links;
        this.clock = clock;
        this.limit = limit;
    }

    public Result run() {
        Instant now = clock.instant();
        List<ReviewSummary> overdue = store.overdueNotEscalated(now, limit);
        List<Escalation> escalations = new ArrayList<>();
        for (ReviewSummary r : overdue) {
            escalations.add(Escalation.of(Escalation.SLA_BREACH, r, Timestamps.format(now), links.forReview(r.reviewId())));
        }
        Set<String> failed = publisher.publishAll(escalations);
        int marked = 0;
        for (Escalation e : escalations) {
            if (!failed.contains(e.escalationId()) && store.markBreachEscalated(e.reviewId(), e.escalationId(), now)) {
                marked++;
            }
        }
        return new Result(overdue.size(), marked, failed.size());
    }
}
