package dev.secondlook.feedback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.feedback.ReviewedRecord;
import dev.secondlook.core.incident.DeliveredOutput;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FeedbackFunction: on the ReviewTable stream, every record that reaches REVIEWED with an off-policy verdict
 * becomes one eval case (keyed by review id, so redelivery rewrites the same case); when the output had already
 * reached its customer, it opens one incident too (keyed by review id as well), which pages for sev1 and sev2.
 * The first record that could not be handled is reported as the checkpoint.
 */
public final class DynamoDbStreamFeedbackHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamFeedbackHandler.class);

    private static final String OFF_POLICY = "off-policy";

    private final FeedbackWiring wiring;

    public DynamoDbStreamFeedbackHandler() {
        this(FeedbackWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public DynamoDbStreamFeedbackHandler(java.util.Map<String, String> environment) {
        this(FeedbackWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring, for the local runtime and tests. */
    public DynamoDbStreamFeedbackHandler(FeedbackWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return Telemetry.invocation(context, () -> handle(event));
    }

    private StreamsEventResponse handle(DynamodbEvent event) {
        int cases = 0;
        int incidents = 0;
        int retracted = 0;
        String failedAt = null;
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            if (!"MODIFY".equals(r.getEventName())) {
                continue;
            }
            Map<String, AttributeValue> img = newImage(r);
            if (!ReviewTableSchema.hasVerdict(img)) {
                continue;
            }
            try {
                ReviewedRecord reviewed = ReviewTableSchema.reviewed(img);
                String incidentId = null;
                if (OFF_POLICY.equals(reviewed.outcome())) {
                    // an output a customer already got: an incident first, so that its eval case can name it
                    Optional<DeliveredOutput> delivered = ReviewTableSchema.delivered(img);
                    if (delivered.isPresent()) {
                        incidentId = wiring.incidents().open(delivered.get()).incidentId();
                        incidents++;
                    }
                }
                if (wiring.feedback().record(reviewed, incidentId)) {
                    cases++;
                } else if (wasOffPolicy(r)) {
                    // the reviewer amended an off-policy verdict to on-policy within the window
                    wiring.feedback().retract(reviewed.reviewId());
                    retracted++;
                }
            } catch (StoreUnavailableException e) {
                failedAt = r.getDynamodb().getSequenceNumber();
                break;
            }
        }
        Telemetry.count("EvalCases", cases);
        Telemetry.count("Incidents", incidents);
        Map<String, Object> counts = Map.of("records", records.size(), "evalCases", cases, "incidents", incidents,
                "evalCasesRetracted", retracted, "retryFrom", failedAt == null ? "" : failedAt);
        if (failedAt == null) {
            LOG.info("feedback", LogFields.of(counts));
        } else {
            LOG.warn("feedback", LogFields.of(counts));
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (failedAt != null) {
            failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failedAt).build());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Whether the record's old image held an off-policy verdict. */
    private static boolean wasOffPolicy(DynamodbEvent.DynamodbStreamRecord r) {
        var image = r.getDynamodb() == null ? null : r.getDynamodb().getOldImage();
        if (image == null) {
            return false;
        }
        Map<String, AttributeValue> old = DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
        return ReviewTableSchema.hasVerdict(old) && OFF_POLICY.equals(ReviewTableSchema.reviewed(old).outcome());
    }

    /** The record's new image as an SDK item (empty when the record has none), for ReviewTableSchema to decode. */
    private static Map<String, AttributeValue> newImage(DynamodbEvent.DynamodbStreamRecord r) {
        var image = r.getDynamodb() == null ? null : r.getDynamodb().getNewImage();
        return image == null ? Map.of() : DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
