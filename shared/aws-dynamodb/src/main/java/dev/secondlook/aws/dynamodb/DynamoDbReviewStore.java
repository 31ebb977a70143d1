package dev.secondlook.aws.dynamodb;

import dev.secondlook.aws.Backoff;
import dev.secondlook.core.ingest.ReviewStore;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ReviewRecord;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Review records in DynamoDB, batched: BatchGetItem (100 keys) to find existing ids, BatchWriteItem (25 puts) to
 * write new ones, unprocessed keys and items retried with backoff. SDK errors become
 * {@link StoreUnavailableException}.
 */
public final class DynamoDbReviewStore implements ReviewStore {

    private static final int GET_BATCH = 100;
    private static final int WRITE_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Backoff backoff;

    public DynamoDbReviewStore(DynamoDbClient dynamo, String table, Backoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.backoff = backoff;
    }

    @Override
    public Set<String> existingIds(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(new HashSet<>(ids));
        for (int i = 0; i < all.size(); i += GET_BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : all.subList(i, Math.min(all.size(), i + GET_BATCH))) {
                keys.add(Map.of(ReviewTableSchema.ID, AttributeValue.fromS(id)));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("#id").expressionAttributeNames(Map.of("#id", ReviewTableSchema.ID))
                    .consistentRead(true).build());
            int attempt = 0;
            while (!request.isEmpty()) {
                BatchGetItemResponse resp;
                try {
                    Map<String, KeysAndAttributes> current = request;
                    resp = dynamo.batchGetItem(b -> b.requestItems(current));
                } catch (SdkException e) {
                    throw new StoreUnavailableException("BatchGetItem on " + table + " failed", e);
                }
                for (Map<String, AttributeValue> item : resp.responses().getOrDefault(table, List.of())) {
                    found.add(item.get(ReviewTableSchema.ID).s());
                }
                Map<String, KeysAndAttributes> unprocessed = resp.unprocessedKeys();
                if (unprocessed == null || unprocessed.isEmpty()) {
                    break;
                }
                if (++attempt >= backoff.maxAttempts()) {
                    throw new StoreUnavailableException("BatchGetItem on " + table + " left keys unprocessed after "
                            + attempt + " attempts", null);
                }
                backoff.pause(attempt);
                request = unprocessed;
            }
        }
        return found;
    }

    @Override
    public void putAll(List<ReviewRecord> records) {
        for (int i = 0; i < records.size(); i += WRITE_BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (ReviewRecord r : records.subList(i, Math.min(records.size(), i + WRITE_BATCH))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(ReviewTableSchema.toItem(r))
                        .build()).build());
            }
            write(writes);
        }
    }

    private void write(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> request = Map.of(table, writes);
        int attempt = 0;
        while (true) {
            BatchWriteItemResponse resp;
            try {
                Map<String, List<WriteRequest>> current = request;
                resp = dynamo.batchWriteItem(b -> b.requestItems(current));
            } catch (SdkException e) {
                throw new StoreUnavailableException("BatchWriteItem on " + table + " failed", e);
            }
            Map<String, List<WriteRequest>> unprocessed = resp.unprocessedItems();
            if (unprocessed == null || unprocessed.isEmpty()) {
                return;
            }
            if (++attempt >= backoff.maxAttempts()) {
                throw new StoreUnavailableException("BatchWriteItem on " + table + " left items unprocessed after "
                        + attempt + " attempts", null);
            }
            backoff.pause(attempt);
            request = unprocessed;
        }
    }
}
