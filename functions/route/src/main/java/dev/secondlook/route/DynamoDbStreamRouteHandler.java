package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.route.ReviewSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RouteFunction: on the ReviewTable stream, every newly inserted review record goes to its lane's queue (held
 * outputs to the hold queue, with a page), page-severity records to the escalation topic too; and every hold a
 * reviewer or the timeout resolved is announced on the decision topic. Other modifications and manifests are
 * ignored. Returns a {@link StreamsEventResponse} whose one failure (the first record not handled) is the
 * checkpoint Lambda retries from; the template bisects failing batches and sends exhausted ones to the on-failure
 * destination.
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
        // stream position of each routed review and each announced check, to checkpoint at the first that failed
        Map<String, Integer> positionOfReview = new HashMap<>();
        Map<String, Integer> positionOfCheck = new HashMap<>();
        List<ReviewSummary> inserted = new ArrayList<>();
        List<CheckDecisionEvent> decisions = new ArrayList<>();
        Integer poison = null;
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord r = records.get(i);
            Map<String, AttributeValue> image = image(r, true);
            try {
                if ("INSERT".equals(r.getEventName()) && ReviewTableSchema.isReview(image)) {
                    ReviewSummary s = ReviewTableSchema.summary(image);
                    inserted.add(s);
                    positionOfReview.putIfAbsent(s.reviewId(), i);
                } else if ("MODIFY".equals(r.getEventName()) && ReviewTableSchema.isReview(image)) {
                    Optional<CheckDecisionEvent> d = ReviewTableSchema.resolvedHold(image(r, false), image);
                    if (d.isPresent()) {
                        decisions.add(d.get());
                        positionOfCheck.putIfAbsent(d.get().checkId(), i);
                    }
                }
            } catch (RuntimeException e) {
                poison = i;
                LOG.warn("poison-record", LogFields.of(Map.of("sequenceNumber",
                        r.getDynamodb().getSequenceNumber(), "detail", String.valueOf(e.getMessage()))));
                break;
            }
        }
        List<String> failed = wiring.route().route(inserted);
        List<String> failedDecisions = wiring.decisions().publish(decisions);
        Integer first = poison;
        for (String id : failed) {
            first = earliest(first, positionOfReview.get(id));
        }
        for (String id : failedDecisions) {
            first = earliest(first, positionOfCheck.get(id));
        }
        long pages = inserted.stream().filter(s -> s.severity() == Severity.PAGE).count();
        Telemetry.count("QueuedForReview", inserted.size() - failed.size());
        Telemetry.count("Escalated", pages);
        Telemetry.count("CheckDecisionsAnnounced", decisions.size() - failedDecisions.size());
        LOG.info("routed", LogFields.of(Map.of("records", records.size(), "inserted", inserted.size(),
                "pages", pages, "failed", failed.size(), "decisions", decisions.size(), "failedDecisions",
                failedDecisions.size())));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (first != null) {
            failures.add(StreamsEventResponse.BatchItemFailure.builder()
                    .withItemIdentifier(records.get(first).getDynamodb().getSequenceNumber()).build());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static Integer earliest(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Math.min(a, b);
    }

    /** A record's new (or old) image as an SDK item (empty when it has none), for ReviewTableSchema to decode. */
    private static Map<String, AttributeValue> image(DynamodbEvent.DynamodbStreamRecord r, boolean newImage) {
        var ddb = r.getDynamodb();
        var image = ddb == null ? null : newImage ? ddb.getNewImage() : ddb.getOldImage();
        return image == null ? Map.of() : DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
