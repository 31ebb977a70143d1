package dev.secondlook.scorecard;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.scorecard.BreachMarks;
import dev.secondlook.core.scorecard.BuildScorecard;
import dev.secondlook.core.scorecard.PublishScorecard;
import dev.secondlook.core.scorecard.RateBreach;
import dev.secondlook.core.scorecard.ScoredRecord;
import dev.secondlook.core.scorecard.ScorecardSource;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ScorecardFunction's handler fed the wire-format scheduled event in events/, wired with in-memory ports: no
 * emulator. The clock stands at the event's time; the window is the 24 hours to 08:00. 1,000 records were judged at
 * 05:00, 100 flagged (all reviewed, 40 off-policy in commitment) and 900 sampled at 5 % (50 reviewed, none off).
 */
class ScheduledScorecardHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:20:00Z");
    private static final Instant HOUR = Instant.parse("2026-11-30T05:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> reports = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final List<RateBreach> pages = new ArrayList<>();
    private final Set<String> marks = new HashSet<>();

    private ScheduledScorecardHandler handler(Map<String, Double> targets) {
        List<ObjectManifest> manifests = List.of(new ObjectManifest(new ObjectRef("logs", "k", null, "e", 1),
                ObjectManifest.COMPLETE, null, 1000, 150, 850, Map.of(), Map.of(), "sha256:v", null, HOUR, List.of(
                new PopulationCell(HOUR, "m", "", true, 1.0, 100, 100),
                new PopulationCell(HOUR, "m", "", false, 0.05, 900, 50))));
        List<ScoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            boolean flagged = i < 100;
            boolean off = i < 40;
            records.add(new ScoredRecord("r" + i, HOUR, HOUR.plusSeconds(3600), "m", "", "sha256:v",
                    flagged ? "rule" : "sample", flagged ? 1.0 : 0.05, flagged ? List.of("commitment-promise")
                    : List.of(), flagged ? List.of("commitment") : List.of(), off ? "off-policy" : "on-policy",
                    off ? List.of("commitment") : List.of(), "alice", HOUR.plusSeconds(60), List.of()));
        }
        ScorecardSource source = new ScorecardSource() {
            @Override
            public List<ObjectManifest> manifests(Instant since, Instant until) {
                return manifests;
            }

            @Override
            public List<ScoredRecord> records(Instant since, Instant until) {
                return records;
            }
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd/'scorecard-'yyyyMMdd'T'HHmm'Z'")
                .withZone(ZoneOffset.UTC);
        PublishScorecard publish = new PublishScorecard(new BuildScorecard(source, clock), (start, end, json, html) -> {
            String uri = "s3://secondlook-evalbucket-example/scorecards/" + stamp.format(end) + ".json";
            reports.add(uri);
            return uri;
        }, (category, rate, lower, upper, reviewed, population) -> metrics.add(category), pages::add,
                new BreachMarks() {
                    @Override
                    public boolean paged(String escalationId) {
                        return marks.contains(escalationId);
                    }

                    @Override
                    public void markPaged(String escalationId, String category, String windowStart) {
                        marks.add(escalationId);
                    }
                }, targets, Duration.ofHours(24), clock, MAPPER);
        return new ScheduledScorecardHandler(new ScorecardWiring(publish, targets));
    }

    /** The handler's answer as JSON numbers read it, to compare with the file in events/responses. */
    private static Map<?, ?> asJson(Map<String, Object> answer) throws Exception {
        return MAPPER.readValue(MAPPER.writeValueAsString(answer), Map.class);
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/schedule-scorecard.json", type = ScheduledEvent.class),
            response = @Response(value = "../../events/responses/schedule-scorecard.one-paged.json",
                    type = Map.class))
    void scheduledRun_reportsTheDay_andPagesTheBreachedTarget(ScheduledEvent event, Map<String, Object> expected)
            throws Exception {
        assertEquals("Scheduled Event", event.getDetailType());
        ScheduledScorecardHandler handler = handler(Map.of("commitment", 0.01));
        assertEquals(expected, asJson(handler.handleRequest(event, null)));
        assertEquals(List.of("any", "commitment"), metrics);
        assertEquals(1, pages.size());
        assertEquals("commitment", pages.get(0).category());
        assertEquals(reports.get(0), pages.get(0).reportUri());
        assertTrue(pages.get(0).lower() >= 0.04, "40 confirmed of 1,000 judged: " + pages.get(0).lower());

        Map<?, ?> again = asJson(handler.handleRequest(event, null));
        assertEquals(0, again.get("paged"), "once per window");
        assertEquals(1, pages.size());
    }
}
