package dev.secondlook.slawatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.secondlook.core.gate.ExpireHolds;
import dev.secondlook.core.route.WatchSla;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

import java.util.Map;

/**
 * SlaWatchFunction: on its schedule, expires every hold past its time that no reviewer decided (one conditional
 * write each; the stream announces the decision), then escalates every review past its {@code dueAt} that is still
 * PENDING or IN_REVIEW, once per review. A failed publish is retried on the next run.
 */
public final class ScheduledSlaWatchHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSlaWatchHandler.class);

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
        return Telemetry.invocation(context, () -> {
            ExpireHolds.Result holds = wiring.expiry().run();
            WatchSla.Result r = wiring.watch().run();
            Map<String, Integer> counts = Map.of("overdue", r.overdue(), "escalated", r.escalated(), "failed",
                    r.failed(), "holdsDue", holds.due(), "holdsExpired", holds.expired());
            Telemetry.count("SlaBreachesEscalated", r.escalated());
            Telemetry.count("HoldsExpired", holds.expired());
            if (r.failed() > 0) {
                LOG.warn("sla-watch", StructuredArguments.entries(counts));
            } else {
                LOG.info("sla-watch", StructuredArguments.entries(counts));
            }
            return counts;
        });
    }
}
