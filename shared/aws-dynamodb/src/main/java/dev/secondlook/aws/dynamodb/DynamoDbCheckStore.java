package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.gate.CheckStore;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Timestamps;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.secondlook.aws.dynamodb.ReviewTableSchema.*;

/**
 * Checks of the gate on the ReviewTable. A new check is one conditional PutItem, whose failed condition returns
 * the existing item (no second read); an expiry is one conditional UpdateItem; the long poll reads with
 * consistent GetItems; due holds come from the sparse {@code hold-until} index. SDK errors become
 * {@link StoreUnavailableException}.
 */
public final class DynamoDbCheckStore implements CheckStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbCheckStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<StoredCheck> create(NewCheck check) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(ReviewTableSchema.toItem(check))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = e.hasItem() ? e.item() : get(check.record().id());
            if (existing == null || existing.isEmpty()) {
                // deleted between the write and the read (its TTL): a retry writes it again
                throw new StoreUnavailableException("check " + check.record().id() + " changed while written", e);
            }
            return Optional.of(storedCheck(existing));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write check " + check.record().id(), e);
        }
    }

    @Override
    public Optional<StoredCheck> find(String checkId) {
        Map<String, AttributeValue> item = get(checkId);
        return isReview(item) ? Optional.of(storedCheck(item)) : Optional.empty();
    }

    @Override
    public Optional<StoredCheck> expire(String checkId, Instant now) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table).key(key(checkId))
                    .updateExpression("SET #cs = :expired, #decidedAt = :now REMOVE #pending")
                    .conditionExpression("#cs = :held AND #until <= :now")
                    .expressionAttributeNames(Map.of("#cs", CHECK_STATUS, "#decidedAt", CHECK_DECIDED_AT,
                            "#pending", HOLD_PENDING, "#until", HOLD_UNTIL))
                    .expressionAttributeValues(Map.of(":expired", AttributeValue.fromS(CheckStatus.EXPIRED.wireName()),
                            ":held", AttributeValue.fromS(CheckStatus.HELD.wireName()),
                            ":now", AttributeValue.fromS(Timestamps.format(now))))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return Optional.of(storedCheck(after));
        } catch (ConditionalCheckFailedException e) {
            // a reviewer decided first, an earlier expiry won, or there is no such check
            Map<String, AttributeValue> current = e.hasItem() ? e.item() : get(checkId);
            return isReview(current) ? Optional.of(storedCheck(current)) : Optional.empty();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot expire check " + checkId, e);
        }
    }

    @Override
    public List<String> expirable(Instant now, int limit) {
        List<String> out = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).indexName(HOLD_INDEX)
                    .keyConditionExpression("#pending = :held AND #until < :now")
                    .expressionAttributeNames(Map.of("#pending", HOLD_PENDING, "#until", HOLD_UNTIL))
                    .expressionAttributeValues(Map.of(":held", AttributeValue.fromS(HOLD_PENDING_VALUE),
                            ":now", AttributeValue.fromS(Timestamps.format(now))))
                    .limit(Math.min(limit, 100))).items()) {
                out.add(item.get(ID).s());
                if (out.size() >= limit) {
                    break;
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot query due holds on " + table, e);
        }
        return out;
    }

    private Map<String, AttributeValue> get(String id) {
        try {
            return dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read check " + id, e);
        }
    }
}
