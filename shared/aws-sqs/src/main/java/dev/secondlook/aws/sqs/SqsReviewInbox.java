package dev.secondlook.aws.sqs;

import dev.secondlook.core.model.Lane;
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

/** The review queues as reviewers pull from them; a received message stays invisible for the lease. */
public final class SqsReviewInbox implements ReviewInbox {

    private final SqsClient sqs;
    private final Map<Lane, String> queueUrlByLane;
    private final ObjectMapper mapper;

    public SqsReviewInbox(SqsClient sqs, String priorityQueueUrl, String routineQueueUrl, ObjectMapper mapper) {
        this.sqs = sqs;
        this.queueUrlByLane = Map.of(Lane.PRIORITY, priorityQueueUrl, Lane.ROUTINE, routineQueueUrl);
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
    public void returnNow(Lane lane, String receipt) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(url(lane)).receiptHandle(receipt).visibilityTimeout(0));
        } catch (SdkException e) {
            // a stale receipt: the message comes back when its lease lapses anyway
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
