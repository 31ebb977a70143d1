package dev.secondlook.scorecard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.scorecard.PublishScorecard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.Map;

/**
 * ScorecardFunction: on its schedule, the scorecard of the last window (JSON and HTML in the eval bucket), each
 * category's rate as a CloudWatch metric, and a page for each category whose interval lies above its policy target,
 * once per window. Logs counts only.
 */
public final class ScheduledScorecardHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledScorecardHandler.class);

    private final ScorecardWiring wiring;

    public ScheduledScorecardHandler() {
        this(ScorecardWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public ScheduledScorecardHandler(Map<String, String> environment) {
        this(ScorecardWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring, for the local runtime and tests. */
    public ScheduledScorecardHandler(ScorecardWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invocation(context, () -> {
            PublishScorecard.Result r = wiring.publish().run();
            Map<String, Object> out = Map.of("report", r.reportUri(), "metrics", r.metrics(), "breaches",
                    r.breaches(), "paged", r.paged(), "reviewed", r.reviewed(), "judged", r.judged());
            Telemetry.count("RateBreachesPaged", r.paged());
            LOG.info("scorecard", LogFields.of(out));
            return out;
        });
    }
}
