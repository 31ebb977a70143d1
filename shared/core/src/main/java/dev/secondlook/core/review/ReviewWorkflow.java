package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.ReviewSummary;

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
    /** How many waiting records an overview counts at most (bounded work per request). */
    public static final int MAX_OVERVIEW = 2_000;

    /** The receipt of a lead's claim by id: no queue message is behind it. */
    static final String DIRECT_CLAIM = "direct:";
    /** SQS delays a message 15 minutes at most. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** SQS keeps a received message hidden at most 12 hours: no claim outlasts it. */
    public static final Duration MAX_CLAIM = Duration.ofHours(12);
    /** How long a reviewer may amend their verdict, unless configured otherwise. */
    public static final Duration DEFAULT_AMEND_WINDOW = Duration.ofMinutes(10);

    /** Most records one claim passes over because the caller gave their first review. */
    static final int MAX_OWN_FIRST_REVIEWS = 100;
    /** How long a pointer to a record waits before it is offered again after its first reviewer met it. */
    static final Duration OTHER_REVIEWER_DELAY = Duration.ofSeconds(60);

    private final Duration amendWindow;
    private final java.util.function.Predicate<String> doubleReview;
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
        this(inbox, claims, audit, lease, clock, categories, amendWindow, id -> false);
    }

    /**
     * @param categories   the categories a verdict may name (the policy's, {@code Policy#categories()})
     * @param amendWindow  how long after a verdict its reviewer may still amend it
     * @param doubleReview which records (by review id) a second, independent reviewer reviews too: the policy's
     *                     {@code doubleReview} ({@code DoubleReview#selects})
     */
    public ReviewWorkflow(ReviewInbox inbox, ReviewClaims claims, TextAudit audit, Duration lease, Clock clock,
                          Set<String> categories, Duration amendWindow,
                          java.util.function.Predicate<String> doubleReview) {
        this.amendWindow = amendWindow;
        this.doubleReview = doubleReview;
        this.categories = Set.copyOf(categories);
        this.inbox = inbox;
        this.claims = claims;
        this.audit = audit;
        this.lease = lease;
        this.clock = clock;
    }

    /** The categories a verdict may name: the policy's. */
    public Set<String> categories() {
        return categories;
    }

    /**
     * Claims the next record for {@code reviewer} and returns it with its text; empty when both queues are empty.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the queues or the table cannot be reached
     */
    public Optional<ReviewView> claimNext(Reviewer reviewer) {
        int skipped = 0;
        int ownFirst = 0;
        for (Lane lane : LANES) {
            while (skipped < MAX_SKIPS && ownFirst < MAX_OWN_FIRST_REVIEWS) {
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
                if (outcome == ReviewClaims.ClaimOutcome.FIRST_REVIEWER) {
                    // the second review is someone else's: offer the record again a little later, to whoever comes
                    // (counted apart, so that a reviewer working alone still reaches the other lanes' work)
                    claims.view(delivery.reviewId()).ifPresent(v -> inbox.sendLater(lane, QueueMessage.of(summary(v)),
                            OTHER_REVIEWER_DELAY));
                    inbox.delete(lane, delivery.receipt());
                    ownFirst++;
                    continue;
                }
                // a duplicate message, a record someone holds, or one already reviewed: drop it, take the next
                inbox.delete(lane, delivery.receipt());
                skipped++;
            }
        }
        return Optional.empty();
    }

    /**
     * A lead claims one record by id (to look into it without a reviewer taking it meanwhile). The claim has no
     * queue message of its own: the record's pointer may be dropped by a reviewer who meets it while the lead holds
     * it, so a fresh pointer is sent to appear when the lease would lapse (every extension sends another): an
     * abandoned claim still comes back.
     *
     * @throws ForbiddenException      when the caller is not a lead
     * @throws ReviewNotFoundException when there is no such record
     * @throws ClaimConflictException  when someone holds it, or it has a verdict
     */
    public ReviewView claim(String reviewId, Reviewer lead) {
        if (!lead.lead()) {
            throw new ForbiddenException("only a lead claims a record by id; reviewers take the next one (claim)");
        }
        ReviewView view = claims.view(reviewId).orElseThrow(() -> new ReviewNotFoundException(reviewId));
        Instant now = clock.instant();
        ReviewClaims.ClaimOutcome outcome = claims.claim(reviewId, lead.id(), now, now.plus(lease), view.lane(),
                DIRECT_CLAIM + java.util.UUID.randomUUID());
        switch (outcome) {
            case MISSING -> throw new ReviewNotFoundException(reviewId);
            case REVIEWED -> throw new ClaimConflictException("review " + reviewId + " already has a verdict; a lead "
                    + "may still adjudicate it (verdict) without a claim");
            case FIRST_REVIEWER -> throw new ClaimConflictException("you gave " + reviewId + " its first independent "
                    + "review: another reviewer gives the second");
            case HELD -> throw new ClaimConflictException("review " + reviewId + " is held by "
                    + (view.claimBy() == null ? "another reviewer" : view.claimBy()) + " until "
                    + view.leaseExpiresAt());
            default -> {
            }
        }
        inbox.sendLater(view.lane(), QueueMessage.of(summary(view)), lease.compareTo(MAX_DELAY) < 0 ? lease
                : MAX_DELAY);
        ReviewView claimed = claims.view(reviewId).orElseThrow(() -> new ReviewNotFoundException(reviewId));
        audit.textShown(reviewId, lead.id(), "claim");
        return shownTo(claimed, lead);
    }

    private static ReviewSummary summary(ReviewView v) {
        return new ReviewSummary(v.id(), v.lane(), v.severity(), v.categories(), v.route(), v.modelId(),
                v.policyVersion(), Instant.parse(v.createdAt()), Instant.parse(v.dueAt()));
    }

    /** Whether a claim's receipt is a queue message's, not a lead's claim by id. */
    private static boolean queued(ReviewClaims.Held held) {
        return held.lane() != null && held.receipt() != null && !held.receipt().startsWith(DIRECT_CLAIM);
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
        boolean judged = reviewer.id().equals(view.reviewedBy())
                || !IndependentReview.by(view.independentReviews(), reviewer.id()).isEmpty();
        if (!reviewer.lead() && !holds && !judged) {
            throw new ForbiddenException("you can read a record only while you hold its claim, or after you judged "
                    + "it; claim it first");
        }
        audit.textShown(reviewId, reviewer.id(), "show");
        return shownTo(view, reviewer);
    }

    /** What became of a verdict. */
    public enum Recorded {
        /** The record's verdict. */
        REVIEWED,
        /** The first of two independent reviews: the record waits for another reviewer. */
        FIRST_OF_TWO,
        /** The second independent review disagreed with the first: the record waits for a lead. */
        DISPUTED
    }

    /** The outcome of a verdict: what became of it, and how long its claim was held. */
    public record VerdictResult(Recorded recorded, Duration held) {
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
        return record(reviewId, reviewer, verdict).held();
    }

    /**
     * As {@link #verdict}, saying what became of it. On a record the policy selects for double review
     * ({@code doubleReview}), the verdict of the reviewer who holds its claim is an independent review: the first
     * sends the record back to the queue for someone else; the second, which its reviewer gives without seeing the
     * first, makes the record REVIEWED when both agree on the outcome and categories, or DISPUTED, for a lead who
     * reviewed neither to adjudicate. Outputs the gate holds are never doubled (the application waits).
     */
    public VerdictResult record(String reviewId, Reviewer reviewer, Verdict verdict) {
        Optional<ReviewView> view = claims.view(reviewId);
        // a held output is decided by one reviewer: the application waits for it, and its hold's resolution would
        // tell a second reviewer the first one's answer. A record with a first review stays doubled whatever the
        // policy says now (a policy change, a rollout)
        boolean doubled = view.isPresent() && view.get().hold() == null
                && (doubleReview.test(reviewId) || !view.get().independentReviews().isEmpty());
        if (verdict.decision() == null && view.isPresent() && view.get().hold() != null
                && !view.get().hold().status().resolved()) {
            verdict = verdict.withDecision(verdict.impliedDecision());
        }
        verdict = labelled(verdict, view);
        Instant now = clock.instant();
        if (doubled) {
            Optional<VerdictResult> independent = independentReview(view.get(), reviewer, verdict, now);
            if (independent.isPresent()) {
                return independent.get();
            }
        }
        if (reviewer.lead() && view.isPresent() && view.get().status() == ReviewStatus.DISPUTED
                && !IndependentReview.by(view.get().independentReviews(), reviewer.id()).isEmpty()) {
            throw new ForbiddenException("you gave one of the two reviews that disagree on " + reviewId + ": another "
                    + "lead adjudicates it");
        }
        ReviewClaims.Held held = reviewer.lead() ? claims.adjudicate(reviewId, reviewer.id(), verdict, now)
                : claims.verdict(reviewId, reviewer.id(), verdict, now);
        if (queued(held)) {
            inbox.delete(held.lane(), held.receipt());
        }
        return new VerdictResult(Recorded.REVIEWED, claimTime(held, now));
    }

    /**
     * The verdict as one of the two independent reviews of a double-reviewed record: when the caller holds its claim
     * and it has fewer than two, or when the caller gave one already (a retry). Empty when it is not one (a lead
     * adjudicating, a record disputed or reviewed).
     */
    private Optional<VerdictResult> independentReview(ReviewView view, Reviewer reviewer, Verdict verdict,
                                                      Instant now) {
        List<IndependentReview> reviews = view.independentReviews();
        List<IndependentReview> own = IndependentReview.by(reviews, reviewer.id());
        boolean holds = view.status() == ReviewStatus.IN_REVIEW && reviewer.id().equals(view.claimBy());
        if (view.status() == ReviewStatus.DISPUTED) {
            // the same review again (a retry whose answer was lost) is done; anything else is adjudication
            return own.stream().anyMatch(r -> r.verdict().equals(verdict))
                    ? Optional.of(new VerdictResult(Recorded.DISPUTED, Duration.ZERO)) : Optional.empty();
        }
        if ((!holds && own.isEmpty()) || (own.isEmpty() && reviews.size() >= 2)) {
            return Optional.empty();
        }
        boolean first = reviews.isEmpty() || (!own.isEmpty() && reviews.get(0).reviewedBy().equals(reviewer.id()));
        if (first) {
            ReviewClaims.Held held = claims.firstReview(view.id(), reviewer.id(), verdict, now);
            if (holds) {
                // a fresh pointer for the second reviewer, and the claimed message deleted. A retry (the caller no
                // longer holds the claim) touches no message: the claim's receipt may be someone else's by now, and
                // if the first attempt stopped before this, its message comes back when its lease lapses
                inbox.requeue(view.lane(), queued(held) ? held.receipt() : null, QueueMessage.of(summary(view)));
            }
            return Optional.of(new VerdictResult(Recorded.FIRST_OF_TWO, holds ? claimTime(held, now)
                    : Duration.ZERO));
        }
        boolean agreed = reviews.get(0).agreesWith(verdict);
        ReviewClaims.Held held = claims.secondReview(view.id(), reviewer.id(), verdict, now, agreed);
        if (holds && queued(held)) {
            inbox.delete(held.lane(), held.receipt());
        }
        return Optional.of(new VerdictResult(agreed ? Recorded.REVIEWED : Recorded.DISPUTED, claimTime(held, now)));
    }

    private static Duration claimTime(ReviewClaims.Held held, Instant now) {
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
            inbox.requeue(held.lane() == null ? held.summary().lane() : held.lane(), queued(held) ? held.receipt()
                    : null, QueueMessage.of(held.summary()));
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
        if (queued(held)) {
            inbox.extend(held.lane(), held.receipt(), lease);
        } else if (held.lane() != null) {
            inbox.sendLater(held.lane(), QueueMessage.of(summary(view)), lease.compareTo(MAX_DELAY) < 0 ? lease
                    : MAX_DELAY);
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
        if (!reviewer.lead()) {
            return view.redactedFor(reviewer.id());
        }
        // until both independent reviews are in, nobody sees another's, a lead neither: the lead may be the one who
        // gives the second (by id, or from the queue)
        boolean waiting = (view.status() == ReviewStatus.PENDING || view.status() == ReviewStatus.IN_REVIEW)
                && !view.independentReviews().isEmpty();
        return waiting ? view.withReviewsOf(reviewer.id()) : view;
    }
}
