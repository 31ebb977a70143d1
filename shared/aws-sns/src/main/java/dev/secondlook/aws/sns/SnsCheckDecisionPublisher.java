package dev.secondlook.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.PartialBatch;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.CheckDecisionPublisher;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision topic: one message per resolved hold ({@code contracts/check-decision.v1}: check id and status,
 * never text). PublishBatch of 10; failed entries retried with backoff. Message attribute {@code status} lets a
 * subscription filter (e.g. only {@code expired}).
 */
public final class SnsCheckDecisionPublisher implements CheckDecisionPublisher {

    private static final int BATCH = 10;

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper mapper;
    private final Backoff backoff;

    public SnsCheckDecisionPublisher(SnsClient sns, String topicArn, ObjectMapper mapper, Backoff backoff) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.mapper = mapper;
        this.backoff = backoff;
    }

    @Override
    public Set<String> publishAll(List<CheckDecisionEvent> events) {
        Set<String> failed = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i += BATCH) {
            failed.addAll(publish(events.subList(i, Math.min(events.size(), i + BATCH))));
        }
        return failed;
    }

    private Set<String> publish(List<CheckDecisionEvent> batch) {
        Map<String, PublishBatchRequestEntry> pending = new LinkedHashMap<>();
        Map<String, String> checkByEntry = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            CheckDecisionEvent e = batch.get(i);
            String entryId = "d" + i;
            checkByEntry.put(entryId, e.checkId());
            pending.put(entryId, PublishBatchRequestEntry.builder().id(entryId).message(json(e))
                    .messageAttributes(Map.of("status", MessageAttributeValue.builder().dataType("String")
                            .stringValue(e.status().wireName()).build()))
                    .build());
        }
        Set<String> failed = new LinkedHashSet<>();
        for (String entryId : PartialBatch.send(pending, entries -> {
            PublishBatchResponse resp = sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries));
            Set<String> ok = new HashSet<>();
            resp.successful().forEach(r -> ok.add(r.id()));
            boolean retryable = resp.failed().stream().anyMatch(f -> !Boolean.TRUE.equals(f.senderFault()));
            return new PartialBatch.Outcome(ok, retryable);
        }, backoff)) {
            failed.add(checkByEntry.get(entryId));
        }
        return failed;
    }

    private String json(CheckDecisionEvent e) {
        try {
            return mapper.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("decision event is not serialisable", x);
        }
    }
}
