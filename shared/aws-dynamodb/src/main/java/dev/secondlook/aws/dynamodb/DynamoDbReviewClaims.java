package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.review.ReviewListItem;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.review.ClaimConflictException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.ReviewClaims;
import dev.secondlook.core.review.ReviewNotFoundException;
import dev.secondlook.core.review.Verdict;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.secondlook.aws.dynamodb.ReviewTableSchema.*;

/**
 * Claims, verdicts and views on the ReviewTable, each a single conditional write. The claim holds the queue
 * message's receipt so that the verdict can delete it; the verdict sets the record's TTL, so that it is deleted
 * {@code retention} after it.
 */
public final class DynamoDbReviewClaims implements ReviewClaims {

    private static final String PENDING = ReviewStatus.PENDING.name();
    private static final String IN_REVIEW = ReviewStatus.IN_REVIEW.name();
    private static final String REVIEWED = ReviewStatus.REVIEWED.name();
    private static final String DISPUTED = ReviewStatus.DISPUTED.name();

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper mapper;
    private final Duration retention;

    /** @param retention how long a record is kept after its verdict (its TTL) */
    public DynamoDbReviewClaims(DynamoDbClient dynamo, String table, ObjectMapper mapper, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.mapper = mapper;
        this.retention = retention;
    }

    @Override
    public ClaimOutcome claim(String reviewId, String reviewer, Instant now, Instant leaseUntil, Lane lane,
                              String receipt) {
        if (reviewId.isEmpty()) {
            return ClaimOutcome.MISSING;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId))
                    .updateExpression("SET #s = :inReview, #by = :who, #at = :now, #first = if_not_exists(#first, "
                            + ":now), #lease = :lease, #lane = :lane, #receipt = :receipt ADD #count :one "
                            + "REMOVE #released")
                    .conditionExpression("attribute_exists(#id) AND (#s = :pending OR (#s = :inReview AND "
                            + "#lease < :now)) AND (attribute_not_exists(#firstBy) OR #firstBy <> :who)")
                    .expressionAttributeNames(names("#by", CLAIM_BY, "#at", CLAIMED_AT, "#first",
                            FIRST_CLAIMED_AT, "#lease", LEASE_EXPIRES_AT, "#lane", CLAIM_LANE, "#receipt", CLAIM_RECEIPT, "#count", CLAIM_COUNT,
                            "#released", RELEASED_BY, "#firstBy", FIRST_REVIEW_BY))
                    .expressionAttributeValues(values(":inReview", "IN_REVIEW", ":pending", "PENDING", ":who", reviewer,
                            ":now", Timestamps.format(now), ":lease", Timestamps.format(leaseUntil), ":lane", lane.wireName(), ":receipt",
                            receipt, ":one", null))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return ClaimOutcome.CLAIMED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : get(reviewId);
            if (old == null || old.isEmpty()) {
                return ClaimOutcome.MISSING;
            }
            if (IN_REVIEW.equals(str(old, STATUS)) && reviewer.equals(str(old, CLAIM_BY))
                    && receipt.equals(str(old, CLAIM_RECEIPT))) {
                // our own claim, whose answer was lost and whose write the SDK retried: it is ours
                return ClaimOutcome.CLAIMED;
            }
            if (REVIEWED.equals(str(old, STATUS)) || DISPUTED.equals(str(old, STATUS))) {
                return ClaimOutcome.REVIEWED;
            }
            return reviewer.equals(str(old, FIRST_REVIEW_BY)) ? ClaimOutcome.FIRST_REVIEWER : ClaimOutcome.HELD;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot claim review " + reviewId, e);
        }
    }

    @Override
    public Held verdict(String reviewId, String reviewer, Verdict v, Instant now) {
        AttributeValue verdict = verdictValue(v);
        Map<String, AttributeValue> vals = values(":reviewed", REVIEWED, ":inReview", IN_REVIEW, ":who", reviewer,
                ":now", Timestamps.format(now));
        vals.put(":verdict", verdict);
        vals.put(":expires", expiresAtValue(now.plus(retention)));
        Map<String, String> names = names("#verdict", VERDICT, "#reviewedBy", REVIEWED_BY, "#reviewedAt", REVIEWED_AT,
                "#lease", LEASE_EXPIRES_AT, "#by", CLAIM_BY, "#expires", EXPIRES_AT);
        String set = "SET #s = :reviewed, #verdict = :verdict, #reviewedBy = :who, #reviewedAt = :now, "
                + "#expires = :expires";
        String remove = " REMOVE #lease";
        String condition = "#s = :inReview AND #by = :who AND #lease >= :now";
        if (v.decision() != null) {
            // the decision resolves the hold in the same write, and only while it is held
            set += ", " + resolveHold(v, names, vals);
            remove += ", #pending";
            condition += " AND #cs = :held";
        }
        // the same verdict from the same reviewer again (a retried request whose answer was lost) is done already
        return held(conditional(reviewId, set + remove, condition, names, vals,
                current -> REVIEWED.equals(str(current, STATUS)) && reviewer.equals(str(current, REVIEWED_BY))
                        && verdict.equals(current.get(VERDICT)), v.decision() != null));
    }

    @Override
    public Held adjudicate(String reviewId, String lead, Verdict v, Instant now) {
        AttributeValue verdict = verdictValue(v);
        Map<String, AttributeValue> vals = values(":reviewed", REVIEWED, ":who", lead, ":now", Timestamps.format(now),
                ":review", KIND_REVIEW);
        vals.put(":verdict", verdict);
        vals.put(":expires", expiresAtValue(now.plus(retention)));
        Map<String, String> names = names("#verdict", VERDICT, "#reviewedBy", REVIEWED_BY, "#reviewedAt",
                REVIEWED_AT, "#adjudicatedBy", ADJUDICATED_BY, "#lease", LEASE_EXPIRES_AT, "#kind", KIND,
                "#expires", EXPIRES_AT);
        String update = "SET #s = :reviewed, #verdict = :verdict, #reviewedBy = :who, #reviewedAt = :now, "
                + "#adjudicatedBy = :who, #expires = :expires";
        String remove = " REMOVE #lease";
        // a lead who gave one of a double-reviewed record's independent reviews does not settle it
        String condition = "attribute_exists(#id) AND #kind = :review AND (attribute_not_exists(#firstBy) OR "
                + "#firstBy <> :who) AND (attribute_not_exists(#secondBy) OR #secondBy <> :who)";
        names.put("#firstBy", FIRST_REVIEW_BY);
        names.put("#secondBy", SECOND_REVIEW_BY);
        if (v.decision() != null) {
            update += ", " + resolveHold(v, names, vals);
            remove += ", #pending";
            condition += " AND #cs = :held";
        }
        String expression = update + remove;
        String check = condition;
        try {
            // unconditional but for existence (and a hold still open, for a decision): a lead decides whoever
            // holds the record, and the same decision again (a retry after a lost answer) writes the same values
            return held(dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId))
                    .updateExpression(expression).conditionExpression(check)
                    .expressionAttributeNames(names).expressionAttributeValues(vals)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = get(reviewId);
            if (!isReview(current)) {
                throw new ReviewNotFoundException(reviewId);
            }
            if (REVIEWED.equals(str(current, STATUS)) && lead.equals(str(current, REVIEWED_BY))
                    && verdict.equals(current.get(VERDICT))) {
                return held(current);
            }
            if (lead.equals(str(current, FIRST_REVIEW_BY)) || lead.equals(str(current, SECOND_REVIEW_BY))) {
                throw new dev.secondlook.core.review.ForbiddenException("you gave one of the independent reviews of "
                        + reviewId + ": another lead settles it");
            }
            throw holdConflict(reviewId, current);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot adjudicate review " + reviewId, e);
        }
    }

    /** The SET clauses that resolve a hold with the verdict's decision; adds their names and values. */
    private static String resolveHold(Verdict v, Map<String, String> names, Map<String, AttributeValue> vals) {
        names.put("#cs", CHECK_STATUS);
        names.put("#decidedAt", CHECK_DECIDED_AT);
        names.put("#pending", HOLD_PENDING);
        vals.put(":held", AttributeValue.fromS(CheckStatus.HELD.wireName()));
        vals.put(":resolved", AttributeValue.fromS(v.decision().status().wireName()));
        return "#cs = :resolved, #decidedAt = :now";
    }

    /** Why a decision on this record cannot be taken: it never held an output, or its hold is over. */
    private static RuntimeException holdConflict(String reviewId, Map<String, AttributeValue> current) {
        String status = str(current, CHECK_STATUS);
        if (status == null) {
            return new InvalidRequestException("review " + reviewId + " holds no output: a decision (approve, edit, "
                    + "block) is only for held outputs; send the verdict without one");
        }
        return new ClaimConflictException("the hold on " + reviewId + " was resolved already (" + status + " at "
                + str(current, CHECK_DECIDED_AT) + "); send the verdict without a decision");
    }

    @Override
    public Held release(String reviewId, String reviewer, Instant now) {
        // released already by this reviewer (a retry): returning the message again is harmless
        return held(conditional(reviewId, "SET #s = :pending, #released = :who REMOVE #by, #lease, #at",
                "#s = :inReview AND #by = :who", names("#released", RELEASED_BY, "#by", CLAIM_BY, "#lease",
                        LEASE_EXPIRES_AT, "#at", CLAIMED_AT),
                values(":pending", PENDING, ":inReview", IN_REVIEW, ":who", reviewer),
                current -> PENDING.equals(str(current, STATUS)) && reviewer.equals(str(current, RELEASED_BY)),
                false));
    }

    @Override
    public Held firstReview(String reviewId, String reviewer, Verdict v, Instant now) {
        AttributeValue review = ReviewTableSchema.independentReviewValue(v, reviewer, now);
        Map<String, AttributeValue> vals = values(":pending", PENDING, ":inReview", IN_REVIEW, ":who", reviewer,
                ":now", Timestamps.format(now));
        vals.put(":reviews", AttributeValue.fromL(List.of(review)));
        vals.put(":labels", AttributeValue.fromM(Map.of("r0", ReviewTableSchema.reviewLabelsValue(v, reviewer))));
        Map<String, String> names = names("#reviews", INDEPENDENT_REVIEWS, "#firstBy", FIRST_REVIEW_BY, "#lease",
                LEASE_EXPIRES_AT, "#by", CLAIM_BY, "#at", CLAIMED_AT, "#labels", REVIEW_LABELS);
        if (v.decision() != null) {
            throw new InvalidRequestException("a held output is decided by one reviewer, never double-reviewed");
        }
        String update = "SET #s = :pending, #reviews = :reviews, #labels = :labels, #firstBy = :who "
                + "REMOVE #by, #lease, #at";
        String condition = "#s = :inReview AND #by = :who AND #lease >= :now AND attribute_not_exists(#firstBy)";
        return held(conditional(reviewId, update, condition, names, vals,
                current -> sameReview(current, 0, reviewer, v), false));
    }

    @Override
    public Held secondReview(String reviewId, String reviewer, Verdict v, Instant now, boolean agreed) {
        AttributeValue review = ReviewTableSchema.independentReviewValue(v, reviewer, now);
        Map<String, AttributeValue> vals = values(":inReview", IN_REVIEW, ":who", reviewer, ":now",
                Timestamps.format(now));
        vals.put(":review", AttributeValue.fromL(List.of(review)));
        vals.put(":label", ReviewTableSchema.reviewLabelsValue(v, reviewer));
        Map<String, String> names = names("#reviews", INDEPENDENT_REVIEWS, "#firstBy", FIRST_REVIEW_BY, "#secondBy",
                SECOND_REVIEW_BY, "#lease", LEASE_EXPIRES_AT, "#by", CLAIM_BY, "#labels", REVIEW_LABELS, "#r1", "r1");
        String update;
        if (agreed) {
            vals.put(":reviewed", AttributeValue.fromS(REVIEWED));
            vals.put(":verdict", verdictValue(v));
            vals.put(":expires", expiresAtValue(now.plus(retention)));
            names.put("#verdict", VERDICT);
            names.put("#reviewedBy", REVIEWED_BY);
            names.put("#reviewedAt", REVIEWED_AT);
            names.put("#expires", EXPIRES_AT);
            update = "SET #s = :reviewed, #verdict = :verdict, #reviewedBy = :who, #reviewedAt = :now, "
                    + "#expires = :expires, ";
        } else {
            vals.put(":disputed", AttributeValue.fromS(DISPUTED));
            names.put("#disputedAt", DISPUTED_AT);
            update = "SET #s = :disputed, #disputedAt = :now, ";
        }
        update += "#reviews = list_append(#reviews, :review), #labels.#r1 = :label, #secondBy = :who REMOVE #lease";
        return held(conditional(reviewId, update, "#s = :inReview AND #by = :who AND #lease >= :now AND "
                        + "attribute_exists(#firstBy) AND #firstBy <> :who AND attribute_not_exists(#secondBy)",
                names, vals, current -> sameReview(current, 1, reviewer, v), false));
    }

    /** Whether the record's independent review at {@code index} is this reviewer's, with this verdict. */
    private static boolean sameReview(Map<String, AttributeValue> item, int index, String reviewer, Verdict v) {
        List<dev.secondlook.core.review.IndependentReview> reviews = ReviewTableSchema.independentReviews(item);
        return reviews.size() > index && reviewer.equals(reviews.get(index).reviewedBy())
                && v.equals(reviews.get(index).verdict());
    }

    private static Held held(Map<String, AttributeValue> old) {
        String claimedAt = str(old, CLAIMED_AT);
        String lane = str(old, CLAIM_LANE);
        ReviewSummary summary;
        try {
            summary = ReviewTableSchema.summary(old);
        } catch (IllegalArgumentException e) {
            summary = null;
        }
        return new Held(lane == null ? null : Lane.fromWire(lane), str(old, CLAIM_RECEIPT), claimedAt == null ? null
                : Instant.parse(claimedAt), summary);
    }

    /**
     * A conditional update that returns the old item, translating a failed condition into domain errors - unless
     * the item as it now stands shows the update was made already ({@code alreadyDone}, the retry of a request
     * whose answer was lost): then that item is returned.
     */
    private Map<String, AttributeValue> conditional(String reviewId, String update, String condition,
                                                   Map<String, String> names, Map<String, AttributeValue> vals,
                                                   Predicate<Map<String, AttributeValue>> alreadyDone,
                                                   boolean decidesHold) {
        try {
            return dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId)).updateExpression(update)
                    .conditionExpression("attribute_exists(#id) AND " + condition)
                    .expressionAttributeNames(names).expressionAttributeValues(vals)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = get(reviewId);
            if (!isReview(current)) {
                throw new ReviewNotFoundException(reviewId);
            }
            if (alreadyDone.test(current)) {
                return current;
            }
            String status = str(current, STATUS);
            boolean holdOpen = CheckStatus.HELD.wireName().equals(str(current, CHECK_STATUS));
            if (decidesHold && !holdOpen && !REVIEWED.equals(status)) {
                throw holdConflict(reviewId, current);
            }
            if (REVIEWED.equals(status)) {
                throw new ClaimConflictException("review " + reviewId + " already has a verdict");
            }
            if (DISPUTED.equals(status)) {
                throw new ClaimConflictException("the two independent reviews of " + reviewId + " disagree: a lead "
                        + "adjudicates it");
            }
            AttributeValue caller = vals.get(":who");
            if (caller != null && caller.s().equals(str(current, FIRST_REVIEW_BY))) {
                throw new ClaimConflictException("you gave " + reviewId + " its first independent review: it waits "
                        + "for another reviewer");
            }
            AttributeValue who = vals.get(":who");
            AttributeValue now = vals.get(":now");
            String lease = str(current, LEASE_EXPIRES_AT);
            if (IN_REVIEW.equals(status) && who != null && who.s().equals(str(current, CLAIM_BY)) && now != null
                    && lease != null && lease.compareTo(now.s()) < 0) {
                throw new ClaimConflictException("your claim on " + reviewId + " lapsed at " + lease
                        + ": claim it again (review next) if it is still waiting; extend a claim before it lapses "
                        + "(review extend ID)");
            }
            throw new ClaimConflictException("review " + reviewId + " is not claimed by you (status " + status
                    + "); claim it first");
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot update review " + reviewId, e);
        }
    }

    @Override
    public Held extend(String reviewId, String reviewer, Instant now, Instant leaseUntil) {
        return held(conditional(reviewId, "SET #lease = :until", "#s = :inReview AND #by = :who AND #lease >= :now",
                names("#lease", LEASE_EXPIRES_AT, "#by", CLAIM_BY),
                values(":inReview", IN_REVIEW, ":who", reviewer, ":now", Timestamps.format(now), ":until",
                        Timestamps.format(leaseUntil)),
                current -> false, false));
    }

    @Override
    public List<Claimed> claimedBy(String reviewer, Instant now, int limit) {
        // the status index does not project who holds a claim: the records in review are few (one per reviewer at
        // work), so each is read back for its holder and lease
        List<Claimed> out = new ArrayList<>();
        try {
            QueryRequest q = QueryRequest.builder().tableName(table).indexName(STATUS_INDEX)
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", STATUS))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(IN_REVIEW))).build();
            String at = Timestamps.format(now);
            for (Map<String, AttributeValue> indexed : dynamo.queryPaginator(q).items()) {
                Map<String, AttributeValue> item = get(str(indexed, ID));
                if (item != null && IN_REVIEW.equals(str(item, STATUS)) && reviewer.equals(str(item, CLAIM_BY))
                        && str(item, LEASE_EXPIRES_AT) != null && str(item, LEASE_EXPIRES_AT).compareTo(at) >= 0) {
                    out.add(new Claimed(listItem(item), str(item, LEASE_EXPIRES_AT)));
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list the records in review", e);
        }
        return out;
    }

    @Override
    public void amend(String reviewId, String reviewer, Verdict v, Instant now, Instant notBefore) {
        Map<String, AttributeValue> vals = values(":reviewed", REVIEWED, ":who", reviewer, ":now",
                Timestamps.format(now), ":cutoff", Timestamps.format(notBefore));
        vals.put(":verdict", verdictValue(v));
        Map<String, String> names = names("#verdict", VERDICT, "#reviewedBy", REVIEWED_BY, "#reviewedAt",
                REVIEWED_AT, "#amendedAt", AMENDED_AT, "#adjudicatedBy", ADJUDICATED_BY, "#decision", DECISION,
                "#secondBy", SECOND_REVIEW_BY);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId))
                    .updateExpression("SET #verdict = :verdict, #amendedAt = :now")
                    .conditionExpression("attribute_exists(#id) AND #s = :reviewed AND #reviewedBy = :who AND "
                            + "#reviewedAt >= :cutoff AND attribute_not_exists(#adjudicatedBy) AND "
                            + "attribute_not_exists(#verdict.#decision) AND attribute_not_exists(#secondBy)")
                    .expressionAttributeNames(names).expressionAttributeValues(vals));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = get(reviewId);
            if (!isReview(current)) {
                throw new ReviewNotFoundException(reviewId);
            }
            if (!REVIEWED.equals(str(current, STATUS)) || !reviewer.equals(str(current, REVIEWED_BY))) {
                throw new ClaimConflictException("review " + reviewId + " has no verdict of yours to amend");
            }
            if (str(current, SECOND_REVIEW_BY) != null) {
                throw new ClaimConflictException("two reviewers agreed on " + reviewId + " independently; ask a lead "
                        + "to change it");
            }
            if (str(current, ADJUDICATED_BY) != null) {
                throw new ClaimConflictException("a lead adjudicated " + reviewId + "; ask them to change it");
            }
            if (current.get(VERDICT).m().containsKey(DECISION)) {
                throw new ClaimConflictException("your verdict on " + reviewId + " decided a held output, which the "
                        + "application has acted on; ask a lead to adjudicate");
            }
            throw new ClaimConflictException("your verdict on " + reviewId + " was given at "
                    + str(current, REVIEWED_AT) + ": the window to amend it closed at " + Timestamps.format(
                    Instant.parse(str(current, REVIEWED_AT)).plus(java.time.Duration.between(notBefore, now)))
                    + "; ask a lead to adjudicate");
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot amend the verdict on " + reviewId, e);
        }
    }

    @Override
    public Optional<ReviewView> view(String reviewId) {
        Map<String, AttributeValue> item = get(reviewId);
        return isReview(item) ? Optional.of(ReviewTableSchema.view(item)) : Optional.empty();
    }

    @Override
    public Page list(ReviewStatus status, Lane lane, String category, String pageToken, int limit) {
        Map<String, String> names = new HashMap<>(Map.of("#s", STATUS));
        Map<String, AttributeValue> vals = new HashMap<>(Map.of(":s", AttributeValue.fromS(status.name())));
        List<String> filters = new ArrayList<>();
        if (lane != null) {
            filters.add("#lane = :lane");
            names.put("#lane", LANE);
            vals.put(":lane", AttributeValue.fromS(lane.wireName()));
        }
        if (category != null) {
            filters.add("contains(#cats, :cat)");
            names.put("#cats", CATEGORIES);
            vals.put(":cat", AttributeValue.fromS(category));
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(STATUS_INDEX)
                .keyConditionExpression("#s = :s").expressionAttributeNames(names).expressionAttributeValues(vals)
                .limit(limit);
        if (!filters.isEmpty()) {
            q.filterExpression(String.join(" AND ", filters));
        }
        if (pageToken != null && !pageToken.isBlank()) {
            q.exclusiveStartKey(decodeToken(pageToken));
        }
        try {
            QueryResponse resp = dynamo.query(q.build());
            List<ReviewListItem> items = new ArrayList<>();
            resp.items().forEach(i -> items.add(listItem(i)));
            String next = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty()
                    ? encodeToken(resp.lastEvaluatedKey()) : null;
            return new Page(items, next);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list reviews", e);
        }
    }

    private String encodeToken(Map<String, AttributeValue> key) {
        Map<String, String> flat = new TreeMap<>();
        key.forEach((k, v) -> flat.put(k, v.s()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(flat));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, AttributeValue> decodeToken(String token) {
        try {
            Map<?, ?> flat = mapper.readValue(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8),
                    Map.class);
            Map<String, AttributeValue> key = new HashMap<>();
            flat.forEach((k, v) -> key.put(String.valueOf(k), AttributeValue.fromS(String.valueOf(v))));
            return key;
        } catch (RuntimeException | java.io.IOException e) {
            throw new InvalidRequestException("invalid page token");
        }
    }

    private Map<String, AttributeValue> get(String reviewId) {
        try {
            return dynamo.getItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId)).consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read review " + reviewId, e);
        }
    }

    /** Expression attribute names from placeholder/name pairs, with {@code #id} and {@code #s} always there. */
    private static Map<String, String> names(String... pairs) {
        Map<String, String> m = new HashMap<>(Map.of("#id", ID, "#s", STATUS));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Expression values from name/string pairs; a null value means the number 1. */
    private static Map<String, AttributeValue> values(String... pairs) {
        Map<String, AttributeValue> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1] == null ? AttributeValue.fromN("1") : AttributeValue.fromS(pairs[i + 1]));
        }
        return m;
    }
}
