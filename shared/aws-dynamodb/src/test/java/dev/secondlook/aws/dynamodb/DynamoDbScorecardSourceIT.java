package dev.secondlook.aws.dynamodb;

import dev.secondlook.aws.Backoff;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.scorecard.BuildScorecard;
import dev.secondlook.core.scorecard.Scorecard;
import dev.secondlook.core.scorecard.ScoredRecord;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(EmulatorExtension.class)
class DynamoDbScorecardSourceIT {

    private static final Instant HOUR = Instant.parse("2026-11-30T05:00:00Z");
    private static DynamoDbClient dynamo;
    private static String table;
    private static DynamoDbScorecardSource source;

    @BeforeAll
    static void setUp(Emulator emulator) {
        LocalClients clients = LocalClients.of(emulator);
        table = LocalResources.provision(clients, emulator, "scorecard-it").reviewTable();
        dynamo = clients.dynamoDb();
        source = new DynamoDbScorecardSource(dynamo, table);
        DynamoDbObjectManifestStore manifests = new DynamoDbObjectManifestStore(dynamo, table);
        ObjectRef object = new ObjectRef("logs", "AWSLogs/scorecard.jsonl", null, "etag-1", 100);
        manifests.begin(object, HOUR, Duration.ofMinutes(5));
        manifests.complete(new ObjectManifest(object, ObjectManifest.COMPLETE, null, 1_002, 60, 940, Map.of(),
                Map.of("invalid-json", 2L), "sha256:test", null, HOUR.plusSeconds(30), List.of(
                        new PopulationCell(HOUR, "meta.llama3-8b-instruct-v1:0", "devops.helper", true, 1.0, 10, 10),
                        new PopulationCell(HOUR, "meta.llama3-8b-instruct-v1:0", "devops.helper", false, 0.05, 990,
                                50))));
        // a manifest still in progress has no counts yet and is left out
        manifests.begin(new ObjectRef("logs", "AWSLogs/unfinished.jsonl", null, "etag-2", 100), HOUR,
                Duration.ofMinutes(5));
        DynamoDbReviewStore reviews = new DynamoDbReviewStore(dynamo, table, Backoff.standard());
        for (int i = 0; i < 10; i++) {
            reviews.putAll(List.of(ReviewFixtures.record("flag-" + i, Severity.PAGE, HOUR, Duration.ofHours(4))));
        }
        for (int i = 0; i < 50; i++) {
            reviews.putAll(List.of(ReviewFixtures.record("sample-" + i, Severity.SAMPLE, HOUR, Duration.ofHours(24))));
        }
        ReviewRecord old = ReviewFixtures.record("old", Severity.SAMPLE, HOUR.minus(Duration.ofDays(30)),
                Duration.ofHours(24));
        reviews.putAll(List.of(old));
        for (int i = 0; i < 10; i++) {
            verdict("flag-" + i, i < 6 ? "off-policy" : "on-policy", List.of("secret-leak"));
        }
        for (int i = 0; i < 40; i++) {
            verdict("sample-" + i, i < 2 ? "off-policy" : "on-policy", List.of("commitment"));
        }
    }

    /** A verdict as the review API records it. */
    private static void verdict(String id, String outcome, List<String> categories) {
        dynamo.updateItem(b -> b.tableName(table).key(ReviewTableSchema.key(id))
                .updateExpression("SET #s = :s, #v = :v, #by = :by, #at = :at")
                .expressionAttributeNames(Map.of("#s", ReviewTableSchema.STATUS, "#v", ReviewTableSchema.VERDICT,
                        "#by", ReviewTableSchema.REVIEWED_BY, "#at", ReviewTableSchema.REVIEWED_AT))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("REVIEWED"),
                        ":v", ReviewTableSchema.verdictValue(new Verdict(outcome, categories, "review",
                                "note " + ReviewFixtures.OUTPUT_MARKER, null)),
                        ":by", AttributeValue.fromS("alice"),
                        ":at", AttributeValue.fromS(Timestamps.format(HOUR.plusSeconds(600))))));
    }

    @Test
    void manifests_roundTripTheirPopulationCells_andSkipUnfinishedOnes() {
        List<ObjectManifest> found = source.manifests(HOUR.minus(Duration.ofDays(1)), HOUR.plus(Duration.ofDays(1)));
        assertEquals(1, found.size());
        List<PopulationCell> cells = found.get(0).population();
        assertEquals(2, cells.size());
        assertEquals(new PopulationCell(HOUR, "meta.llama3-8b-instruct-v1:0", "devops.helper", false, 0.05, 990, 50),
                cells.stream().filter(c -> !c.flagged()).findFirst().orElseThrow());
    }

    @Test
    void records_inTheWindow_withTheirVerdictOutcome() {
        List<ScoredRecord> found = source.records(HOUR.minus(Duration.ofDays(1)), HOUR.plus(Duration.ofDays(1)));
        assertEquals(60, found.size());
        ScoredRecord flagged = found.stream().filter(r -> r.id().equals("flag-0")).findFirst().orElseThrow();
        assertTrue(flagged.flagged());
        assertEquals("off-policy", flagged.outcome());
        assertEquals(List.of("secret-leak"), flagged.verdictCategories());
        assertEquals("alice", flagged.reviewedBy());
        ScoredRecord pending = found.stream().filter(r -> r.id().equals("sample-45")).findFirst().orElseThrow();
        assertNull(pending.outcome());
        assertEquals(0.05, pending.inclusionProbability());
        assertEquals("meta.llama3-8b-instruct-v1:0", pending.modelId());
    }

    @Test
    void scorecard_fromTheTable_weightsByThePopulationCounted() {
        Scorecard s = new BuildScorecard(source, Clock.fixed(HOUR.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .build(HOUR.minus(Duration.ofDays(1)), HOUR.plus(Duration.ofHours(1)), List.of("category"), Map.of());
        double expected = (10 * 0.6 + 990 * (2.0 / 40)) / 1000;
        assertEquals(expected, s.overall().rate(), 1e-12);
        assertEquals(1000, s.overall().population());
        assertEquals(10, s.funnel().pending());
        assertEquals(1_002, s.funnel().read());
    }
}
