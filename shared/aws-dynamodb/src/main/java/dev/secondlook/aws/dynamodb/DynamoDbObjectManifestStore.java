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
    private static final String LEASE_OWNER = "leaseOwner";

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
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ReviewItems.ID, AttributeValue.fromS(ReviewItems.manifestId(object)));
        item.put("kind", AttributeValue.fromS("manifest"));
        item.put(ReviewItems.OBJECT_STATUS, AttributeValue.fromS(IN_PROGRESS));
        item.put("bucket", AttributeValue.fromS(object.bucket()));
        item.put("key", AttributeValue.fromS(object.key()));
        item.put(ReviewItems.LEASE_UNTIL, ReviewItems.n(now.plus(lease).getEpochSecond()));
        item.put("startedAt", AttributeValue.fromS(dev.secondlook.core.model.Timestamps.format(now)));
        // who took this lease: a retried write whose first answer was lost finds its own lease, not a rival's
        String owner = java.util.UUID.randomUUID().toString();
        item.put(LEASE_OWNER, AttributeValue.fromS(owner));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id) OR (#st = :inProgress AND #lease < :now)")
                    .expressionAttributeNames(Map.of("#id", ReviewItems.ID, "#st", ReviewItems.OBJECT_STATUS,
                            "#lease", ReviewItems.LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":now", ReviewItems.n(now.getEpochSecond()))));
            held.put(ReviewItems.manifestId(object), owner);
            return Start.STARTED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = get(object);
            if (existing != null && !IN_PROGRESS.equals(ReviewItems.str(existing, ReviewItems.OBJECT_STATUS))) {
                return Start.ALREADY_DONE;
            }
            if (existing != null && owner.equals(ReviewItems.str(existing, LEASE_OWNER))) {
                held.put(ReviewItems.manifestId(object), owner);
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
            dynamo.putItem(b -> b.tableName(table).item(ReviewItems.toItem(manifest)));
            held.remove(ReviewItems.manifestId(manifest.object()));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write manifest of " + manifest.object().uri(), e);
        }
    }

    @Override
    public void abandon(ObjectRef object) {
        String id = ReviewItems.manifestId(object);
        String owner = held.remove(id);
        if (owner == null) {
            return;
        }
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(ReviewItems.ID, AttributeValue.fromS(id)))
                    .conditionExpression("#st = :inProgress AND #owner = :owner")
                    .expressionAttributeNames(Map.of("#st", ReviewItems.OBJECT_STATUS, "#owner", LEASE_OWNER))
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
        if (item == null || IN_PROGRESS.equals(ReviewItems.str(item, ReviewItems.OBJECT_STATUS))) {
            return Optional.empty();
        }
        return Optional.of(ReviewItems.manifestFrom(item));
    }

    private Map<String, AttributeValue> get(ObjectRef object) {
        try {
            GetItemResponse r = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(ReviewItems.ID, AttributeValue.fromS(ReviewItems.manifestId(object)))));
            return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read manifest of " + object.uri(), e);
        }
    }
}
