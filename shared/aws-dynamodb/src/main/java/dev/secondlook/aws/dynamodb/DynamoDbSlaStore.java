package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.route.SlaStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Overdue reviews from the {@code status-dueAt} GSI (statuses PENDING, IN_REVIEW and DISPUTED, waiting for a lead;
 * {@code dueAt < now}, not yet escalated), and the conditional mark that makes a breach escalate once.
 */
public final class DynamoDbSlaStore implements SlaStore {

    private static final List<ReviewStatus> OPEN_STATUSES = List.of(ReviewStatus.PENDING, ReviewStatus.IN_REVIEW,
            ReviewStatus.DISPUTED);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSlaStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<ReviewSummary> overdueNotEscalated(Instant now, int limit) {
        List<ReviewSummary> out = new ArrayList<>();
        try {
            for (ReviewStatus status : OPEN_STATUSES) {
                QueryRequest q = QueryRequest.builder().tableName(table).indexName(ReviewTableSchema.STATUS_INDEX)
                        .keyConditionExpression("#s = :s AND #due < :now")
                        .filterExpression("attribute_not_exists(#escalated)")
                        .expressionAttributeNames(Map.of("#s", ReviewTableSchema.STATUS, "#due", ReviewTableSchema.DUE_AT,
                                "#escalated", ReviewTableSchema.SLA_ESCALATED_AT))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status.name()),
                                ":now", AttributeValue.fromS(Timestamps.format(now))))
                        .build();
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(q).items()) {
                    out.add(ReviewTableSchema.summary(item));
                    if (out.size() >= limit) {
                        return out;
                    }
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot query overdue reviews on " + table, e);
        }
        return out;
    }

    @Override
    public boolean markBreachEscalated(String reviewId, String escalationId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(reviewId))
                    .updateExpression("SET #escalated = :at, #eid = :eid")
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#escalated)")
                    .expressionAttributeNames(Map.of("#id", ReviewTableSchema.ID, "#escalated",
                            ReviewTableSchema.SLA_ESCALATED_AT, "#eid", ReviewTableSchema.SLA_ESCALATION_ID))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(Timestamps.format(at)),
                            ":eid", AttributeValue.fromS(escalationId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot mark the SLA escalation of " + reviewId, e);
        }
    }
}
