package dev.secondlook.core.route;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Timestamps;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Use case: route newly written review records. Each goes to its lane's queue as a pointer message; a held output
 * (the hold lane: an application waits) is escalated as {@code check-held}, any other page-severity record as
 * {@code policy-page}: one page per record either way.
 *
 * <p>At-least-once: a replayed batch sends the same messages again (recognisable by review id) and the same
 * escalations (same escalation id).
 */
public final class RouteReviewRecords {

    private final ReviewQueue queue;
    private final EscalationPublisher escalations;
    private final OpenLinks links;
    private final Clock clock;

    public RouteReviewRecords(ReviewQueue queue, EscalationPublisher escalations, OpenLinks links, Clock clock) {
        this.queue = queue;
        this.escalations = escalations;
        this.links = links;
        this.clock = clock;
    }

    /**
     * Routes the records.
     *
     * @return review ids that could not be fully routed (to be retried), in input order
     */
    public List<String> route(List<ReviewSummary> records) {
        List<QueueMessage> messages = new ArrayList<>();
        List<Escalation> pages = new ArrayList<>();
        String now = Timestamps.format(clock.instant());
        for (ReviewSummary r : records) {
            messages.add(QueueMessage.of(r));
            if (r.lane() == Lane.HOLD) {
                pages.add(Escalation.of(Escalation.CHECK_HELD, r, now, links.forReview(r.reviewId())));
            } else if (r.severity() == Severity.PAGE) {
                pages.add(Escalation.of(Escalation.POLICY_PAGE, r, now, links.forReview(r.reviewId())));
            }
        }
        Set<String> failed = new LinkedHashSet<>(queue.sendAll(messages));
        Set<String> failedEscalations = escalations.publishAll(pages);
        for (Escalation e : pages) {
            if (failedEscalations.contains(e.escalationId())) {
                failed.add(e.reviewId());
            }
        }
        List<String> ordered = new ArrayList<>();
        for (ReviewSummary r : records) {
            if (failed.contains(r.reviewId())) {
                ordered.add(r.reviewId());
            }
        }
        return ordered;
    }
}
