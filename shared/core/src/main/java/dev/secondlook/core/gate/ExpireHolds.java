package dev.secondlook.core.gate;

import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Timestamps;

import java.time.Clock;
import java.time.Instant;

/**
 * Use case: holds nobody decided in time. Each hold past its time becomes expired with one conditional write
 * (a reviewer who decides first wins), and resolves as its route's {@code onTimeout} says; the table's stream
 * then announces it ({@link PublishCheckDecisions}). Run on a schedule; an application that polls learns of an
 * expiry without waiting for the run ({@link AwaitDecision}).
 */
public final class ExpireHolds {

    /** What one run did. */
    public record Result(int due, int expired) {
    }

    private final CheckStore store;
    private final Clock clock;
    private final int limit;

    public ExpireHolds(CheckStore store, Clock clock, int limit) {
        this.store = store;
        this.clock = clock;
        this.limit = limit;
    }

    /**
     * Expires the holds due now, at most the limit per run (the rest wait a run).
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer
     */
    public Result run() {
        Instant now = clock.instant();
        int expired = 0;
        var due = store.expirable(now, limit);
        String stamp = Timestamps.format(now);
        for (String id : due) {
            var after = store.expire(id, now);
            // expired by this run: the store keeps the time to the millisecond
            if (after.isPresent() && after.get().hold() != null && after.get().hold().status() == CheckStatus.EXPIRED
                    && after.get().hold().decidedAt() != null
                    && stamp.equals(Timestamps.format(after.get().hold().decidedAt()))) {
                expired++;
            }
        }
        return new Result(due.size(), expired);
    }
}
