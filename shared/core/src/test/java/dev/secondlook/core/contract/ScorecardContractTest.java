package dev.secondlook.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.scorecard.BuildScorecard;
import dev.secondlook.core.scorecard.RateBreach;
import dev.secondlook.core.scorecard.ScoredRecord;
import dev.secondlook.core.scorecard.ScorecardJson;
import dev.secondlook.core.scorecard.ScorecardSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scorecard report and the rate-breach page match their versioned schemas: the samples, and what the code writes. */
class ScorecardContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Schema schema(String name) throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("../../contracts/" + name + ".schema.json")));
    }

    private static JsonNode sample(String name) throws IOException {
        return MAPPER.readTree(Path.of("../../contracts/" + name + ".sample.json").toFile());
    }

    @Test
    void scorecard_sampleAndCode_matchV1() throws IOException {
        Schema schema = schema("scorecard.v1");
        assertEquals(List.of(), schema.validate(sample("scorecard.v1")));
        Instant hour = Instant.parse("2026-11-29T14:00:00Z");
        List<ObjectManifest> manifests = List.of(new ObjectManifest(new ObjectRef("logs", "k", null, "e", 1),
                ObjectManifest.COMPLETE, null, 120, 30, 90, Map.of(), Map.of(), "sha256:v1", null, hour, List.of(
                new PopulationCell(hour, "m", "r", true, 1.0, 10, 10),
                new PopulationCell(hour, "m", "r", false, 0.25, 80, 20),
                new PopulationCell(hour, "m", "r", false, 0.0, 30, 0))));
        List<ScoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean flagged = i < 10;
            String outcome = i >= 25 ? null : i < 6 || i == 20 ? "off-policy" : "on-policy";
            List<ScoredRecord.Review> twice = i < 4 ? List.of(new ScoredRecord.Review("off-policy",
                    List.of("commitment"), "alice"), new ScoredRecord.Review(i < 3 ? "off-policy" : "on-policy",
                    i < 3 ? List.of("commitment") : List.of(), "bob")) : List.of();
            records.add(new ScoredRecord("r" + i, hour, hour.plusSeconds(3600), "m", "r", "sha256:v1",
                    flagged ? "rule" : "sample", flagged ? 1.0 : 0.25, flagged ? List.of("commit") : List.of(),
                    flagged ? List.of("commitment") : List.of(), outcome,
                    "off-policy".equals(outcome) ? List.of("commitment") : List.of(), outcome == null ? null : "alice",
                    outcome == null ? null : hour.plusSeconds(60), twice));
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
        JsonNode written = ScorecardJson.toJson(new BuildScorecard(source, Clock.fixed(hour.plusSeconds(7200),
                ZoneOffset.UTC)).build(hour.minusSeconds(3600), hour.plusSeconds(7200),
                List.of("category", "model", "route", "policyVersion"), Map.of("commitment", 0.01)));
        assertEquals(List.of(), schema.validate(written));
    }

    @Test
    void rateBreach_sampleAndCode_matchV1() throws IOException {
        Schema schema = schema("rate-breach.v1");
        assertEquals(List.of(), schema.validate(sample("rate-breach.v1")));
        RateBreach breach = new RateBreach(RateBreach.SCHEMA, RateBreach.escalationId("commitment",
                "2026-11-29T08:00:00.000Z"), "commitment", 0.005, 0.0124, 0.0081, 0.0187, 1480, 52013,
                "2026-11-29T08:00:00.000Z", "2026-11-30T08:00:00.000Z", "s3://eval/scorecards/x.json");
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(breach)));
    }
}
