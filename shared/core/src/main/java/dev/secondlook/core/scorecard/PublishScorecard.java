package dev.secondlook.core.scorecard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.stats.RateEstimate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Use case: the scheduled scorecard. Builds the scorecard of the last whole window (ending at the current hour),
 * stores it as JSON and HTML, publishes each category's rate as a metric, and pages each category whose interval
 * lies above its policy target, once per window: the page is marked after it is published, so a failed publish
 * pages on the next run and a successful one never twice (an escalation id stable per category and window lets a
 * pager drop the rare duplicate of a run that died between the two).
 */
public final class PublishScorecard {

    /** What one run did. */
    public record Result(String reportUri, int metrics, int breaches, int paged, long reviewed, long judged) {
    }

    private final BuildScorecard build;
    private final ScorecardReports reports;
    private final ScorecardMetrics metrics;
    private final RateBreachPublisher pages;
    private final BreachMarks marks;
    private final Map<String, Double> targets;
    private final Duration window;
    private final Clock clock;
    private final ObjectMapper mapper;

    public PublishScorecard(BuildScorecard build, ScorecardReports reports, ScorecardMetrics metrics,
                            RateBreachPublisher pages, BreachMarks marks, Map<String, Double> targets,
                            Duration window, Clock clock, ObjectMapper mapper) {
        this.build = build;
        this.reports = reports;
        this.metrics = metrics;
        this.pages = pages;
        this.marks = marks;
        this.targets = Map.copyOf(targets);
        this.window = window;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * One run.
     *
     * @throws StoreUnavailableException when the table, the bucket, the topic or the marks cannot be reached
     */
    public Result run() {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(window);
        Scorecard s = build.build(start, end, List.of("category"), targets);
        byte[] json;
        try {
            json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(ScorecardJson.toJson(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scorecard as JSON", e);
        }
        String uri = reports.put(start, end, json, ScorecardHtml.render(s).getBytes(StandardCharsets.UTF_8));
        int published = 0;
        for (Scorecard.Row r : s.estimates()) {
            RateEstimate e = r.estimate();
            if (e.rate() != null) {
                metrics.rate(r.category(), e.rate(), e.lower(), e.upper(), e.reviewed(), e.population());
                published++;
            }
        }
        int breaches = 0;
        int paged = 0;
        String windowStart = Timestamps.format(start);
        for (Scorecard.TargetCheck t : s.targets()) {
            if (!t.breached()) {
                continue;
            }
            breaches++;
            String id = RateBreach.escalationId(t.category(), windowStart);
            if (marks.paged(id)) {
                continue;
            }
            RateEstimate e = t.estimate();
            pages.publish(new RateBreach(RateBreach.SCHEMA, id, t.category(), t.target(), e.rate(), e.lower(),
                    e.upper(), e.reviewed(), e.population(), windowStart, Timestamps.format(end), uri));
            marks.markPaged(id, t.category(), windowStart);
            paged++;
        }
        return new Result(uri, published, breaches, paged, s.funnel().reviewed(), s.funnel().judged());
    }
}
