package dev.secondlook.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Plays the Lambda service's part for an SQS event source: receives up to {@code batchSize} messages, hands them
 * to the handler as a real {@link SQSEvent}, deletes the ones not reported in the partial batch response, and
 * leaves the failed ones to come back after their visibility timeout (and to the DLQ by the queue's redrive
 * policy). A handler that throws fails the whole batch, as in Lambda.
 */
public final class SqsEventSource {

    /** Counts of one poll. */
    public record Poll(int received, int deleted, int failed) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final Function<SQSEvent, SQSBatchResponse> handler;

    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
                          Function<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchSize = batchSize;
        this.handler = handler;
    }

    /** Receives one batch (waiting up to {@code waitSeconds}) and invokes the handler with it. */
    public Poll pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
        if (messages.isEmpty()) {
            return new Poll(0, 0, 0);
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            records.add(toLambda(m));
        }
        event.setRecords(records);
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.apply(event);
            if (response != null && response.getBatchItemFailures() != null) {
                for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                    failed.add(f.getItemIdentifier());
                }
            }
        } catch (RuntimeException e) {
            for (Message m : messages) {
                failed.add(m.messageId());
            }
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(deletes.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        }
        return new Poll(messages.size(), deletes.size(), failed.size());
    }

    private SQSEvent.SQSMessage toLambda(Message m) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setMd5OfBody(m.md5OfBody());
        Map<String, String> attrs = new HashMap<>();
        m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
        r.setAttributes(attrs);
        r.setMessageAttributes(new HashMap<>());
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        r.setAwsRegion(region);
        return r;
    }
}
