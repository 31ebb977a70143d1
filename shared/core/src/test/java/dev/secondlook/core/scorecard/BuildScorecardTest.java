package dev.secondlook.core.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.stats.RateEstimate;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildScorecardTest {

    private static final Instant HOUR = Instant.parse("2026-11-30T05:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-11-29T00:00:00Z");

    private final List<ObjectManifest> manifests = new ArrayList<>();
    private final List<ScoredRecord> records = new ArrayList<>();
    private final ScorecardSource source = new ScorecardSource() {
        @Override
        public List<ObjectManifest> manifests(Instant since, Instant until) {
            return manifests;
        }

        @Override
        public List<ScoredRecord> records(Instant since, Instant until) {
            return records;
        }
    };
    private final BuildScorecard build = new BuildScorecard(source, Clock.fixed(NOW, ZoneOffset.UTC));

    private void manifest(Instant hour, PopulationCell... cells) {
        long judged = 0;
        long selected = 0;
        for (PopulationCell c : cells) {
            judged += c.judged();
            selected += c.selected();
        }
        manifests.add(new ObjectManifest(new ObjectRef("logs", "k" + manifests.size(), null, "e", 1),
                ObjectManifest.COMPLETE, null, judged + 2, selected, judged - selected, Map.of(),
                Map.of("invalid-json", 2L), "sha256:v1", null, hour.plusSeconds(60), List.of(cells)));
    }

    private void records(int n, String model, String reason, double p, String outcome, List<String> rules,
                         List<String> categories, Instant createdAt) {
        for (int i = 0; i < n; i++) {
            records.add(new ScoredRecord(model + reason + outcome + records.size(), createdAt,
                    createdAt.plus(Duration.ofHours(4)), model, "support", "sha256:v1", reason, p, rules,
                    categories, outcome, outcome != null && outcome.equals("off-policy") ? categories : List.of(),
                    outcome == null ? null : "alice", outcome == null ? null : createdAt.plusSeconds(600),
                    List.of()));
        }
    }

    /** 10,000 judged records: 100 flagged (all selected, 60 reviewed), 9,900 sampled at 5 %. */
    private void population() {
        manifest(HOUR, new PopulationCell(HOUR, "m1", "support", true, 1.0, 100, 100),
                new PopulationCell(HOUR, "m1", "support", false, 0.05, 9_900, 495),
                new PopulationCell(HOUR, "m1", "support", false, 0.0, 40, 0));
        records(30, "m1", "rule", 1.0, "off-policy", List.of("commit-promise"), List.of("commitment"), HOUR);
        records(30, "m1", "rule", 1.0, "on-policy", List.of("commit-promise"), List.of("commitment"), HOUR);
        records(40, "m1", "rule", 1.0, null, List.of("commit-promise"), List.of("commitment"), HOUR);
        records(10, "m1", "sample", 0.05, "off-policy", List.of(), List.of("regulated-advice"), HOUR);
        records(390, "m1", "sample", 0.05, "on-policy", List.of(), List.of(), HOUR);
        records(95, "m1", "sample", 0.05, null, List.of(), List.of(), HOUR);
    }

    @Test
    void overallRate_weightsEachStratumByItsPopulation_notByItsReviews() {
        population();
        Scorecard s = build.build(SINCE, NOW, List.of("category"), Map.of());
        RateEstimate overall = s.overall();
        double expected = (100 * 0.5 + 9_900 * (10.0 / 400)) / 10_000;
        assertEquals(expected, overall.rate(), 1e-12);
        assertTrue(overall.lower() < expected && expected < overall.upper());
        assertEquals(10_000, overall.population());
        assertEquals(135, overall.pending());
        assertEquals(40, s.funnel().notSampleable());
        assertEquals(10_040, s.funnel().judged());
        assertEquals(10_042, s.funnel().read());
        assertEquals(0, s.funnel().uncounted());
    }

    @Test
    void categoryRows_estimateEachCategorysShareOfTheWholePopulation() {
        population();
        Scorecard s = build.build(SINCE, NOW, List.of("category"), Map.of());
        assertEquals(List.of("any", "commitment", "regulated-advice"),
                s.estimates().stream().map(Scorecard.Row::category).toList());
        RateEstimate commitment = s.estimates().get(1).estimate();
        assertEquals(100 * 0.5 / 10_000, commitment.rate(), 1e-12);
        RateEstimate advice = s.estimates().get(2).estimate();
        assertEquals(9_900 * (10.0 / 400) / 10_000, advice.rate(), 1e-12);
    }

    @Test
    void byModel_givesOneGroupOfRowsPerModel_afterTheOverallRow() {
        population();
        Instant h = HOUR;
        manifest(h, new PopulationCell(h, "m2", "support", false, 0.05, 2_000, 100));
        records(100, "m2", "sample", 0.05, "on-policy", List.of(), List.of(), h);
        Scorecard s = build.build(SINCE, NOW, List.of("model"), Map.of());
        assertEquals(3, s.estimates().size());
        assertNull(s.estimates().get(0).model());
        assertEquals("m1", s.estimates().get(1).model());
        assertEquals("m2", s.estimates().get(2).model());
        assertEquals(0.0, s.estimates().get(2).estimate().rate());
        assertEquals(2_000, s.estimates().get(2).estimate().population());
    }

    @Test
    void rulePrecision_andRecall() {
        population();
        Scorecard s = build.build(SINCE, NOW, List.of("category"), Map.of());
        Scorecard.RuleRow rule = s.rules().get(0);
        assertEquals("commit-promise", rule.rule());
        assertEquals(100, rule.hits());
        assertEquals(60, rule.reviewed());
        assertEquals(0.5, rule.precision().value(), 1e-12);
        double caught = 100 * 0.5;
        double missed = 9_900 * (10.0 / 400);
        assertEquals(caught / (caught + missed), s.ruleRecall().value(), 1e-12);
        assertTrue(s.ruleRecall().lower() < s.ruleRecall().value());
    }

    @Test
    void reviewRecordsWithoutAPopulationCount_areCountedIn_andReported() {
        manifest(HOUR, new PopulationCell(HOUR, "m1", "support", false, 0.05, 100, 5));
        records(5, "m1", "sample", 0.05, "on-policy", List.of(), List.of(), HOUR);
        records(3, "m1", "hold", 1.0, "off-policy", List.of("r1"), List.of("secret-leak"), HOUR);
        Scorecard s = build.build(SINCE, NOW, List.of(), Map.of());
        assertEquals(3, s.funnel().uncounted());
        assertEquals(103, s.overall().population());
    }

    @Test
    void cellsAndRecordsOutsideTheWindow_areLeftOut() {
        population();
        Instant old = SINCE.minus(Duration.ofDays(2));
        manifest(old, new PopulationCell(old, "m1", "support", false, 0.05, 50_000, 2_500));
        records(7, "m1", "sample", 0.05, "off-policy", List.of(), List.of("x"), old);
        Scorecard s = build.build(SINCE, NOW, List.of(), Map.of());
        assertEquals(10_000, s.overall().population());
        assertEquals(1, s.funnel().objects());
    }

    @Test
    void targets_breachOnlyWhenTheLowerBoundIsAbove() {
        population();
        Scorecard s = build.build(SINCE, NOW, List.of(), Map.of("commitment", 0.0002, "regulated-advice", 0.5));
        assertTrue(s.targets().get(0).breached());
        assertFalse(s.targets().get(1).breached());
    }

    @Test
    void slaCompliance_andSeries() {
        population();
        records.add(new ScoredRecord("late", HOUR, HOUR.plusSeconds(60), "m1", "support", "sha256:v1", "sample", 0.05,
                List.of(), List.of(), "on-policy", List.of(), "bob", HOUR.plusSeconds(3600), List.of()));
        records.add(new ScoredRecord("overdue", HOUR, HOUR.plusSeconds(60), "m1", "support", "sha256:v1", "rule",
                1.0, List.of("r"), List.of("c"), null, List.of(), null, null, List.of()));
        Scorecard s = build.build(SINCE, NOW, List.of(), Map.of());
        assertEquals(461, s.sla().reviewed());
        assertEquals(460, s.sla().withinSla());
        assertEquals(1, s.sla().openOverdue()); // the others are due at 09:00, after now
        assertTrue(s.series().stream().anyMatch(p -> p.category().equals("any") && p.start().equals(HOUR)
                && p.estimate().rate() != null));
    }

    @Test
    void json_hasTheIssuesShape() {
        population();
        ObjectNode json = ScorecardJson.toJson(build.build(SINCE, NOW, List.of("category"),
                Map.of("commitment", 0.0002)));
        assertEquals("secondlook.scorecard/v1", json.get("schema").asText());
        JsonNode any = json.get("estimates").get(0);
        assertEquals("any", any.get("category").asText());
        assertFalse(any.has("model"));
        assertTrue(any.get("offPolicyRate").isDouble());
        assertEquals(2, any.get("ci95").size());
        assertEquals(10_000, any.get("population").asLong());
        assertTrue(json.get("rules").get(0).has("precision"));
        assertTrue(json.get("ruleRecall").has("value"));
        assertEquals(0, json.get("agreement").get("doubleReviewed").asLong());
        assertTrue(json.get("agreement").get("kappa").isNull());
        assertTrue(json.get("sla").has("compliance"));
        assertTrue(json.get("targets").get(0).get("breached").asBoolean());
    }

    @Test
    void html_isSelfContained_andEscapesLabelsFromLogs() {
        manifest(HOUR, new PopulationCell(HOUR, "<script>alert(1)</script>", "r", false, 0.5, 10, 5));
        records(5, "<script>alert(1)</script>", "sample", 0.5, "off-policy", List.of("<img src=x>"),
                List.of("<b>cat</b>"), HOUR);
        String html = ScorecardHtml.render(build.build(SINCE, NOW, List.of("category", "model"), Map.of()));
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<img"));
        assertTrue(html.contains("&lt;script&gt;"));
        assertTrue(html.contains("<svg"));
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
        assertFalse(html.contains("https://"));
    }

    @Test
    void unknownDimension_orEmptyWindow_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> build.build(SINCE, NOW, List.of("tenant"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> build.build(NOW, NOW, List.of(), Map.of()));
    }

    @Test
    void agreement_kappaFromTheTwoIndependentReviews() {
        population();
        for (int i = 0; i < 40; i++) {
            boolean off = i < 10;
            boolean secondOff = i < 8 || i == 39;
            ScoredRecord.Review a = new ScoredRecord.Review(off ? "off-policy" : "on-policy",
                    off ? List.of("commitment") : List.of(), "alice");
            ScoredRecord.Review b = new ScoredRecord.Review(secondOff ? "off-policy" : "on-policy",
                    secondOff ? List.of("commitment") : List.of(), "bob");
            records.add(new ScoredRecord("d" + i, HOUR, HOUR.plusSeconds(3600), "m1", "support", "sha256:v1",
                    "sample", 0.05, List.of(), List.of(), a.outcome(), a.categories(), "alice",
                    HOUR.plusSeconds(60), List.of(a, b)));
        }
        Scorecard s = build.build(SINCE, NOW, List.of("category"), Map.of());
        Scorecard.AgreementSummary agreement = s.agreement();
        assertEquals(40, agreement.doubleReviewed());
        assertEquals(3, agreement.disagreements());
        // table: both off 8, off/on 2, on/off 1, both on 29 -> po = 37/40, pe = (10*9 + 30*31)/1600
        double po = 37.0 / 40;
        double pe = (10.0 * 9 + 30.0 * 31) / 1600;
        assertEquals((po - pe) / (1 - pe), agreement.kappa().value(), 1e-12);
        Scorecard.ReviewerStats bob = agreement.reviewers().stream().filter(r -> r.reviewer().equals("bob"))
                .findFirst().orElseThrow();
        assertEquals(40, bob.doubleReviewed());
        assertEquals(37, bob.agreed());
    }
}
