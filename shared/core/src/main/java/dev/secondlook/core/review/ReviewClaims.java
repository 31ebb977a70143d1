package dev.secondlook.core.review;

import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.model.Lane;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: claims, verdicts and views of review records (conditional writes on the ReviewTable). */
public interface ReviewClaims {

    /**
     * Result of a claim attempt. FIRST_REVIEWER: the caller gave the first independent review of a double-reviewed
     * record, which waits for someone else.
     */
    enum ClaimOutcome { CLAIMED, HELD, REVIEWED, MISSING, FIRST_REVIEWER }

    /**
     * Where the claimed record's queue message is (to delete or return it), when it was claimed, and the record's
     * labels (to put a fresh pointer on its queue); any part may be null when the record was never claimed.
     */
    record Held(Lane lane, String receipt, Instant claimedAt, ReviewSummary summary) {
    }

    /** A page of a listing; {@code next} is an opaque token, or null on the last page. */
    record Page(List<ReviewListItem> items, String next) {
    }

    /**
     * Claims the record for {@code reviewer} until {@code leaseUntil}: succeeds when it is PENDING, or IN_REVIEW
     * with a lapsed lease, and the caller did not give it its first independent review (conditional write).
     */
    ClaimOutcome claim(String reviewId, String reviewer, Instant now, Instant leaseUntil, Lane lane,
                       String receipt);

    /**
     * Records the verdict when {@code reviewer} holds a live claim. A verdict with a decision also resolves the
     * record's hold (approved, edited or blocked), in the same conditional write, only while it is still held.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim, or the hold was resolved already
     * @throws InvalidRequestException when the verdict has a decision but the record never held an output
     */
    Held verdict(String reviewId, String reviewer, Verdict verdict, Instant now);

    /**
     * A lead's verdict, whoever holds the record and whatever its status (adjudication): the record becomes
     * REVIEWED with this verdict, and who adjudicated is kept. Returns where its claim was, if any, so that the
     * claimed message can be deleted. A decision resolves the record's hold as with {@link #verdict}.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the verdict has a decision and the hold was resolved already
     * @throws InvalidRequestException when the verdict has a decision but the record never held an output
     */
    Held adjudicate(String reviewId, String lead, Verdict verdict, Instant now);

    /**
     * Gives the claim back (status PENDING). Releasing again a record the caller released last, and nobody has
     * claimed since (a retry after a lost answer), changes nothing and returns the same Held again (returning the
     * message twice is harmless).
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold the claim
     */
    Held release(String reviewId, String reviewer, Instant now);

    /** The record as reviewers see it (text included), or empty. */
    Optional<ReviewView> view(String reviewId);

    /**
     * Records by status (labels only), filtered by lane and category (both optional: null), oldest due first.
     *
     * @throws InvalidRequestException when the page token is not one this store gave out
     */
    Page list(ReviewStatus status, Lane lane, String category, String pageToken, int limit);

    /** A record the caller holds, and until when. */
    record Claimed(ReviewListItem item, String leaseExpiresAt) {
    }

    /**
     * Extends the caller's live claim to {@code leaseUntil}.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim (a lapsed one says when it lapsed)
     */
    Held extend(String reviewId, String reviewer, Instant now, Instant leaseUntil);

    /** The records {@code reviewer} holds now (labels only), at most {@code limit}. */
    List<Claimed> claimedBy(String reviewer, Instant now, int limit);

    /**
     * Replaces the caller's own verdict given at or after {@code notBefore} (a correction within the amend window),
     * unless it decided a held output (the application has acted on it) or a lead adjudicated the record since.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the record has no verdict of the caller's within the window
     */
    void amend(String reviewId, String reviewer, Verdict verdict, Instant now, Instant notBefore);

    /**
     * Records the first independent review of a record selected for double review, from the holder of a live claim:
     * the record goes back to PENDING without a claim, for another reviewer (the caller puts a fresh pointer on its
     * queue), and its verdict is not the record's yet. A decision resolves the record's hold as with
     * {@link #verdict}: the application is not kept waiting for the second review. The same review again (a retry
     * after a lost answer) changes nothing and returns the record as it stands.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim, or it has a first review already
     */
    Held firstReview(String reviewId, String reviewer, Verdict verdict, Instant now);

    /**
     * Records the second independent review, from the holder of a live claim who is not the first reviewer: when
     * {@code agreed}, the record becomes REVIEWED with this verdict; otherwise DISPUTED, for a lead to adjudicate
     * ({@link #adjudicate}). The same review again (a retry) changes nothing.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim, gave the first review, or the
     *                                 record has its second review already
     */
    Held secondReview(String reviewId, String reviewer, Verdict verdict, Instant now, boolean agreed);
}
