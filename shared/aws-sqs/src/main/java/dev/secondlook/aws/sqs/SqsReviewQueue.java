package dev.secondlook.aws.sqs;

import dev.secondlook.core.model.Lane;
import dev.secondlook.aws.PartialBatch;
import dev.secondlook.aws.Backoff;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.ReviewQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review queues, one per lane (hold, priority, routine). SendMessageBatch of 10 per lane; failed entries are
 * retried with backoff; what still fails is reported by review id. Messages carry {@code lane} and
 * {@code severity} attributes.
 */
public final class SqsReviewQueue implements ReviewQueue {

    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final Map<Lane, String> queueUrlByLane;
    private final ObjectMapper mapper;
    private final Backoff backoff;

    public SqsReviewQueue(SqsClient sqs, String holdQueueUrl, String priorityQueueUrl, String routineQueueUrl,
                          ObjectMapper mapper, Backoff backoff) {
        this.sqs = sqs;
        this.queueUrlByLane = Map.of(Lane.HOLD, holdQueueUrl, Lane.PRIORITY, priorityQueueUrl, Lane.ROUTINE,
                routineQueueUrl);
        this.mapper = mapper;
        this.backoff = backoff;
    }

    @Override
    public Set<String> sendAll(List<QueueMessage> messages) {
        Set<String> failed = new LinkedHashSet<>();
        for (Map.Entry<Lane, String> lane : queueUrlByLane.entrySet()) {
            List<QueueMessage> forLane = messages.stream().filter(m -> m.lane() == lane.getKey()).toList();
            for (int i = 0; i < forLane.size(); i += BATCH) {
                failed.addAll(send(lane.getValue(), forLane.subList(i, Math.min(forLane.size(), i + BATCH))));
            }
        }
        return failed;
    }

    private Set<String> send(String queueUrl, List<QueueMessage> batch) {
        Map<String, SendMessageBatchRequestEntry> pending = new java.util.LinkedHashMap<>();
        Map<String, String> reviewIdByEntry = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            QueueMessage m = batch.get(i);
            String entryId = "m" + i;
            reviewIdByEntry.put(entryId, m.reviewId());
            pending.put(entryId, SendMessageBatchRequestEntry.builder().id(entryId).messageBody(json(m))
                    .messageAttributes(Map.of(
                            "lane", MessageAttributeValue.builder().dataType("String").stringValue(m.lane().wireName()).build(),
                            "severity", MessageAttributeValue.builder().dataType("String").stringValue(m.severity().wireName())
                                    .build(),
                            "schema", MessageAttributeValue.builder().dataType("String").stringValue(m.schema())
                                    .build()))
                    .build());
        }
        Set<String> failed = new LinkedHashSet<>();
        for (String entryId : PartialBatch.send(pending, entries -> {
            SendMessageBatchResponse resp = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            Set<String> ok = new java.util.HashSet<>();
            resp.successful().forEach(r -> ok.add(r.id()));
            boolean retryable = resp.failed().stream().anyMatch(f -> !Boolean.TRUE.equals(f.senderFault()));
            return new PartialBatch.Outcome(ok, retryable);
        }, backoff)) {
            failed.add(reviewIdByEntry.get(entryId));
        }
        return failed;
    }

    private String json(QueueMessage m) {
        try {
            return mapper.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue message is not serialisable", e);
        }
    }
}
