package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.read.LogRecordReader;
import dev.secondlook.core.read.RawRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BedrockLineExtractor} against the tree path it stands in for: on every line it reads without a tree, the
 * interaction must be the one parsing the line into a tree and normalising it gives; where the tree path rejects or
 * skips a line, the extractor must give it back (null). Checked on every log in {@code events/logs}, the hostile
 * corpus, the fuzz seeds and the reference formats beside the repo, and on thousands of mutations of the sample's
 * Bedrock records: each field removed, set to another type, or named twice, and bytes deleted, inserted, replaced
 * or repeated.
 */
class BedrockLineExtractorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader TREE = LogRecordReader.lineReader(MAPPER);
    private static final RecordNormalizer NORMALIZER = RecordNormalizer.offline();
    private static final SourceRef SRC = new SourceRef("b", "AWSLogs/k.json.gz", null, "e", 7);

    /** Values every field is set to in turn. */
    private static final List<String> REPLACEMENTS = List.of("null", "7", "3000000000", "1.5", "true", "\"\"",
            "\" \"", "\"Converse\"", "\"system\"", "\"ModelInvocationLog\"", "[]", "{}", "[{\"text\":\"t\"}]",
            "{\"text\":\"y\"}", "{\"text\":5,\"content\":\"c\"}", "[null,\"a\",{\"content\":[\"b\"]}]",
            "\"guardrail_intervened\"");

    /** Every name the tree path reads somewhere, added to every object in turn. */
    private static final List<String> NAMES = List.of("schemaType", "requestId", "operation", "modelId",
            "timestamp", "errorCode", "requestMetadata", "input", "output", "inputBodyJson", "inputBodyS3Path",
            "outputBodyJson", "outputBodyS3Path", "inputTokenCount", "outputTokenCount", "system", "messages",
            "prompt", "inputText", "message", "stopReason", "stop_reason", "amazon-bedrock-guardrailAction", "usage",
            "inputTokens", "outputTokens", "input_tokens", "output_tokens", "content", "results", "generation",
            "outputs", "generations", "choices", "completion", "text", "role");

    /** Values those names are added with. */
    private static final List<String> ADDED = List.of("null", "9", "\"end_turn\"", "\"max_tokens\"",
            "[{\"text\":\"t\"}]", "{}");

    /** What the tree path makes of a line: the one interaction it normalises to, or null (rejected, skipped). */
    private static Interaction viaTree(byte[] line) {
        RawRecord r = LogRecordReader.parse(TREE, new RawRecord.Line(1, line));
        if (!(r instanceof RawRecord.Parsed parsed)) {
            return null;
        }
        List<NormalizeResult> results = NORMALIZER.normalize(parsed.json(), SRC);
        return results.size() == 1 && results.get(0) instanceof NormalizeResult.Normalized n ? n.interaction()
                : null;
    }

    /** Checks one line as production calls the extractor (valid UTF-8 only); whether it was read without a tree. */
    private static boolean sameAsTree(byte[] line) {
        if (!LogRecordReader.isValidUtf8(new RawRecord.Line(1, line))) {
            return false;
        }
        Interaction read = BedrockLineExtractor.extract(MAPPER.getFactory(), line, SRC);
        if (read != null) {
            assertEquals(viaTree(line), read, () -> "read otherwise than the tree: " + new String(line,
                    StandardCharsets.UTF_8));
        }
        // without the prompt: read exactly when read in full, the same but for the empty prompt, and completed
        // with the prompt's turns read alone, the same
        BedrockLineExtractor.WithoutPrompt partial = BedrockLineExtractor.extractWithoutPrompt(MAPPER.getFactory(),
                line, SRC);
        assertEquals(read == null, partial == null, () -> "read without the prompt " + (partial != null)
                + ", in full " + (read != null) + ": " + new String(line, StandardCharsets.UTF_8));
        if (read != null) {
            assertEquals(withoutPrompt(read), partial.interaction(), () -> "read otherwise without the prompt: "
                    + new String(line, StandardCharsets.UTF_8));
            assertEquals(read, BedrockLineExtractor.complete(MAPPER.getFactory(), line, partial),
                    () -> "completed otherwise: " + new String(line, StandardCharsets.UTF_8));
        }
        return read != null;
    }

    private static Interaction withoutPrompt(Interaction i) {
        return new Interaction(i.recordId(), i.format(), i.source(), i.timestamp(), i.operation(), i.modelId(),
                i.requestMetadata(), i.systemPrompt(), "", i.output(), i.stopReason(), i.guardrailAction(),
                i.inputTokens(), i.outputTokens(), i.errorCode(), i.promptOffloaded());
    }

    @Test
    void withoutThePrompt_systemTurnsAreStillRead_whereverTheirRoleStands() {
        String head = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":\"InvokeModel\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"messages\":[";
        String tail = "]}},\"output\":{\"outputBodyJson\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}}";
        String[] turns = {
            "{\"role\":\"system\",\"content\":[{\"text\":\"Be kind.\"}]},{\"role\":\"user\",\"content\":\"hi\"}",
            "{\"content\":\"Be kind.\",\"role\":\"developer\"},{\"role\":\"user\",\"content\":\"hi\"}",
            "{\"role\":\"user\",\"content\":[{\"text\":\"a\"},{\"content\":\"b\"}]},{\"role\":\"assistant\","
                + "\"content\":7},{\"role\":\"system\",\"content\":{\"text\":\"Be kind.\"}}"};
        for (String t : turns) {
            byte[] line = (head + t + tail).getBytes(StandardCharsets.UTF_8);
            assertTrue(sameAsTree(line), head + t + tail);
            Interaction partial = BedrockLineExtractor.extractWithoutPrompt(MAPPER.getFactory(), line, SRC)
                    .interaction();
            assertEquals("Be kind.", partial.systemPrompt(), t);
            assertEquals("", partial.prompt(), t);
            assertTrue(!BedrockLineExtractor.extract(MAPPER.getFactory(), line, SRC).prompt().isEmpty(), t);
        }
    }

    private static boolean sameAsTree(String line) {
        return sameAsTree(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRepeatedLongSystemPrompt_isTheSameString_andEveryFormOfOneReadsAsTheTreeReadsIt() {
        String head = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"system\":";
        String tail = ",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}},\"output\":"
                + "{\"outputBodyJson\":{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
                + "\"ok\"}]}}}}}";
        String kept = "You are the support assistant; never promise refunds. ".repeat(10);   // 540 bytes
        String tooLong = "You are the support assistant. ".repeat(3_000);                  // 93 KB
        String[] systems = {"[{\"text\":\"" + kept + "\"}]", "\"" + kept + "\"", "[{\"text\":\"Be kind.\"}]",
            "[{\"text\":\"" + kept + "\"},{\"text\":\"" + kept + "\"}]", "[{\"text\":\"" + kept.replace("e", "\\u0065") + "\"}]",
            "{\"text\":\"" + kept + "\"}", "[{\"content\":\"" + kept + "\"}]", "[]", "7", "null",
            "[{\"text\":\"" + tooLong + "\"}]", "[{\"text\":\"" + kept + "\u00e9t\u00e9\"}]"};
        for (int round = 0; round < 2; round++) {   // the second round finds each kept one
            for (String system : systems) {
                assertTrue(sameAsTree(head + system + tail) || system.equals("7") || system.equals("null"), system);
            }
        }
        byte[] one = (head + systems[0] + tail).getBytes(StandardCharsets.UTF_8);
        byte[] two = (head.replace("\"r\"", "\"s\"") + systems[1] + tail).getBytes(StandardCharsets.UTF_8);
        String first = BedrockLineExtractor.extract(MAPPER.getFactory(), one, SRC).systemPrompt();
        String second = BedrockLineExtractor.extract(MAPPER.getFactory(), two, SRC).systemPrompt();
        assertEquals(kept, first);
        assertTrue(first == second, "the same bytes give the same string, with its hash kept");
        // kept by the bytes as written: the same text escaped otherwise is decoded again, to an equal string
        byte[] escaped = (head + systems[4] + tail).getBytes(StandardCharsets.UTF_8);
        String third = BedrockLineExtractor.extract(MAPPER.getFactory(), escaped, SRC).systemPrompt();
        assertEquals(first, third);
        assertTrue(first != third);
        // a short one and one too long to keep are decoded each time, to equal strings
        for (String system : new String[] {systems[2], systems[10]}) {
            byte[] line = (head + system + tail).getBytes(StandardCharsets.UTF_8);
            String a = BedrockLineExtractor.extract(MAPPER.getFactory(), line, SRC).systemPrompt();
            String b = BedrockLineExtractor.extract(MAPPER.getFactory(), line, SRC).systemPrompt();
            assertEquals(a, b);
            assertTrue(a != b, "not kept: " + a.length());
        }
    }

    static List<byte[]> linesOf(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            List<byte[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                    byte[] l = new byte[end - start];
                    System.arraycopy(all, start, l, 0, l.length);
                    lines.add(l);
                    start = i + 1;
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String... suffixes) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
                    .sorted().toList();
        }
    }

    @Test
    void everyCorpusLine_isReadAsTheTreeReadsIt() throws IOException {
        List<Path> corpus = new ArrayList<>();
        corpus.addAll(files(Path.of("../../events/logs"), ".jsonl"));
        corpus.addAll(files(Path.of("src/test/resources/hostile"), ".jsonl", ".log", ".json"));
        corpus.addAll(files(Path.of("src/test/resources/dev/secondlook/core/ingest/IngestFuzzTestInputs"),
                ".jsonl", "", ".json"));
        corpus.addAll(files(Path.of("../../../shared/reference/formats"), ".jsonl"));
        int lines = 0;
        int read = 0;
        for (Path f : corpus) {
            if (f.toString().endsWith(".gz")) {
                continue;
            }
            for (byte[] line : linesOf(f)) {
                lines++;
                if (sameAsTree(line)) {
                    read++;
                }
            }
        }
        for (Path f : files(Path.of("../../../shared/reference/formats"), ".json")) {
            // one pretty-printed record a file: the same record as one line
            if (sameAsTree(MAPPER.writeValueAsString(MAPPER.readTree(f.toFile())))) {
                read++;
            }
        }
        assertTrue(lines > 150, "corpus lines " + lines);
        assertTrue(read >= 40, "lines read without a tree: " + read + " of " + lines);
    }

    @Test
    void theCommonShapes_areReadWithoutATree() {
        String converse = "{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2026-08-19T05:14:05Z\","
                + "\"requestId\":\"r-1\",\"operation\":\"Converse\",\"modelId\":\"m\",\"input\":{\"inputBodyJson\":"
                + "{\"system\":[{\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                + "\"Hi\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello\"}]},{\"role\":\"user\","
                + "\"content\":[{\"text\":\"Refund?\"},{\"image\":{}}]}],\"inferenceConfig\":{\"maxTokens\":5}},"
                + "\"inputTokenCount\":61},\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"role\":"
                + "\"assistant\",\"content\":[{\"text\":\"Yes.\"},{\"text\":\"Done.\"}]}},\"stopReason\":"
                + "\"end_turn\",\"metrics\":{\"latencyMs\":8},\"usage\":{\"inputTokens\":61,\"outputTokens\":3}},"
                + "\"outputTokenCount\":38},\"requestMetadata\":{\"route\":\"support.faq\",\"env\":\"prod\"}}";
        String invoke = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r-2\",\"operation\":\"InvokeModel\","
                + "\"modelId\":\"anthropic.claude\",\"input\":{\"inputBodyJson\":{\"system\":\"Be kind.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}},\"output\":{\"outputBodyJson\":{\"id\":"
                + "\"msg\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":4,\"output_tokens\":2}}}}";
        Interaction c = BedrockLineExtractor.extract(MAPPER.getFactory(), converse.getBytes(StandardCharsets.UTF_8),
                SRC);
        assertNotNull(c);
        assertEquals("User: Hi\n\nAssistant: Hello\n\nUser: Refund?", c.prompt());
        assertEquals("Yes.\nDone.", c.output());
        assertEquals(Map.of("route", "support.faq", "env", "prod"), c.requestMetadata());
        assertEquals(38, c.outputTokens());
        assertTrue(sameAsTree(converse));
        Interaction i = BedrockLineExtractor.extract(MAPPER.getFactory(), invoke.getBytes(StandardCharsets.UTF_8),
                SRC);
        assertNotNull(i);
        assertEquals("bedrock-invoke-model", i.format());
        assertEquals(4, i.inputTokens());
        assertTrue(sameAsTree(invoke));
    }

    @Test
    void whatTheTreeMustDecide_isGivenBack() {
        String base = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"messages\":[]}},\"output\":{\"outputBodyJson\":"
                + "{\"output\":{\"message\":{\"content\":[{\"text\":\"x\"}]}}}}";
        assertTrue(sameAsTree(base + "}"));
        for (String line : List.of(
                base + "} {}",                                                  // trailing tokens
                base + ",\"errorCode\":\"ThrottlingException\"}",               // a failed call: skipped
                base.replace("\"r\"", "\" \"") + "}",                           // blank request id: rejected
                base.replace("\"outputBodyJson\"", "\"outputBodyS3Path\":\"s3://b/o\",\"x\"") + "}", // sidecar
                base + ",\"output\":{}}",                                       // a field named twice
                "{\"resourceSpans\":[]}",                                        // another format
                "[1,2]",
                base)) {                                                        // truncated
            assertNull(BedrockLineExtractor.extract(MAPPER.getFactory(), line.getBytes(StandardCharsets.UTF_8), SRC),
                    line);
        }
    }

    @Test
    void namesWrittenWithEscapes_fieldsInAnotherOrder_andDeepContent_areReadAsTheTreeReadsThem() throws IOException {
        int read = 0;
        int lines = 0;
        for (JsonNode record : sampleRecords()) {
            // every name of the record with its first character escaped, one name at a time
            for (List<Object> path : paths(record, new ArrayList<>(), new ArrayList<>())) {
                if (path.get(path.size() - 1) instanceof String name && !name.isEmpty()) {
                    String escaped = String.format("\\u%04x", (int) name.charAt(0)) + name.substring(1);
                    StringBuilder sb = new StringBuilder();
                    write(record, record, parent(record, path), name, null, false, sb, escaped);
                    lines++;
                    read += sameAsTree(sb.toString()) ? 1 : 0;
                }
            }
            // every object's fields in reverse order
            lines++;
            read += sameAsTree(reversed(record).toString()) ? 1 : 0;
        }
        assertTrue(read > lines / 2, "read without a tree: " + read + " of " + lines);
        // content nested 100 deep: the extractor recurses as Texts.content does, and reads it as the tree does;
        // nested 900 deep (Jackson's limit is 1000 here), past the lexer's 128 levels, it goes the tree path
        for (int depth : new int[] {100, 900}) {
            String deep = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":"
                    + "\"Converse\",\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"messages\":[]}},\"output\":"
                    + "{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":" + "[".repeat(depth)
                    + "{\"text\":\"x\"}" + "]".repeat(depth) + "}}}}}";
            assertEquals(depth == 100, sameAsTree(deep), "read without a tree, " + depth + " deep");
        }
    }

    @Test
    void aLineThatCouldHoldAStringOverTheParsersLimit_goesTheTreePath() {
        // the extractor skips strings without the parser's length check; the tree path reads (and checks) them
        com.fasterxml.jackson.core.JsonFactory strict = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(100)
                        .build()).build();
        String line = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"accountId\":\"" + "1".repeat(150) + "\",\"input\":{\"inputBodyJson\":{}},"
                + "\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":[{\"text\":\"x\"}]}}}}}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertNull(BedrockLineExtractor.extract(strict, bytes, SRC));
        assertNotNull(BedrockLineExtractor.extract(MAPPER.getFactory(), bytes, SRC));
    }

    private static List<JsonNode> sampleRecords() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (byte[] line : linesOf(Path.of("../../events/logs/bedrock-invocations.jsonl"))) {
            try {
                JsonNode n = MAPPER.readTree(line);
                if (n != null && n.isObject() && viaTree(line) != null) {
                    records.add(n);
                }
            } catch (IOException malformedOnPurpose) {
                // the sample holds a malformed line on purpose
            }
        }
        return records;
    }

    private static JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            ObjectNode out = MAPPER.createObjectNode();
            for (int i = names.size() - 1; i >= 0; i--) {
                out.set(names.get(i), reversed(node.get(names.get(i))));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            node.forEach(v -> out.add(reversed(v)));
            return out;
        }
        return node;
    }

    @Test
    void mutatedBedrockRecords_areReadAsTheTreeReadsThem() throws IOException {
        List<JsonNode> records = sampleRecords();
        assertTrue(records.size() >= 20, "sample records " + records.size());
        int variants = 0;
        int read = 0;
        for (JsonNode record : records) {
            List<List<Object>> all = paths(record, new ArrayList<>(), new ArrayList<>());
            all.add(0, List.of());
            for (List<Object> path : all) {
                List<String> lines = new ArrayList<>();
                JsonNode at = at(record, path);
                if (at.isObject()) {
                    for (String name : NAMES) {
                        if (at.has(name)) {
                            continue;
                        }
                        for (String v : ADDED) {
                            JsonNode added = record.deepCopy();
                            ((ObjectNode) at(added, path)).set(name, MAPPER.readTree(v));
                            lines.add(added.toString());
                        }
                    }
                }
                if (path.isEmpty()) {
                    for (String l : lines) {
                        variants++;
                        if (sameAsTree(l)) {
                            read++;
                        }
                    }
                    continue;
                }
                JsonNode removed = record.deepCopy();
                remove(removed, path);
                lines.add(removed.toString());
                for (String r : REPLACEMENTS) {
                    JsonNode value = MAPPER.readTree(r);
                    JsonNode replaced = record.deepCopy();
                    set(replaced, path, value);
                    lines.add(replaced.toString());
                    if (path.get(path.size() - 1) instanceof String) {
                        lines.add(withDuplicate(record, path, r, true));
                        lines.add(withDuplicate(record, path, r, false));
                    }
                }
                for (String l : lines) {
                    variants++;
                    if (sameAsTree(l)) {
                        read++;
                    }
                }
            }
        }
        assertTrue(variants > 10_000, "variants " + variants);
        assertTrue(read > variants / 10, "variants read without a tree: " + read + " of " + variants);
    }

    @Test
    void aMapperWhoseParserRefusesDuplicateNames_hasEveryLineReadAsATree() {
        // its tree path refuses this line ("Duplicate field 'a'"): the extractor must not read it
        String line = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"r\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"requestMetadata\":{\"a\":\"1\",\"a\":\"2\"},\"input\":{\"inputBodyJson\":"
                + "{\"messages\":[]}},\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":"
                + "[{\"text\":\"x\"}]}}}}}";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertNotNull(BedrockLineExtractor.extract(MAPPER.getFactory(), b, SRC), "the default mapper's lines are read");
        ObjectMapper strict = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        assertNull(BedrockLineExtractor.extract(strict.getFactory(), b, SRC));
        assertNull(BedrockLineExtractor.extractWithoutPrompt(strict.getFactory(), b, SRC));
    }

    @Test
    void byteMutationsOfBedrockRecords_areReadAsTheTreeReadsThem_orGivenBack() throws IOException {
        // malformed JSON too: a byte deleted, inserted, replaced or repeated, or the line cut short
        Random r = new Random(31);
        int variants = 0;
        int read = 0;
        for (JsonNode record : sampleRecords()) {
            for (byte[] m : LineLexerTest.mutations(MAPPER.writeValueAsBytes(record), r, 1_500)) {
                variants++;
                read += sameAsTree(m) ? 1 : 0;
            }
        }
        assertTrue(variants > 20_000, "variants " + variants);
        assertTrue(read > variants / 20, "variants read without a tree: " + read + " of " + variants);
    }

    /** Every path (field names and array indexes) to a value under the root. */
    private static List<List<Object>> paths(JsonNode node, List<Object> at, List<List<Object>> out) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                List<Object> p = new ArrayList<>(at);
                p.add(name);
                out.add(p);
                paths(node.get(name), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(at);
                p.add(i);
                out.add(p);
                paths(node.get(i), p, out);
            }
        }
        return out;
    }

    private static JsonNode parent(JsonNode root, List<Object> path) {
        return at(root, path.subList(0, path.size() - 1));
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object step : path) {
            n = step instanceof String s ? n.get(s) : n.get((Integer) step);
        }
        return n;
    }

    private static void remove(JsonNode root, List<Object> path) {
        Object last = path.get(path.size() - 1);
        JsonNode p = parent(root, path);
        if (last instanceof String s) {
            ((ObjectNode) p).remove(s);
        } else {
            ((ArrayNode) p).remove((Integer) last);
        }
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        Object last = path.get(path.size() - 1);
        JsonNode p = parent(root, path);
        if (last instanceof String s) {
            ((ObjectNode) p).set(s, value);
        } else {
            ((ArrayNode) p).set((Integer) last, value);
        }
    }

    /** The record as one line with the path's field named twice: the other value before or after the original. */
    private static String withDuplicate(JsonNode root, List<Object> path, String other, boolean otherFirst) {
        StringBuilder sb = new StringBuilder();
        write(root, root, parent(root, path), (String) path.get(path.size() - 1), other, otherFirst, sb, null);
        return sb.toString();
    }

    /**
     * Writes the record as one line; in {@code target}, {@code field} is named twice (with {@code other}) or,
     * when {@code rawName} is given, written under that raw (escaped) name instead.
     */
    private static void write(JsonNode root, JsonNode node, JsonNode target, String field, String other,
                              boolean otherFirst, StringBuilder sb, String rawName) {
        if (node.isObject()) {
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean hit = node == target && e.getKey().equals(field);
                boolean dup = hit && rawName == null;
                String key = hit && rawName != null ? "\"" + rawName + "\""
                        : MAPPER.getNodeFactory().textNode(e.getKey()).toString();
                if (dup && otherFirst) {
                    sb.append(first ? "" : ",").append(key).append(':').append(other);
                    first = false;
                }
                sb.append(first ? "" : ",").append(key).append(':');
                first = false;
                write(root, e.getValue(), target, field, other, otherFirst, sb, rawName);
                if (dup && !otherFirst) {
                    sb.append(',').append(key).append(':').append(other);
                }
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(root, node.get(i), target, field, other, otherFirst, sb, rawName);
            }
            sb.append(']');
        } else {
            sb.append(node);
        }
    }
}
