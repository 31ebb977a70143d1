package dev.secondlook.core.route;

import java.time.Instant;
import java.util.List;

/** Port: the reviews whose SLA has passed, and the mark that they were escalated. */
public interface SlaStore {

    /**
     * Reviews still PENDING or IN_REVIEW with {@code dueAt} before {@code now} and no breach escalation yet,
     * oldest first, at most {@code limit}.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    List<ReviewSummary> overdueNotEscalated(Instant now, int limit);

    /**
     * Records that the breach of {@code reviewId} was escalated, unless it already was.
     *
     * @return true when this call set the mark
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    boolean markBreachEscalated(String reviewId, String escalationId, Instant at);
}
