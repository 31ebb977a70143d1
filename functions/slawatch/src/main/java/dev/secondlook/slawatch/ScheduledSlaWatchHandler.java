package dev.secondlook.slawatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.secondlook.core.gate.ExpireHolds;
import dev.secondlook.core.incident.RepageIncidents;
import dev.secondlook.core.route.WatchSla;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SlaWatchFunction: on its schedule, expires every hold past its time that no reviewer decided (one conditional
 * write each; the stream announces the decision), then escalates every review past its {@code dueAt} that is still
 * PENDING or IN_REVIEW, once per review, and pages again, once, every sev1/sev2 incident nobody acknowledged within
 * its SLA. A failed publish is retried on the next run.
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
            RepageIncidents.Result incidents = wiring.repage().run();
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("overdue", r.overdue());
            counts.put("escalated", r.escalated());
            counts.put("failed", r.failed());
            counts.put("holdsDue", holds.due());
            counts.put("holdsExpired", holds.expired());
            counts.put("incidentsUnacknowledged", incidents.due());
            counts.put("incidentsRepaged", incidents.paged());
            counts.put("incidentRepagesFailed", incidents.failed());
            Telemetry.count("SlaBreachesEscalated", r.escalated());
            Telemetry.count("HoldsExpired", holds.expired());
            Telemetry.count("IncidentsRepaged", incidents.paged());
            if (r.failed() > 0 || incidents.failed() > 0) {
                LOG.warn("sla-watch", LogFields.of(counts));
            } else {
                LOG.info("sla-watch", LogFields.of(counts));
            }
            return counts;
        });
    }
}
