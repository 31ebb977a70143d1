package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.ingest.ObjectManifestStore;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Object manifests in the ReviewTable. {@link #begin} is the one conditional write per object: it takes a lease
 * only when no worker finished or holds the object.
 */
public final class DynamoDbObjectManifestStore implements ObjectManifestStore {

    private static final String IN_PROGRESS = "IN_PROGRESS";

    private final DynamoDbClient dynamo;
    private final String table;
    /** The owner token of each lease this instance holds, by manifest id, for {@link #abandon}. */
    private final Map<String, String> held = new java.util.concurrent.ConcurrentHashMap<>();

    public DynamoDbObjectManifestStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Start begin(ObjectRef object, Instant now, Duration lease) {
        // who took this lease: a retried write whose first answer was lost finds its own lease, not a rival's
        String owner = java.util.UUID.randomUUID().toString();
        Map<String, AttributeValue> item = ReviewTableSchema.leaseItem(object, IN_PROGRESS, now, now.plus(lease), owner);
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id) OR (#st = :inProgress AND #lease < :now)")
                    .expressionAttributeNames(Map.of("#id", ReviewTableSchema.ID, "#st", ReviewTableSchema.OBJECT_STATUS,
                            "#lease", ReviewTableSchema.LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":now", ReviewTableSchema.n(now.getEpochSecond()))));
            held.put(ReviewTableSchema.manifestId(object), owner);
            return Start.STARTED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = get(object);
            if (existing != null && !IN_PROGRESS.equals(ReviewTableSchema.str(existing, ReviewTableSchema.OBJECT_STATUS))) {
                return Start.ALREADY_DONE;
            }
            if (existing != null && owner.equals(ReviewTableSchema.str(existing, ReviewTableSchema.LEASE_OWNER))) {
                held.put(ReviewTableSchema.manifestId(object), owner);
                return Start.STARTED;
            }
            return Start.BUSY;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot claim manifest of " + object.uri(), e);
        }
    }

    @Override
    public void complete(ObjectManifest manifest) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(ReviewTableSchema.toItem(manifest)));
            held.remove(ReviewTableSchema.manifestId(manifest.object()));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write manifest of " + manifest.object().uri(), e);
        }
    }

    @Override
    public void abandon(ObjectRef object) {
        String id = ReviewTableSchema.manifestId(object);
        String owner = held.remove(id);
        if (owner == null) {
            return;
        }
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(ReviewTableSchema.ID, AttributeValue.fromS(id)))
                    .conditionExpression("#st = :inProgress AND #owner = :owner")
                    .expressionAttributeNames(Map.of("#st", ReviewTableSchema.OBJECT_STATUS, "#owner", ReviewTableSchema.LEASE_OWNER))
                    .expressionAttributeValues(Map.of(":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":owner", AttributeValue.fromS(owner))));
        } catch (ConditionalCheckFailedException e) {
            // no longer ours (lapsed and taken, or finished): nothing to give back
        } catch (SdkException e) {
            // best effort: the lease lapses on its own
        }
    }

    @Override
    public Optional<ObjectManifest> find(ObjectRef object) {
        Map<String, AttributeValue> item = get(object);
        if (item == null || IN_PROGRESS.equals(ReviewTableSchema.str(item, ReviewTableSchema.OBJECT_STATUS))) {
            return Optional.empty();
        }
        return Optional.of(ReviewTableSchema.manifest(item));
    }

    private Map<String, AttributeValue> get(ObjectRef object) {
        try {
            GetItemResponse r = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(ReviewTableSchema.ID, AttributeValue.fromS(ReviewTableSchema.manifestId(object)))));
            return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read manifest of " + object.uri(), e);
        }
    }
}
