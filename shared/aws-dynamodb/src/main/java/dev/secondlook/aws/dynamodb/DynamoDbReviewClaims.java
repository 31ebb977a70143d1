package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.Timestamps;
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

/**
 * Claims, verdicts and views on the ReviewTable, each a single conditional write. The claim holds the queue
 * message's receipt so that the verdict can delete it.
 */
public final class DynamoDbReviewClaims implements ReviewClaims {

    private static final Set<String> HIDDEN = Set.of("claimReceipt", "kind");
    private static final Set<String> STATUSES = Set.of("PENDING", "IN_REVIEW", "REVIEWED");

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper mapper;

    public DynamoDbReviewClaims(DynamoDbClient dynamo, String table, ObjectMapper mapper) {
        this.dynamo = dynamo;
        this.table = table;
        this.mapper = mapper;
    }

    @Override
    public ClaimOutcome claim(String reviewId, String reviewer, Instant now, Instant leaseUntil, String lane,
                              String receipt) {
        if (reviewId.isEmpty()) {
            return ClaimOutcome.MISSING;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(reviewId))
                    .updateExpression("SET #s = :inReview, claimBy = :who, claimedAt = :now, leaseExpiresAt = :lease, "
                            + "claimLane = :lane, claimReceipt = :receipt ADD claimCount :one REMOVE releasedBy")
                    .conditionExpression("attribute_exists(id) AND (#s = :pending OR (#s = :inReview AND "
                            + "leaseExpiresAt < :now))")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(values(":inReview", "IN_REVIEW", ":pending", "PENDING", ":who", reviewer,
                            ":now", Timestamps.format(now), ":lease", Timestamps.format(leaseUntil), ":lane", lane, ":receipt",
                            receipt, ":one", null))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return ClaimOutcome.CLAIMED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : get(reviewId);
            if (old == null || old.isEmpty()) {
                return ClaimOutcome.MISSING;
            }
            if ("IN_REVIEW".equals(s(old, "status")) && reviewer.equals(s(old, "claimBy"))
                    && receipt.equals(s(old, "claimReceipt"))) {
                // our own claim, whose answer was lost and whose write the SDK retried: it is ours
                return ClaimOutcome.CLAIMED;
            }
            return "REVIEWED".equals(s(old, "status")) ? ClaimOutcome.REVIEWED : ClaimOutcome.HELD;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot claim review " + reviewId, e);
        }
    }

    @Override
    public Held verdict(String reviewId, String reviewer, Verdict v, Instant now) {
        Map<String, AttributeValue> verdict = new LinkedHashMap<>();
        verdict.put("outcome", AttributeValue.fromS(v.outcome()));
        List<AttributeValue> cats = new ArrayList<>();
        v.categories().forEach(c -> cats.add(AttributeValue.fromS(c)));
        verdict.put("categories", AttributeValue.fromL(cats));
        verdict.put("severity", AttributeValue.fromS(v.severity()));
        if (v.note() != null) {
            verdict.put("note", AttributeValue.fromS(v.note()));
        }
        if (v.correctedResponse() != null) {
            verdict.put("correctedResponse", AttributeValue.fromS(v.correctedResponse()));
        }
        Map<String, AttributeValue> vals = values(":reviewed", "REVIEWED", ":inReview", "IN_REVIEW", ":who", reviewer,
                ":now", Timestamps.format(now));
        vals.put(":verdict", AttributeValue.fromM(verdict));
        // the same verdict from the same reviewer again (a retried request whose answer was lost) is done already
        return held(conditional(reviewId, "SET #s = :reviewed, verdict = :verdict, "
                + "reviewedBy = :who, reviewedAt = :now REMOVE leaseExpiresAt",
                "#s = :inReview AND claimBy = :who AND leaseExpiresAt >= :now", vals,
                current -> "REVIEWED".equals(s(current, "status")) && reviewer.equals(s(current, "reviewedBy"))
                        && current.get("verdict") != null && verdict.equals(current.get("verdict").m())));
    }

    @Override
    public Held release(String reviewId, String reviewer, Instant now) {
        // released already by this reviewer (a retry): returning the message again is harmless
        return held(conditional(reviewId, "SET #s = :pending, releasedBy = :who REMOVE claimBy, leaseExpiresAt, "
                + "claimedAt", "#s = :inReview AND claimBy = :who",
                values(":pending", "PENDING", ":inReview", "IN_REVIEW", ":who", reviewer),
                current -> "PENDING".equals(s(current, "status")) && reviewer.equals(s(current, "releasedBy"))));
    }

    private static Held held(Map<String, AttributeValue> old) {
        String claimedAt = s(old, "claimedAt");
        return new Held(s(old, "claimLane"), s(old, "claimReceipt"), claimedAt == null ? null
                : Instant.parse(claimedAt));
    }

    /**
     * A conditional update that returns the old item, translating a failed condition into domain errors - unless
     * the item as it now stands shows the update was made already ({@code alreadyDone}, the retry of a request
     * whose answer was lost): then that item is returned.
     */
    private Map<String, AttributeValue> conditional(String reviewId, String update, String condition,
                                                   Map<String, AttributeValue> vals,
                                                   Predicate<Map<String, AttributeValue>> alreadyDone) {
        try {
            return dynamo.updateItem(b -> b.tableName(table).key(key(reviewId)).updateExpression(update)
                    .conditionExpression("attribute_exists(id) AND " + condition)
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(vals)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = get(reviewId);
            if (current == null || current.isEmpty() || !"review".equals(s(current, "kind"))) {
                throw new ReviewNotFoundException(reviewId);
            }
            if (alreadyDone.test(current)) {
                return current;
            }
            String status = s(current, "status");
            if ("REVIEWED".equals(status)) {
                throw new ClaimConflictException("review " + reviewId + " already has a verdict");
            }
            throw new ClaimConflictException("review " + reviewId + " is not claimed by you (status " + status
                    + "); claim it first");
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot update review " + reviewId, e);
        }
    }

    @Override
    public Optional<Map<String, Object>> view(String reviewId) {
        Map<String, AttributeValue> item = get(reviewId);
        if (item == null || item.isEmpty() || !"review".equals(s(item, "kind"))) {
            return Optional.empty();
        }
        return Optional.of(plain(item));
    }

    @Override
    public Page list(String status, String lane, String category, String pageToken, int limit) {
        String st = status == null ? "PENDING" : status.toUpperCase(java.util.Locale.ROOT);
        if (!STATUSES.contains(st)) {
            throw new InvalidRequestException("status must be PENDING, IN_REVIEW or REVIEWED");
        }
        Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
        Map<String, AttributeValue> vals = new HashMap<>(Map.of(":s", AttributeValue.fromS(st)));
        List<String> filters = new ArrayList<>();
        if (lane != null) {
            filters.add("lane = :lane");
            vals.put(":lane", AttributeValue.fromS(lane));
        }
        if (category != null) {
            filters.add("contains(categories, :cat)");
            vals.put(":cat", AttributeValue.fromS(category));
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(DynamoDbSlaStore.INDEX)
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
            List<Map<String, Object>> items = new ArrayList<>();
            resp.items().forEach(i -> items.add(plain(i)));
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
            return dynamo.getItem(b -> b.tableName(table).key(key(reviewId)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read review " + reviewId, e);
        }
    }

    /** An item as plain JSON-able values, internal fields removed. */
    private static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> out = new TreeMap<>();
        item.forEach((k, v) -> {
            if (!HIDDEN.contains(k)) {
                out.put(k, PlainValues.of(v));
            }
        });
        return out;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static String s(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item == null ? null : item.get(k);
        return v == null ? null : v.s();
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
