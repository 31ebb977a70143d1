package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.route.QueueMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Use case: the reviewer's workflow. Claim the next record (the hold lane first, where an application waits for
 * the answer, then priority, then routine): the message's
 * visibility is the lease and a conditional write in DynamoDB makes the claim; a duplicate message or an
 * already-reviewed record is deleted and the next one taken. Verdicts and releases are accepted only from the
 * holder of the claim; a lead may adjudicate any record. The reviewer is always the authenticated caller.
 *
 * <p>Customer text goes only to the reviewers allowed to see it: the holder of the claim, the reviewer who gave
 * the verdict, or a lead; each hand-out is audited first. Reviewers who are not leads never see other reviewers'
 * identities or notes.
 */
public final class ReviewWorkflow {

    private static final List<Lane> LANES = List.of(Lane.HOLD, Lane.PRIORITY, Lane.ROUTINE);
    private static final int MAX_SKIPS = 25;
    /** How many waiting records an overview counts at most (bounded work per request). */
    public static final int MAX_OVERVIEW = 2_000;

    private final ReviewInbox inbox;
    private final ReviewClaims claims;
    private final TextAudit audit;
    private final Duration lease;
    private final Clock clock;

    public ReviewWorkflow(ReviewInbox inbox, ReviewClaims claims, TextAudit audit, Duration lease, Clock clock) {
        this.inbox = inbox;
        this.claims = claims;
        this.audit = audit;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Claims the next record for {@code reviewer} and returns it with its text; empty when both queues are empty.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the queues or the table cannot be reached
     */
    public Optional<ReviewView> claimNext(Reviewer reviewer) {
        int skipped = 0;
        for (Lane lane : LANES) {
            while (skipped < MAX_SKIPS) {
                Optional<ReviewInbox.Delivery> d = inbox.receive(lane, lease);
                if (d.isEmpty()) {
                    break;
                }
                Instant now = clock.instant();
                ReviewInbox.Delivery delivery = d.get();
                ReviewClaims.ClaimOutcome outcome = claims.claim(delivery.reviewId(), reviewer.id(), now,
                        now.plus(lease), lane, delivery.receipt());
                if (outcome == ReviewClaims.ClaimOutcome.CLAIMED) {
                    Optional<ReviewView> view = claims.view(delivery.reviewId());
                    view.ifPresent(v -> audit.textShown(v.id(), reviewer.id(), "claim"));
                    return view.map(v -> shownTo(v, reviewer));
                }
                // a duplicate message, a record someone holds, or one already reviewed: drop it, take the next
                inbox.delete(lane, delivery.receipt());
                skipped++;
            }
        }
        return Optional.empty();
    }

    /**
     * The record with its text, for the holder of its claim, the reviewer who judged it, or a lead.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ForbiddenException      when the caller may not read this record's text
     */
    public ReviewView show(String reviewId, Reviewer reviewer) {
        ReviewView view = claims.view(reviewId).orElseThrow(() -> new ReviewNotFoundException(reviewId));
        boolean holds = view.status() == ReviewStatus.IN_REVIEW && reviewer.id().equals(view.claimBy());
        if (!reviewer.lead() && !holds && !reviewer.id().equals(view.reviewedBy())) {
            throw new ForbiddenException("you can read a record only while you hold its claim, or after you judged "
                    + "it; claim it first");
        }
        audit.textShown(reviewId, reviewer.id(), "show");
        return shownTo(view, reviewer);
    }

    /**
     * Records the verdict and deletes the queue message; returns how long the claim was held. A reviewer must hold
     * a live claim; a lead may adjudicate any record, held by someone else, pending or already judged.
     *
     * <p>On an output the gate still holds, the verdict's decision (approve, edit, block) resolves the hold in the
     * same conditional write. A verdict without a decision (a client that predates the gate) implies one: on-policy
     * approves, off-policy blocks; finding that out costs one read.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when a reviewer who is not a lead does not hold a live claim, or a decision
     *                                 comes after the hold was resolved (it expired)
     * @throws InvalidRequestException when a decision is given on a record that never held an output
     */
    public Duration verdict(String reviewId, Reviewer reviewer, Verdict verdict) {
        if (verdict.decision() == null) {
            Optional<ReviewView> view = claims.view(reviewId);
            if (view.isPresent() && view.get().hold() != null && !view.get().hold().status().resolved()) {
                verdict = verdict.withDecision(verdict.impliedDecision());
            }
        }
        Instant now = clock.instant();
        ReviewClaims.Held held = reviewer.lead() ? claims.adjudicate(reviewId, reviewer.id(), verdict, now)
                : claims.verdict(reviewId, reviewer.id(), verdict, now);
        if (held.lane() != null && held.receipt() != null) {
            inbox.delete(held.lane(), held.receipt());
        }
        return held.claimedAt() == null ? Duration.ZERO : Duration.between(held.claimedAt(), now);
    }

    /**
     * Gives the claim back: a fresh pointer goes on the record's queue and the claimed message is deleted, so that
     * claim/release cycles never count as failed receives (which would move the pointer to the dead-letter
     * queue). A retried release may send the pointer twice; the second is dropped when claimed.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold the claim
     */
    public void release(String reviewId, Reviewer reviewer) {
        ReviewClaims.Held held = claims.release(reviewId, reviewer.id(), clock.instant());
        if (held.summary() != null) {
            inbox.requeue(held.lane() == null ? held.summary().lane() : held.lane(), held.receipt(),
                    QueueMessage.of(held.summary()));
        }
    }

    /**
     * Extends the caller's live claim by a full lease from now, in the table (which proves the caller holds it)
     * and then on the queue (the message stays invisible as long). Returns when the lease now ends. Should the
     * queue refuse after the table accepted, the error says so and the message comes back at the old time: another
     * reviewer cannot claim it before the new lease lapses.
     *
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the table or the queue cannot be reached
     */
    public Instant extend(String reviewId, Reviewer reviewer) {
        Instant now = clock.instant();
        Instant until = now.plus(lease);
        ReviewClaims.Held held = claims.extend(reviewId, reviewer.id(), now, until);
        if (held.lane() != null && held.receipt() != null) {
            inbox.extend(held.lane(), held.receipt(), lease);
        }
        return until;
    }

    /**
     * Records by status (PENDING when null), filtered by lane and category when given: labels only, for leads.
     *
     * @throws ForbiddenException      when the caller is not a lead
     * @throws InvalidRequestException when the limit is outside 1..100 or the page token is not valid
     */
    public ReviewClaims.Page list(Reviewer reviewer, ReviewStatus status, Lane lane, String category,
                                  String pageToken, int limit) {
        if (!reviewer.lead()) {
            throw new ForbiddenException("only leads list review records");
        }
        if (limit < 1 || limit > 100) {
            throw new InvalidRequestException("limit must be between 1 and 100");
        }
        return claims.list(status == null ? ReviewStatus.PENDING : status, lane, category, pageToken, limit);
    }

    /**
     * What waits per lane: how many records, the oldest one's creation and the next due time. Counts and times
     * only, for any reviewer; at most {@link #MAX_OVERVIEW} records are read, beyond which the overview says it is
     * partial.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the table cannot be reached
     */
    public QueueOverview overview() {
        java.util.Map<Lane, int[]> counts = new java.util.EnumMap<>(Lane.class);
        java.util.Map<Lane, String[]> times = new java.util.EnumMap<>(Lane.class);
        for (Lane lane : LANES) {
            counts.put(lane, new int[1]);
            times.put(lane, new String[2]);
        }
        int read = 0;
        String token = null;
        do {
            ReviewClaims.Page page = claims.list(ReviewStatus.PENDING, null, null, token, 100);
            for (ReviewListItem item : page.items()) {
                if (item.lane() == null || !counts.containsKey(item.lane())) {
                    continue;
                }
                counts.get(item.lane())[0]++;
                String[] t = times.get(item.lane());
                // ISO-8601 instants in UTC compare in time order as strings
                if (item.createdAt() != null && (t[0] == null || item.createdAt().compareTo(t[0]) < 0)) {
                    t[0] = item.createdAt();
                }
                if (item.dueAt() != null && (t[1] == null || item.dueAt().compareTo(t[1]) < 0)) {
                    t[1] = item.dueAt();
                }
                read++;
            }
            token = page.next();
        } while (token != null && read < MAX_OVERVIEW);
        List<QueueOverview.LaneSummary> lanes = new java.util.ArrayList<>();
        for (Lane lane : LANES) {
            lanes.add(new QueueOverview.LaneSummary(lane, counts.get(lane)[0], times.get(lane)[0],
                    times.get(lane)[1]));
        }
        return new QueueOverview(lanes, token != null);
    }

    private static ReviewView shownTo(ReviewView view, Reviewer reviewer) {
        return reviewer.lead() ? view : view.redactedFor(reviewer.id());
    }
}
