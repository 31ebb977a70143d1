package dev.secondlook.core.scorecard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyTargets;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishScorecardTest {

    private static final Instant HOUR = Instant.parse("2026-11-30T05:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-30T08:20:00Z");

    private final List<ObjectManifest> manifests = new ArrayList<>();
    private final List<ScoredRecord> records = new ArrayList<>();
    private final List<String> stored = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final List<RateBreach> published = new ArrayList<>();
    private final Set<String> marked = new HashSet<>();
    private int failPublishes;

    private PublishScorecard publisher(Map<String, Double> targets) {
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
        return new PublishScorecard(new BuildScorecard(source, clock), (start, end, json, html) -> {
            stored.add(start + ".." + end + " " + new String(json, StandardCharsets.UTF_8).length() + " "
                    + new String(html, StandardCharsets.UTF_8).contains("<svg"));
            return "s3://eval/scorecards/" + start + ".json";
        }, (category, rate, lower, upper, reviewed, population) -> metrics.add(category + "=" + rate),
                breach -> {
                    if (failPublishes-- > 0) {
                        throw new StoreUnavailableException("topic down", null);
                    }
                    published.add(breach);
                }, new BreachMarks() {
                    @Override
                    public boolean paged(String escalationId) {
                        return marked.contains(escalationId);
                    }

                    @Override
                    public void markPaged(String escalationId, String category, String windowStart) {
                        marked.add(escalationId);
                    }
                }, targets, Duration.ofHours(24), clock, new ObjectMapper());
    }

    /** 1,000 judged, 100 flagged all reviewed, 40 of them off-policy in commitment: at least 2.9 % commitment. */
    private void population() {
        manifests.add(new ObjectManifest(new ObjectRef("logs", "k", null, "e", 1), ObjectManifest.COMPLETE, null,
                1000, 150, 850, Map.of(), Map.of(), "sha256:v", null, HOUR, List.of(
                        new PopulationCell(HOUR, "m", "", true, 1.0, 100, 100),
                        new PopulationCell(HOUR, "m", "", false, 0.05, 900, 50))));
        for (int i = 0; i < 150; i++) {
            boolean flagged = i < 100;
            boolean off = i < 40;
            records.add(new ScoredRecord("r" + i, HOUR, HOUR.plusSeconds(3600), "m", "", "sha256:v",
                    flagged ? "rule" : "sample", flagged ? 1.0 : 0.05, flagged ? List.of("commitment-promise")
                    : List.of(), flagged ? List.of("commitment") : List.of(), off ? "off-policy" : "on-policy",
                    off ? List.of("commitment") : List.of(), "alice", HOUR.plusSeconds(60), List.of()));
        }
    }

    @Test
    void aRun_storesTheLastWholeWindow_andPublishesEachEstimatedRate() {
        population();
        PublishScorecard.Result r = publisher(Map.of()).run();
        assertEquals(List.of("2026-11-29T08:00:00Z..2026-11-30T08:00:00Z " + stored.get(0).split(" ")[1] + " true"),
                stored);
        assertEquals("s3://eval/scorecards/2026-11-29T08:00:00Z.json", r.reportUri());
        assertEquals(2, r.metrics());
        assertTrue(metrics.stream().anyMatch(m -> m.startsWith("any=0.0400")), metrics.toString());
        assertEquals(0, r.paged());
    }

    @Test
    void aBreachedTarget_pagesOncePerWindow_withCountsOnly() {
        population();
        PublishScorecard p = publisher(Map.of("commitment", 0.005));
        assertEquals(1, p.run().paged());
        assertEquals(0, p.run().paged(), "the same window pages once");
        RateBreach b = published.get(0);
        assertEquals("commitment", b.category());
        assertEquals(RateBreach.SCHEMA, b.schema());
        assertTrue(b.lower() > 0.005);
        assertEquals(RateBreach.escalationId("commitment", "2026-11-29T08:00:00.000Z"), b.escalationId());
        assertEquals(1, published.size());
    }

    @Test
    void aTargetTheIntervalDoesNotClear_doesNotPage() {
        population();
        assertEquals(0, publisher(Map.of("commitment", 0.05)).run().paged());
        assertTrue(published.isEmpty());
    }

    @Test
    void aFailedPage_isNotMarked_andPagesOnTheNextRun() {
        population();
        failPublishes = 1;
        PublishScorecard p = publisher(Map.of("commitment", 0.005));
        assertThrows(StoreUnavailableException.class, p::run);
        assertTrue(marked.isEmpty());
        assertEquals(1, p.run().paged());
    }

    @Test
    void policyTargets_areRead_andValidated() {
        assertEquals(Map.of("commitment", 0.005), PolicyTargets.read("targets: {commitment: 0.005}\nrules: []\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(PolicyTargets.read("rules: []\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertThrows(PolicyException.class, () -> PolicyTargets.read("targets: {commitment: 2}\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertThrows(PolicyException.class, () -> PolicyTargets.read("targets: [commitment]\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(dev.secondlook.core.policy.PolicyLoader.load(("policy: t\ntargets: {commitment: 0.01}\n"
                + "rules:\n  - {id: r, category: c, outcome: review, when: {keywords: [x]}}\n")
                .getBytes(StandardCharsets.UTF_8)).version().isEmpty());
    }
}
