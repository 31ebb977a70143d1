package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.route.QueueMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** SQS keeps a received message hidden at most 12 hours: no claim outlasts it. */
    public static final Duration MAX_CLAIM = Duration.ofHours(12);
    /** How long a reviewer may amend their verdict, unless configured otherwise. */
    public static final Duration DEFAULT_AMEND_WINDOW = Duration.ofMinutes(10);

    private final Duration amendWindow;
    private final Set<String> categories;
    private final ReviewInbox inbox;
    private final ReviewClaims claims;
    private final TextAudit audit;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param categories the categories a verdict may name (the policy's, {@code Policy#categories()})
     */
    public ReviewWorkflow(ReviewInbox inbox, ReviewClaims claims, TextAudit audit, Duration lease, Clock clock,
                          Set<String> categories) {
        this(inbox, claims, audit, lease, clock, categories, DEFAULT_AMEND_WINDOW);
    }

    /**
     * @param categories  the categories a verdict may name (the policy's, {@code Policy#categories()})
     * @param amendWindow how long after a verdict its reviewer may still amend it
     */
    public ReviewWorkflow(ReviewInbox inbox, ReviewClaims claims, TextAudit audit, Duration lease, Clock clock,
                          Set<String> categories, Duration amendWindow) {
        this.amendWindow = amendWindow;
        this.categories = Set.copyOf(categories);
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
        boolean offPolicyUnlabelled = verdict.outcome().equals("off-policy") && verdict.categories().isEmpty();
        Optional<ReviewView> view = verdict.decision() == null || offPolicyUnlabelled ? claims.view(reviewId)
                : Optional.empty();
        if (verdict.decision() == null && view.isPresent() && view.get().hold() != null
                && !view.get().hold().status().resolved()) {
            verdict = verdict.withDecision(verdict.impliedDecision());
        }
        verdict = labelled(verdict, view);
        Instant now = clock.instant();
        ReviewClaims.Held held = reviewer.lead() ? claims.adjudicate(reviewId, reviewer.id(), verdict, now)
                : claims.verdict(reviewId, reviewer.id(), verdict, now);
        if (held.lane() != null && held.receipt() != null) {
            inbox.delete(held.lane(), held.receipt());
        }
        return held.claimedAt() == null ? Duration.ZERO : Duration.between(held.claimedAt(), now);
    }

    /**
     * The verdict with categories the policy knows: an off-policy verdict without any takes the categories the
     * rules gave the record; with none there either, it is refused, as is a category the policy does not name.
     */
    private Verdict labelled(Verdict verdict, Optional<ReviewView> view) {
        if (verdict.outcome().equals("off-policy") && verdict.categories().isEmpty()) {
            List<String> flagged = view.map(ReviewView::categories).orElse(List.of());
            if (flagged.isEmpty()) {
                throw new InvalidRequestException("an off-policy verdict needs at least one category; the policy's "
                        + "categories are " + categories.stream().sorted().toList());
            }
            return verdict.withCategories(flagged);
        }
        for (String c : verdict.categories()) {
            if (!categories.contains(c)) {
                throw new InvalidRequestException("unknown category '" + c + "': the policy's categories are "
                        + categories.stream().sorted().toList());
            }
        }
        return verdict;
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
     * Extends the caller's claim by one lease from now (the queue message stays hidden as long), up to
     * {@link #MAX_CLAIM} from when it was claimed: SQS keeps a received message hidden 12 hours at most.
     *
     * @return the new end of the lease
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when the caller does not hold a live claim, or it would last beyond 12 hours
     */
    public Instant extend(String reviewId, Reviewer reviewer) {
        Instant now = clock.instant();
        Instant until = now.plus(lease);
        ReviewView view = claims.view(reviewId).orElseThrow(() -> new ReviewNotFoundException(reviewId));
        if (view.claimedAt() != null && until.isAfter(Instant.parse(view.claimedAt()).plus(MAX_CLAIM))) {
            throw new ClaimConflictException("a claim lasts at most 12 hours from when it was taken (" + view.claimedAt()
                    + "); give your verdict or release " + reviewId);
        }
        ReviewClaims.Held held = claims.extend(reviewId, reviewer.id(), now, until);
        if (held.lane() != null && held.receipt() != null) {
            inbox.extend(held.lane(), held.receipt(), lease);
        }
        return until;
    }

    /** The records the caller holds now: labels and lease ends only. */
    public List<ReviewClaims.Claimed> mine(Reviewer reviewer) {
        return claims.claimedBy(reviewer.id(), clock.instant(), 100);
    }

    /**
     * Replaces the caller's own verdict within {@code amendWindow} of it: categories validated as for a verdict. Not
     * for a decision on a held output (the application has acted on it); a lead adjudicates instead.
     *
     * @throws ClaimConflictException  when there is no verdict of the caller's on it within the window
     * @throws InvalidRequestException when the new verdict decides a held output, or names unknown categories
     */
    public void amend(String reviewId, Reviewer reviewer, Verdict verdict) {
        if (verdict.decision() != null) {
            throw new InvalidRequestException("a decision on a held output cannot be amended: the application has "
                    + "acted on it; ask a lead to adjudicate");
        }
        boolean offPolicyUnlabelled = verdict.outcome().equals("off-policy") && verdict.categories().isEmpty();
        verdict = labelled(verdict, offPolicyUnlabelled ? claims.view(reviewId) : Optional.empty());
        Instant now = clock.instant();
        claims.amend(reviewId, reviewer.id(), verdict, now, now.minus(amendWindow));
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

    private static ReviewView shownTo(ReviewView view, Reviewer reviewer) {
        return reviewer.lead() ? view : view.redactedFor(reviewer.id());
    }
}
