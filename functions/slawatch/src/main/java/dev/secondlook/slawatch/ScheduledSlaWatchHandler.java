package dev.secondlook.slawatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.route.WatchSla;

import java.util.Map;

/**
 * SlaWatchFunction: on its schedule, escalates every review past its {@code dueAt} that is still PENDING or
 * IN_REVIEW, once per review. A failed publish is retried on the next run.
 */
public final class ScheduledSlaWatchHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {

    private final SlaWatchWiring wiring;

    public ScheduledSlaWatchHandler() {
        this(SlaWatchWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public ScheduledSlaWatchHandler(java.util.Map<String, String> environment) {
        this(SlaWatchWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring, for the local runtime and tests. */
    public ScheduledSlaWatchHandler(SlaWatchWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        WatchSla.Result r = wiring.watch().run();
        ObjectNode line = wiring.mapper().createObjectNode();
        line.put("level", r.failed() > 0 ? "WARN" : "INFO");
        line.put("function", "SlaWatchFunction");
        line.put("event", "sla-watch");
        line.put("overdue", r.overdue());
        line.put("escalated", r.escalated());
        line.put("failed", r.failed());
        System.out.println(line);
        return Map.of("overdue", r.overdue(), "escalated", r.escalated(), "failed", r.failed());
    }
}
