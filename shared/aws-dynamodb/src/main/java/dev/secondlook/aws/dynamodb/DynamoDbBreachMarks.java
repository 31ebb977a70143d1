package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.scorecard.BreachMarks;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Marks of paged rate breaches in the ReviewTable (items {@code breach#<escalation id>}, expiring by TTL after 90
 * days, long after their window). Only review items carry {@code status}, so the marks stay out of every index.
 */
public final class DynamoDbBreachMarks implements BreachMarks {

    private static final Duration KEEP = Duration.ofDays(90);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbBreachMarks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean paged(String escalationId) {
        try {
            GetItemResponse r = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(ReviewTableSchema.breachKey(escalationId)));
            return r.hasItem() && !r.item().isEmpty();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read the breach mark " + escalationId, e);
        }
    }

    @Override
    public void markPaged(String escalationId, String category, String windowStart) {
        Instant now = clock.instant();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(ReviewTableSchema.breachItem(escalationId, category, windowStart, now, now.plus(KEEP)))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ReviewTableSchema.ID)));
        } catch (ConditionalCheckFailedException e) {
            // marked already (a rerun): the first mark stands
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot mark the breach " + escalationId, e);
        }
    }
}
