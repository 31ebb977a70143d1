package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.route.ReviewSummary;

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
        Map<String, String> sequenceByReview = new LinkedHashMap<>();
        List<ReviewSummary> inserted = new ArrayList<>();
        String poison = null;
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            if (!"INSERT".equals(r.getEventName()) || !StreamImages.isReview(r.getDynamodb().getNewImage())) {
                continue;
            }
            try {
                ReviewSummary s = StreamImages.summary(r.getDynamodb().getNewImage());
                inserted.add(s);
                sequenceByReview.putIfAbsent(s.reviewId(), r.getDynamodb().getSequenceNumber());
            } catch (RuntimeException e) {
                poison = r.getDynamodb().getSequenceNumber();
                log("poison-record", Map.of("sequenceNumber", poison, "detail", e.getMessage()));
                break;
            }
        }
        List<String> failed = wiring.route().route(inserted);
        String checkpoint = failed.isEmpty() ? poison : sequenceByReview.get(failed.get(0));
        log("routed", Map.of("records", Integer.toString(records.size()), "inserted",
                Integer.toString(inserted.size()), "failed", Integer.toString(failed.size())));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (checkpoint != null) {
            failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(checkpoint).build());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private void log(String event, Map<String, String> fields) {
        ObjectNode line = wiring.mapper().createObjectNode();
        line.put("level", event.equals("routed") ? "INFO" : "WARN");
        line.put("function", "RouteFunction");
        line.put("event", event);
        fields.forEach(line::put);
        System.out.println(line);
    }
}
