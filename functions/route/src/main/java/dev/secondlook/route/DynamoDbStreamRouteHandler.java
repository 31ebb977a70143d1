package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.route.ReviewSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RouteFunction: on the ReviewTable stream, every newly inserted review record goes to its lane's queue, and
 * page-severity records to the escalation topic too. Modifications and manifests are ignored. Returns a
 * {@link StreamsEventResponse} whose one failure (the first record not routed) is the checkpoint Lambda retries
 * from; the template bisects failing batches and sends exhausted ones to the on-failure destination.
 */
public final class DynamoDbStreamRouteHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamRouteHandler.class);

    private final RouteWiring wiring;

    public DynamoDbStreamRouteHandler() {
        this(RouteWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public DynamoDbStreamRouteHandler(java.util.Map<String, String> environment) {
        this(RouteWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring, for the local runtime and tests. */
    public DynamoDbStreamRouteHandler(RouteWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return Telemetry.invocation(context, () -> handle(event));
    }

    private StreamsEventResponse handle(DynamodbEvent event) {
        Map<String, String> sequenceByReview = new LinkedHashMap<>();
        List<ReviewSummary> inserted = new ArrayList<>();
        String poison = null;
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            Map<String, AttributeValue> image = newImage(r);
            if (!"INSERT".equals(r.getEventName()) || !ReviewTableSchema.isReview(image)) {
                continue;
            }
            try {
                ReviewSummary s = ReviewTableSchema.summary(image);
                inserted.add(s);
                sequenceByReview.putIfAbsent(s.reviewId(), r.getDynamodb().getSequenceNumber());
            } catch (RuntimeException e) {
                poison = r.getDynamodb().getSequenceNumber();
                LOG.warn("poison-record", StructuredArguments.entries(Map.of("sequenceNumber", poison,
                        "detail", String.valueOf(e.getMessage()))));
                break;
            }
        }
        List<String> failed = wiring.route().route(inserted);
        String checkpoint = failed.isEmpty() ? poison : sequenceByReview.get(failed.get(0));
        long pages = inserted.stream().filter(s -> s.severity().equals("page")).count();
        Telemetry.count("QueuedForReview", inserted.size() - failed.size());
        Telemetry.count("Escalated", pages);
        LOG.info("routed", StructuredArguments.entries(Map.of("records", records.size(), "inserted", inserted.size(),
                "pages", pages, "failed", failed.size())));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (checkpoint != null) {
            failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(checkpoint).build());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The record's new image as an SDK item (empty when the record has none), for ReviewTableSchema to decode. */
    private static Map<String, AttributeValue> newImage(DynamodbEvent.DynamodbStreamRecord r) {
        var image = r.getDynamodb() == null ? null : r.getDynamodb().getNewImage();
        return image == null ? Map.of() : DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
