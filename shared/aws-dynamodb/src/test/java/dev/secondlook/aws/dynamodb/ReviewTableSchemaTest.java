package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.HoldDecision;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.policy.HoldPolicy;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.route.ReviewSummary;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ReviewTable's one schema: what ingest writes, the API reads back as the versioned view, and so does the stream. */
class ReviewTableSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-08-19T06:00:00Z");

    private static Schema contract(String name) throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("../../contracts/" + name + ".schema.json")));
    }

    @Test
    void writtenRecord_readsBackAsTheVersionedView_withoutBookkeeping() throws IOException {
        ReviewRecord r = ReviewFixtures.record("rev-1", Severity.PAGE, T0, Duration.ofHours(4));
        Map<String, AttributeValue> item = new HashMap<>(ReviewTableSchema.toItem(r));
        item.put(ReviewTableSchema.CLAIM_RECEIPT, AttributeValue.fromS("AQEB-receipt"));
        item.put(ReviewTableSchema.CLAIM_LANE, AttributeValue.fromS("priority"));

        ReviewView view = ReviewTableSchema.view(item);

        assertEquals(ReviewView.SCHEMA, view.schema());
        assertEquals(ReviewStatus.PENDING, view.status());
        assertEquals(Lane.PRIORITY, view.lane());
        assertEquals(Severity.PAGE, view.severity());
        assertEquals(r.output(), view.output());
        assertEquals(r.evidence(), view.evidence());
        assertEquals(r.source(), view.source());
        assertEquals(0, view.claimCount());
        assertNull(view.verdict());
        String json = MAPPER.writeValueAsString(view);
        assertFalse(json.contains("AQEB-receipt"), "the queue receipt never leaves the table");
        assertEquals(List.of(), contract("review-view.v3").validate(MAPPER.valueToTree(view)));
        assertNull(view.hold());
    }

    @Test
    void aHeldCheck_isAReviewItem_withItsHold_inTheHoldIndex_andReadsBackAsACheckAndAView() throws IOException {
        ReviewRecord r = ReviewFixtures.record("req-1", Severity.PAGE, T0, Duration.ofMinutes(10));
        Hold hold = new Hold(CheckStatus.HELD, T0.plusSeconds(900), HoldPolicy.OnTimeout.BLOCK, "Later.", null, null);
        Map<String, AttributeValue> item = new HashMap<>(ReviewTableSchema.toItem(new NewCheck(r, "sha256:h",
                "arn:aws:iam::123456789012:role/app", hold)));
        assertTrue(ReviewTableSchema.isReview(item));
        assertEquals("held", item.get(ReviewTableSchema.HOLD_PENDING).s(), "in the index of open holds");
        assertEquals("2026-08-19T06:15:00.000Z", item.get(ReviewTableSchema.HOLD_UNTIL).s());

        StoredCheck c = ReviewTableSchema.storedCheck(item);
        assertEquals(hold, c.hold());
        assertEquals("sha256:h", c.requestHash());
        assertEquals(r.output(), c.output());

        ReviewView view = ReviewTableSchema.view(item);
        assertEquals(CheckStatus.HELD, view.hold().status());
        assertEquals("block", view.hold().onTimeout());
        String json = MAPPER.writeValueAsString(view);
        assertFalse(json.contains("sha256:h") || json.contains("role/app"), "the check's bookkeeping stays inside");
        assertEquals(List.of(), contract("review-view.v3").validate(MAPPER.valueToTree(view)));

        Map<String, AttributeValue> decided = new HashMap<>(item);
        decided.remove(ReviewTableSchema.HOLD_PENDING);
        decided.put(ReviewTableSchema.CHECK_STATUS, AttributeValue.fromS("edited"));
        decided.put(ReviewTableSchema.CHECK_DECIDED_AT, AttributeValue.fromS("2026-08-19T06:05:00.000Z"));
        decided.put(ReviewTableSchema.STATUS, AttributeValue.fromS("REVIEWED"));
        decided.put(ReviewTableSchema.VERDICT, ReviewTableSchema.verdictValue(new Verdict(null, List.of(), null,
                null, null, HoldDecision.EDIT, "Use SSO.")));
        assertEquals("Use SSO.", ReviewTableSchema.storedCheck(decided).hold().editedOutput());
        assertEquals("Use SSO.", ReviewTableSchema.reviewed(decided).correctedResponse(),
                "the edit is the eval case's reference answer");
        assertEquals(CheckDecisionEvent.of("req-1", CheckStatus.EDITED),
                ReviewTableSchema.resolvedHold(item, decided).orElseThrow());
        assertTrue(ReviewTableSchema.resolvedHold(decided, decided).isEmpty(), "an unrelated change announces nothing");
        assertTrue(ReviewTableSchema.resolvedHold(Map.of(), item).isEmpty());
    }

    @Test
    void aDeliveredCheck_hasNoHold_andAnIngestRecordNoCheckFields() {
        ReviewRecord r = ReviewFixtures.record("req-2", Severity.SAMPLE, T0, Duration.ofHours(72));
        Map<String, AttributeValue> delivered = ReviewTableSchema.toItem(new NewCheck(r, "sha256:h", "app", null));
        assertNull(ReviewTableSchema.storedCheck(delivered).hold());
        assertFalse(delivered.containsKey(ReviewTableSchema.HOLD_PENDING));
        assertEquals("sha256:h", ReviewTableSchema.storedCheck(delivered).requestHash());
        assertNull(ReviewTableSchema.storedCheck(ReviewTableSchema.toItem(r)).requestHash());
    }

    @Test
    void theTemplatesHoldIndex_isKeyedOnTheAttributesTheSchemaNames() throws IOException {
        var template = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("../../template.yaml").toFile());
        var gsis = template.path("Resources").path("ReviewTable").path("Properties").path("GlobalSecondaryIndexes");
        com.fasterxml.jackson.databind.JsonNode hold = null;
        for (var g : gsis) {
            if (ReviewTableSchema.HOLD_INDEX.equals(g.path("IndexName").asText())) {
                hold = g;
            }
        }
        assertTrue(hold != null, "template.yaml declares " + ReviewTableSchema.HOLD_INDEX);
        assertEquals(ReviewTableSchema.HOLD_PENDING, hold.path("KeySchema").get(0).path("AttributeName").asText());
        assertEquals(ReviewTableSchema.HOLD_UNTIL, hold.path("KeySchema").get(1).path("AttributeName").asText());
    }

    @Test
    void theTemplatesTtlAttribute_isTheOneTheVerdictSets() throws IOException {
        // Jackson's YAML reader passes CloudFormation's short-form tags (!Ref ...) over: only the literal is read
        var template = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("../../template.yaml").toFile());
        var ttl = template.path("Resources").path("ReviewTable").path("Properties").path("TimeToLiveSpecification");
        assertEquals(ReviewTableSchema.EXPIRES_AT, ttl.path("AttributeName").asText());
        assertTrue(ttl.path("Enabled").asBoolean());
        assertEquals(AttributeValue.fromN("1802671200"), ReviewTableSchema.expiresAtValue(T0.plus(Duration.ofDays(
                180))), "epoch seconds, as DynamoDB's TTL reads them");
    }

    @Test
    void verdict_roundTripsThroughItsAttribute() {
        Map<String, AttributeValue> item = new HashMap<>(ReviewTableSchema.toItem(
                ReviewFixtures.record("rev-2", Severity.REVIEW, T0, Duration.ofHours(4))));
        Verdict v = new Verdict("off-policy", List.of("commitment"), "review", "promised a refund", "I can't promise");
        item.put(ReviewTableSchema.STATUS, AttributeValue.fromS("REVIEWED"));
        item.put(ReviewTableSchema.VERDICT, ReviewTableSchema.verdictValue(v));
        item.put(ReviewTableSchema.REVIEWED_BY, AttributeValue.fromS("alice"));

        assertEquals(v, ReviewTableSchema.view(item).verdict());
        assertTrue(ReviewTableSchema.hasVerdict(item));
        assertEquals("I can't promise", ReviewTableSchema.reviewed(item).correctedResponse());
        assertEquals("alice", ReviewTableSchema.reviewed(item).reviewer());
    }

    @Test
    void streamImage_decodesToTheSameSummaryAsTheItem() {
        Map<String, AttributeValue> item = ReviewTableSchema.toItem(
                ReviewFixtures.record("rev-3", Severity.SAMPLE, T0, Duration.ofHours(72)));
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image =
                new HashMap<>();
        item.forEach((k, v) -> image.put(k, toStream(v)));

        ReviewSummary fromStream = ReviewTableSchema.summary(
                com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer
                        .toAttributeValueMapV2(image));

        assertEquals(ReviewTableSchema.summary(item), fromStream);
        assertEquals(Lane.ROUTINE, fromStream.lane());
        assertEquals(Severity.SAMPLE, fromStream.severity());
    }

    @Test
    void summary_ofAnItemWithoutItsLabels_isRefused() {
        Map<String, AttributeValue> item = new HashMap<>(ReviewTableSchema.toItem(
                ReviewFixtures.record("rev-4", Severity.PAGE, T0, Duration.ofHours(4))));
        item.remove(ReviewTableSchema.LANE);
        assertThrows(IllegalArgumentException.class, () -> ReviewTableSchema.summary(item));
        item.put(ReviewTableSchema.LANE, AttributeValue.fromS("urgent"));
        assertThrows(IllegalArgumentException.class, () -> ReviewTableSchema.summary(item));
    }

    @Test
    void indexProjection_holdsEveryAttributeAListingLineNeeds() {
        Map<String, AttributeValue> item = ReviewTableSchema.toItem(
                ReviewFixtures.record("rev-5", Severity.PAGE, T0, Duration.ofHours(4)));
        Map<String, AttributeValue> projected = new HashMap<>();
        for (String k : ReviewTableSchema.PROJECTED) {
            if (item.containsKey(k)) {
                projected.put(k, item.get(k));
            }
        }
        for (String k : List.of(ReviewTableSchema.ID, ReviewTableSchema.STATUS, ReviewTableSchema.DUE_AT)) {
            projected.put(k, item.get(k));
        }
        assertEquals(ReviewTableSchema.summary(item), ReviewTableSchema.summary(projected));
        assertEquals("rev-5", ReviewTableSchema.listItem(projected).id());
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toStream(
            AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (v.hasL()) {
            out.setL(v.l().stream().map(ReviewTableSchemaTest::toStream).toList());
        } else if (v.hasM()) {
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> m =
                    new HashMap<>();
            v.m().forEach((k, x) -> m.put(k, toStream(x)));
            out.setM(m);
        }
        return out;
    }
}
