package dev.secondlook.aws.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.route.QueueMessage;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.review.ReviewInbox;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review queues (hold, priority, routine) as reviewers pull from them; a received message stays invisible for
 * the lease.
 */
public final class SqsReviewInbox implements ReviewInbox {

    private final SqsClient sqs;
    private final Map<Lane, String> queueUrlByLane;
    private final ObjectMapper mapper;

    public SqsReviewInbox(SqsClient sqs, String holdQueueUrl, String priorityQueueUrl, String routineQueueUrl,
                          ObjectMapper mapper) {
        this.sqs = sqs;
        this.queueUrlByLane = Map.of(Lane.HOLD, holdQueueUrl, Lane.PRIORITY, priorityQueueUrl, Lane.ROUTINE,
                routineQueueUrl);
        this.mapper = mapper;
    }

    @Override
    public Optional<Delivery> receive(Lane lane, Duration lease) {
        List<Message> messages;
        try {
            messages = sqs.receiveMessage(b -> b.queueUrl(url(lane)).maxNumberOfMessages(1)
                    .visibilityTimeout((int) lease.toSeconds()).waitTimeSeconds(0)).messages();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot receive from the " + lane.wireName() + " review queue", e);
        }
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        Message m = messages.get(0);
        return Optional.of(new Delivery(reviewId(m.body()), lane, m.receiptHandle()));
    }

    /** The review id a message points to; "" for a body that is not a queue message (it is then dropped). */
    private String reviewId(String body) {
        try {
            JsonNode n = mapper.readTree(body);
            return n == null ? "" : n.path("reviewId").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void delete(Lane lane, String receipt) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(url(lane)).receiptHandle(receipt));
        } catch (SdkException e) {
            // a stale receipt: the message comes back after its visibility timeout and is then dropped as reviewed
        }
    }

    @Override
    public void requeue(Lane lane, String receipt, QueueMessage pointer) {
        String body;
        try {
            body = mapper.writeValueAsString(pointer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a queue message", e);
        }
        try {
            sqs.sendMessage(b -> b.queueUrl(url(lane)).messageBody(body).messageAttributes(Map.of(
                    "lane", MessageAttributeValue.builder().dataType("String").stringValue(lane.wireName()).build(),
                    "severity", MessageAttributeValue.builder().dataType("String")
                            .stringValue(pointer.severity().wireName()).build(),
                    "schema", MessageAttributeValue.builder().dataType("String").stringValue(pointer.schema())
                            .build())));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot put a fresh pointer on the " + lane.wireName()
                    + " review queue", e);
        }
        if (receipt != null) {
            delete(lane, receipt);
        }
    }

    @Override
    public void extend(Lane lane, String receipt, Duration lease) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(url(lane)).receiptHandle(receipt)
                    .visibilityTimeout((int) Math.min(lease.toSeconds(), 43_200)));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot keep the claimed message hidden on the " + lane.wireName()
                    + " review queue", e);
        }
    }

    private String url(Lane lane) {
        String url = queueUrlByLane.get(lane);
        if (url == null) {
            throw new IllegalArgumentException("unknown lane " + lane);
        }
        return url;
    }
}
