package dev.secondlook.aws.sns;

import dev.secondlook.aws.PartialBatch;
import dev.secondlook.aws.Backoff;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.EscalationPublisher;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The escalation topic. PublishBatch of 10; failed entries retried with backoff. Message attributes
 * {@code severity} (String), {@code category} (String.Array) and {@code kind} let subscriptions filter.
 */
public final class SnsEscalationPublisher implements EscalationPublisher {

    /** SNS messages and batches are limited to 256 KB. */
    static final int MAX_BYTES = 256 * 1024;
    private static final int BATCH = 10;

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper mapper;
    private final Backoff backoff;

    public SnsEscalationPublisher(SnsClient sns, String topicArn, ObjectMapper mapper, Backoff backoff) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.mapper = mapper;
        this.backoff = backoff;
    }

    @Override
    public Set<String> publishAll(List<Escalation> escalations) {
        Set<String> failed = new LinkedHashSet<>();
        for (int i = 0; i < escalations.size(); i += BATCH) {
            failed.addAll(publish(escalations.subList(i, Math.min(escalations.size(), i + BATCH))));
        }
        return failed;
    }

    private Set<String> publish(List<Escalation> batch) {
        Map<String, PublishBatchRequestEntry> pending = new java.util.LinkedHashMap<>();
        Map<String, String> escalationByEntry = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Escalation e = batch.get(i);
            String body = SnsMessages.json(mapper, e, "escalation");
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES / BATCH) {
                throw new IllegalStateException("escalation " + e.escalationId() + " exceeds its size budget");
            }
            String entryId = "e" + i;
            escalationByEntry.put(entryId, e.escalationId());
            pending.put(entryId, PublishBatchRequestEntry.builder().id(entryId).message(body)
                    .subject(subject(e))
                    .messageAttributes(Map.of(
                            "severity", SnsMessages.attr("String", e.severity().wireName()),
                            "kind", SnsMessages.attr("String", e.kind()),
                            "category", SnsMessages.attr("String.Array",
                                    SnsMessages.json(mapper, e.categories(), "categories"))))
                    .build());
        }
        Set<String> failed = new LinkedHashSet<>();
        for (String entryId : PartialBatch.send(pending, entries -> {
            PublishBatchResponse resp = sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(
                    entries));
            Set<String> ok = new java.util.HashSet<>();
            resp.successful().forEach(r -> ok.add(r.id()));
            boolean retryable = resp.failed().stream().anyMatch(f -> !Boolean.TRUE.equals(f.senderFault()));
            return new PartialBatch.Outcome(ok, retryable);
        }, backoff)) {
            failed.add(escalationByEntry.get(entryId));
        }
        return failed;
    }

    /** A subject for e-mail subscriptions: labels only, at most 100 characters as SNS requires. */
    private static String subject(Escalation e) {
        String s = "[secondlook] " + (e.kind().equals(Escalation.SLA_BREACH) ? "SLA breach" : "page") + ": "
                + String.join(", ", e.categories());
        return SnsMessages.subject(s);
    }
}
