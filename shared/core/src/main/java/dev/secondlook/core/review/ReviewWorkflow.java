package dev.secondlook.core.review;

import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Lane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use case: the reviewer's workflow. Claim the next record (priority lane first, then routine): the message's
 * visibility is the lease and a conditional write in DynamoDB makes the claim; a duplicate message or an
 * already-reviewed record is deleted and the next one taken. Verdicts and releases are accepted only from the
 * holder of the claim; the reviewer is always the authenticated caller.
 */
public final class ReviewWorkflow {

    private static final List<Lane> LANES = List.of(Lane.PRIORITY, Lane.ROUTINE);
    private static final int MAX_SKIPS = 25;

    private final ReviewInbox inbox;
    private final ReviewClaims claims;
    private final Duration lease;
    private final Clock clock;

    public ReviewWorkflow(ReviewInbox inbox, ReviewClaims claims, Duration lease, Clock clock) {
        this.inbox = inbox;
        this.claims = claims;
        this.lease = lease;
        this.clock = clock;
    }

    /** Claims the next record for {@code reviewer}; empty when both queues are empty. */
    public Optional<ReviewView> claimNext(String reviewer) {
        int skipped = 0;
        for (Lane lane : LANES) {
            while (skipped < MAX_SKIPS) {
                Optional<ReviewInbox.Delivery> d = inbox.receive(lane, lease);
                if (d.isEmpty()) {
                    break;
                }
                Instant now = clock.instant();
                ReviewInbox.Delivery delivery = d.get();
                ReviewClaims.ClaimOutcome outcome = claims.claim(delivery.reviewId(), reviewer, now, now.plus(lease),
                        lane, delivery.receipt());
                if (outcome == ReviewClaims.ClaimOutcome.CLAIMED) {
                    return claims.view(delivery.reviewId());
                }
                // a duplicate message, a record someone holds, or one already reviewed: drop it, take the next
                inbox.delete(lane, delivery.receipt());
                skipped++;
            }
        }
        return Optional.empty();
    }

    /** The record, or {@link ReviewNotFoundException}. */
    public ReviewView show(String reviewId) {
        return claims.view(reviewId).orElseThrow(() -> new ReviewNotFoundException(reviewId));
    }

    /** Records the verdict and deletes the queue message; returns how long the claim was held. */
    public Duration verdict(String reviewId, String reviewer, Verdict verdict) {
        Instant now = clock.instant();
        ReviewClaims.Held held = claims.verdict(reviewId, reviewer, verdict, now);
        inbox.delete(held.lane(), held.receipt());
        return held.claimedAt() == null ? Duration.ZERO : Duration.between(held.claimedAt(), now);
    }

    /** Gives the claim back and returns the message to its queue now. */
    public void release(String reviewId, String reviewer) {
        ReviewClaims.Held held = claims.release(reviewId, reviewer, clock.instant());
        inbox.returnNow(held.lane(), held.receipt());
    }

    /**
     * Records by status (PENDING when null), filtered by lane and category when given.
     *
     * @throws InvalidRequestException when the limit is outside 1..100 or the page token is not valid
     */
    public ReviewClaims.Page list(ReviewStatus status, Lane lane, String category, String pageToken, int limit) {
        if (limit < 1 || limit > 100) {
            throw new InvalidRequestException("limit must be between 1 and 100");
        }
        return claims.list(status == null ? ReviewStatus.PENDING : status, lane, category, pageToken, limit);
    }
}
