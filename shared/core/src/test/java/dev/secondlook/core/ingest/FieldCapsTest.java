package dev.secondlook.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldCapsTest {

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void shortValues_areKeptAsTheyAre() {
        assertEquals(new FieldCaps.Capped<>("7b3e1c2a-0006", false), FieldCaps.id("7b3e1c2a-0006"));
        assertEquals(new FieldCaps.Capped<>("billing.refund", false), FieldCaps.field("billing.refund"));
        assertNull(FieldCaps.field(null).value());
        Map<String, String> meta = Map.of("route", "a", "app", "b");
        assertEquals(new FieldCaps.Capped<>(meta, false), FieldCaps.metadata(meta));
    }

    @Test
    void aFieldIsCut_exactlyWhenItsCountedUtf8IsOverTheCap_atEveryLengthAroundAThirdOfIt() {
        java.util.Random r = new java.util.Random(20261201);
        String[] chars = {"a", "é", "€", "😀", "\uD83D"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int target = FieldCaps.FIELD_BYTES / 3 - 6 + r.nextInt(12);
            while (sb.length() < target) {
                sb.append(chars[r.nextInt(chars.length)]);
            }
            String v = sb.toString();
            boolean over = TextBudget.utf8Length(v) > FieldCaps.FIELD_BYTES;
            assertEquals(over, FieldCaps.field(v).cut(), v);
        }
        assertEquals(false, FieldCaps.field("€".repeat(85)).cut(), "255 bytes fit");
        assertEquals(true, FieldCaps.field("€".repeat(86)).cut(), "258 bytes do not");
    }

    @Test
    void longIds_keepTheirStartAndAHashOfTheWhole() {
        String a = "é".repeat(300) + "-a";
        String b = "é".repeat(300) + "-b";
        FieldCaps.Capped<String> ca = FieldCaps.id(a);
        assertTrue(ca.cut());
        assertTrue(utf8(ca.value()) <= FieldCaps.ID_BYTES, ca.value());
        assertTrue(ca.value().startsWith("ééé"));
        assertEquals(ca, FieldCaps.id(a), "a replay computes the same id");
        assertNotEquals(ca.value(), FieldCaps.id(b).value(), "two long ids stay two records");
    }

    @Test
    void longFields_areCutOnACodePoint_withAMarker() {
        String route = "😀".repeat(100);
        FieldCaps.Capped<String> c = FieldCaps.field(route);
        assertTrue(c.cut());
        assertTrue(utf8(c.value()) <= FieldCaps.FIELD_BYTES);
        assertTrue(c.value().endsWith(FieldCaps.MARKER));
        String kept = c.value().substring(0, c.value().length() - FieldCaps.MARKER.length());
        assertEquals(kept.codePointCount(0, kept.length()) * 2, kept.length(), "no surrogate pair split");
    }

    @Test
    void manyMetadataEntries_keepTheFirstInKeyOrder_whateverTheMapsOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            forward.put(String.format("k%03d", i), "v" + i);
            backward.put(String.format("k%03d", 99 - i), "v" + (99 - i));
        }
        FieldCaps.Capped<Map<String, String>> c = FieldCaps.metadata(forward);
        assertTrue(c.cut());
        assertEquals(c, FieldCaps.metadata(backward));
        assertEquals(FieldCaps.METADATA_ENTRIES + 1, c.value().size());
        assertEquals("k063", new TreeMap<>(c.value()).headMap("l").lastKey());
        assertEquals("36", c.value().get(FieldCaps.DROPPED_KEYS));
        assertFalse(c.value().containsKey("k064"));
    }

    @Test
    void secondlooksOwnNotes_areKeptFirst() {
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            meta.put("a" + i, "v");
        }
        meta.put("secondlook.droppedResourceAttributes", "5");
        Map<String, String> kept = FieldCaps.metadata(meta).value();
        assertEquals("5", kept.get("secondlook.droppedResourceAttributes"));
        assertEquals("37", kept.get(FieldCaps.DROPPED_KEYS));
    }

    /**
     * The largest record a log can make (8 MB limit, texts at the judge budget, ids, metadata and evidence far over
     * their caps) stays under DynamoDB's 400 KB item limit, counted the way DynamoDB counts: attribute names and
     * UTF-8 values.
     */
    @Test
    void theLargestRecordALogCanMake_fitsADynamoDbItem() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("schema", "secondlook.v1");
        o.put("id", "id-" + "😀".repeat(50_000));
        o.put("output", "AKIAQYLPMN5HFIQR7XB2 ".repeat(40_000) + "é".repeat(200_000));
        o.put("prompt", "€".repeat(600_000));
        o.put("system", "ü".repeat(300_000));
        o.put("model", "m".repeat(100_000));
        o.put("route", "r".repeat(100_000));
        o.put("operation", "o".repeat(100_000));
        o.put("stopReason", "s".repeat(100_000));
        o.put("guardrailAction", "g".repeat(100_000));
        o.put("timestamp", "t".repeat(100_000));
        ObjectNode meta = o.putObject("metadata");
        for (int i = 0; i < 2_000; i++) {
            meta.put("key-" + i + "-" + "k".repeat(500), "v".repeat(1_000));
        }
        byte[] line = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(line.length < 8 * 1024 * 1024, "within the record limit: " + line.length);

        InMemoryPorts ports = new InMemoryPorts();
        ports.objects.put("AWSLogs/largest.jsonl", line);
        IngestLogObject ingest = new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore,
                ports.quarantineSink, RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                IngestSettings.defaults(), Clock.systemUTC(), mapper);
        IngestResult r = ingest.ingest(new ObjectRef("logs", "AWSLogs/largest.jsonl", null, "e", line.length));
        assertEquals(1, r.written(), "judged and written: " + r.manifest());
        ReviewRecord record = ports.reviews.values().iterator().next();
        assertTrue(record.truncated());
        assertEquals(50, record.evidence().size());
        long bytes = itemBytes(record);
        System.out.printf("largest review item: %d bytes (DynamoDB allows 409,600)%n", bytes);
        assertTrue(bytes < 400 * 1024, bytes + " bytes");
    }

    /** The attributes ReviewItems writes, sized as DynamoDB sizes an item (names + UTF-8 values, small overheads). */
    private static long itemBytes(ReviewRecord r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", r.id());
        item.put("kind", "review");
        item.put("status", r.status().name());
        item.put("lane", r.lane().wireName());
        item.put("severity", r.severity().wireName());
        item.put("categories", r.categories());
        item.put("ruleIds", r.ruleIds());
        item.put("evidence", r.evidence());
        item.put("inclusionProbability", Double.toString(r.inclusionProbability()));
        item.put("selectionReason", r.selectionReason());
        item.put("route", r.route());
        item.put("modelId", r.modelId());
        item.put("operation", r.operation());
        item.put("format", r.format());
        item.put("policyVersion", r.policyVersion());
        item.put("source", List.of(r.source().bucket(), r.source().key(), String.valueOf(r.source().etag()),
                String.valueOf(r.source().versionId()), Long.toString(r.source().line())));
        item.put("sourceUri", r.source().uri());
        item.put("recordTimestamp", r.recordTimestamp());
        item.put("systemPrompt", r.systemPrompt());
        item.put("prompt", r.prompt());
        item.put("output", r.output());
        item.put("truncated", "true");
        item.put("stopReason", r.stopReason());
        item.put("guardrailAction", r.guardrailAction());
        item.put("inputTokens", String.valueOf(r.inputTokens()));
        item.put("outputTokens", String.valueOf(r.outputTokens()));
        item.put("requestMetadata", r.requestMetadata());
        item.put("createdAt", r.createdAt().toString());
        item.put("dueAt", r.dueAt().toString());
        long total = 0;
        for (Map.Entry<String, Object> e : item.entrySet()) {
            total += utf8(e.getKey()) + size(e.getValue());
        }
        return total;
    }

    private static long size(Object v) {
        if (v == null) {
            return 1;
        }
        if (v instanceof String s) {
            return utf8(s);
        }
        if (v instanceof Evidence e) {
            return 3 + 6 * 8 + utf8(e.ruleId()) + utf8(e.category()) + utf8(e.field()) + utf8(e.excerpt()) + 16;
        }
        long total = 3;
        if (v instanceof List<?> list) {
            for (Object x : list) {
                total += 1 + size(x);
            }
        } else if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> x : map.entrySet()) {
                total += 1 + utf8((String) x.getKey()) + size(x.getValue());
            }
        }
        return total;
    }
}
