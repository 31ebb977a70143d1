package dev.secondlook.core.scorecard;

import dev.secondlook.core.failure.StoreUnavailableException;

/** Port: remembers which breaches were paged, so that each category pages once per window. */
public interface BreachMarks {

    /**
     * Whether the breach with this escalation id was already paged.
     *
     * @throws StoreUnavailableException when the store cannot be read
     */
    boolean paged(String escalationId);

    /**
     * Records that it was paged (after the publish succeeded: a failed publish is tried again next run).
     *
     * @throws StoreUnavailableException when the store cannot be written
     */
    void markPaged(String escalationId, String category, String windowStart);
}
