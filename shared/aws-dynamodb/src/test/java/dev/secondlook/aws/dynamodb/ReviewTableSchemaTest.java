package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.model.Lane;
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
        assertEquals(List.of(), contract("review-view.v1").validate(MAPPER.valueToTree(view)));
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
