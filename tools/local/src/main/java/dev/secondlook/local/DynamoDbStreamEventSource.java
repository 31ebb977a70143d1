package dev.secondlook.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plays the Lambda service's part for a DynamoDB stream event source: reads each shard from its starting
 * position in batches, hands the handler a real {@link DynamodbEvent}, and honours the partial batch response: a
 * reported sequence number is the checkpoint the next batch restarts from. After {@code maxRetries} failed
 * attempts of one batch the records are handed to {@code onFailure} (the template's on-failure destination) and
 * skipped, as Lambda does with MaximumRetryAttempts.
 */
public final class DynamoDbStreamEventSource {

    /** Counts of one poll. */
    public record Poll(int delivered, int failedBatches, int discarded) {
    }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final int batchSize;
    private final int maxRetries;
    private final Function<DynamodbEvent, StreamsEventResponse> handler;
    private final java.util.function.Consumer<List<DynamodbEvent.DynamodbStreamRecord>> onFailure;
    private final Map<String, String> checkpoint = new LinkedHashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private boolean started;

    public DynamoDbStreamEventSource(DynamoDbStreamsClient streams, String streamArn, String region, int batchSize,
                                     boolean fromTrimHorizon, int maxRetries,
                                     Function<DynamodbEvent, StreamsEventResponse> handler,
                                     java.util.function.Consumer<List<DynamodbEvent.DynamodbStreamRecord>> onFailure) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
        this.batchSize = batchSize;
        this.started = fromTrimHorizon;
        this.maxRetries = maxRetries;
        this.handler = handler;
        this.onFailure = onFailure;
    }

    /** Reads every shard once from its checkpoint and invokes the handler for each non-empty batch. */
    public Poll pollOnce() {
        int delivered = 0;
        int failed = 0;
        int discarded = 0;
        List<Shard> shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        for (Shard shard : shards) {
            String after = checkpoint.get(shard.shardId());
            String iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId());
                if (after != null) {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                } else {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                }
            }).shardIterator();
            int pages = 0;
            while (iterator != null && pages++ < 1000) {
                String it = iterator;
                GetRecordsResponse resp = streams.getRecords(b -> b.shardIterator(it).limit(batchSize));
                if (resp.records().isEmpty()) {
                    break;
                }
                if (!started) {
                    // LATEST: skip what the stream held before this source started
                    checkpoint.put(shard.shardId(), resp.records().get(resp.records().size() - 1).dynamodb()
                            .sequenceNumber());
                    iterator = resp.nextShardIterator();
                    continue;
                }
                List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
                for (Record r : resp.records()) {
                    batch.add(toLambda(r));
                }
                DynamodbEvent event = new DynamodbEvent();
                event.setRecords(batch);
                String failedAt = invoke(event, batch);
                delivered += batch.size();
                if (failedAt == null) {
                    checkpoint.put(shard.shardId(), batch.get(batch.size() - 1).getDynamodb().getSequenceNumber());
                    attempts.remove(shard.shardId());
                    iterator = resp.nextShardIterator();
                    continue;
                }
                failed++;
                int n = attempts.merge(shard.shardId(), 1, Integer::sum);
                List<DynamodbEvent.DynamodbStreamRecord> rest = from(batch, failedAt);
                if (n > maxRetries) {
                    onFailure.accept(rest);
                    discarded += rest.size();
                    checkpoint.put(shard.shardId(), batch.get(batch.size() - 1).getDynamodb().getSequenceNumber());
                    attempts.remove(shard.shardId());
                } else {
                    int idx = batch.indexOf(rest.get(0));
                    if (idx > 0) {
                        checkpoint.put(shard.shardId(), batch.get(idx - 1).getDynamodb().getSequenceNumber());
                    }
                }
                break;
            }
        }
        started = true;
        return new Poll(delivered, failed, discarded);
    }

    /** Invokes the handler; returns the sequence number to restart from, or null when the batch succeeded. */
    private String invoke(DynamodbEvent event, List<DynamodbEvent.DynamodbStreamRecord> batch) {
        try {
            StreamsEventResponse response = handler.apply(event);
            if (response == null || response.getBatchItemFailures() == null
                    || response.getBatchItemFailures().isEmpty()) {
                return null;
            }
            return response.getBatchItemFailures().get(0).getItemIdentifier();
        } catch (RuntimeException e) {
            return batch.get(0).getDynamodb().getSequenceNumber();
        }
    }

    private static List<DynamodbEvent.DynamodbStreamRecord> from(List<DynamodbEvent.DynamodbStreamRecord> batch,
                                                                 String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).getDynamodb().getSequenceNumber().equals(sequenceNumber)) {
                return batch.subList(i, batch.size());
            }
        }
        return batch;
    }

    private DynamodbEvent.DynamodbStreamRecord toLambda(Record r) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(r.eventID());
        out.setEventName(r.eventNameAsString());
        out.setEventVersion(r.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(region);
        out.setEventSourceARN(streamArn);
        StreamRecord s = new StreamRecord();
        var d = r.dynamodb();
        s.setKeys(convert(d.keys()));
        if (d.hasNewImage()) {
            s.setNewImage(convert(d.newImage()));
        }
        if (d.hasOldImage()) {
            s.setOldImage(convert(d.oldImage()));
        }
        s.setSequenceNumber(d.sequenceNumber());
        s.setSizeBytes(d.sizeBytes());
        s.setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
        if (d.approximateCreationDateTime() != null) {
            s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
        }
        out.setDynamodb(s);
        return out;
    }

    /** SDK v2 attribute values as the Lambda event model's. */
    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> convert(
            Map<String, AttributeValue> in) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
                new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, convert(v)));
        return out;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue convert(
            AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.setNULL(true);
        } else if (v.hasM()) {
            out.setM(convert(v.m()));
        } else if (v.hasL()) {
            List<com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> l = new ArrayList<>();
            v.l().forEach(x -> l.add(convert(x)));
            out.setL(l);
        } else if (v.hasSs()) {
            out.setSS(v.ss());
        } else if (v.hasNs()) {
            out.setNS(v.ns());
        } else if (v.b() != null) {
            out.setB(v.b().asByteBuffer());
        }
        return out;
    }
}
