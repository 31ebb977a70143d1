package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.failure.StoreUnavailableException;
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
 * Overdue reviews from the {@code status-dueAt} GSI (statuses PENDING and IN_REVIEW, {@code dueAt < now}, not yet
 * escalated), and the conditional mark that makes a breach escalate once.
 */
public final class DynamoDbSlaStore implements SlaStore {

    public static final String INDEX = "status-dueAt";
    private static final List<String> OPEN_STATUSES = List.of("PENDING", "IN_REVIEW");

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
            for (String status : OPEN_STATUSES) {
                QueryRequest q = QueryRequest.builder().tableName(table).indexName(INDEX)
                        .keyConditionExpression("#s = :s AND #due < :now")
                        .filterExpression("attribute_not_exists(slaEscalatedAt)")
                        .expressionAttributeNames(Map.of("#s", "status", "#due", "dueAt"))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status),
                                ":now", AttributeValue.fromS(Timestamps.format(now))))
                        .build();
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(q).items()) {
                    out.add(ReviewSummaries.from(item));
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
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(reviewId)))
                    .updateExpression("SET slaEscalatedAt = :at, slaEscalationId = :eid")
                    .conditionExpression("attribute_exists(id) AND attribute_not_exists(slaEscalatedAt)")
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
