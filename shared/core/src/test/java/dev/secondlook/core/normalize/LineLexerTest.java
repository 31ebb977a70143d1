package dev.secondlook.core.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.read.LogRecordReader;
import dev.secondlook.core.read.RawRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LineLexer} against Jackson's streaming parser with the factory's default features, which it stands in
 * for: every token stream the lexer reads to its end - tokens, names, decoded strings, integer values, token
 * offsets, and what {@code skipChildren} and the expected-name comparison return - must be the one the parser
 * reads, on the corpora's lines, on hundreds of thousands of byte-level mutations of them (the lexer may refuse
 * more than the parser, never less or otherwise), and on random JSON; and it must read every well-formed line of
 * the usual shapes rather than refuse it.
 */
class LineLexerTest {

    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    /** Names the lexer's walk looks for, each first in turn (some occur in the corpus, one never does). */
    private static final String[] EXPECTED = {"schemaType", "input", "text", "role", "content", "nowhere", "text"};
    private static final byte[][] EXPECTED_BYTES = java.util.Arrays.stream(EXPECTED)
            .map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** Bytes the mutations insert: JSON's structure, escapes, digits, literals' letters, controls, DEL. */
    private static final byte[] PALETTE = "\"\\{}[],:0123-+.eEtrufalsn u/bx \t\r\n\u0001\u001f\u007f".getBytes(
            StandardCharsets.UTF_8);

    /** Characters of two, three and four UTF-8 bytes the mutations insert whole. */
    private static final byte[][] WIDE = {"\u00e9".getBytes(StandardCharsets.UTF_8),
        "\u4e2d".getBytes(StandardCharsets.UTF_8), "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)};

    /**
     * A walk over the tokens of {@code b[from, to)}, the same steps for both readers: step {@code i} reads the
     * next token ({@code i % 3 == 0}), the next looking for the {@code EXPECTED} names, {@code EXPECTED[i % 7]}
     * first (1; the parser simply reads the next token), or the next and then skips its children (2). Each step
     * writes what it read; null when the reader refused.
     */
    private static List<String> jackson(byte[] b, int from, int to) {
        return jackson(FACTORY, b, from, to);
    }

    private static List<String> jackson(JsonFactory factory, byte[] b, int from, int to) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(b, from, to - from)) {
            for (int i = 0; ; i++) {
                JsonToken t;
                if (i % 3 == 1) {
                    t = p.nextToken();
                    out.add(describe(t, p, from));
                } else {
                    t = p.nextToken();
                    out.add(describe(t, p, from));
                    if (i % 3 == 2 && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                        p.skipChildren();
                        out.add("skipped to " + p.currentToken() + "@" + offset(p, from));
                    }
                }
                if (t == null) {
                    return out;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String describe(JsonToken t, JsonParser p, int from) throws IOException {
        if (t == null) {
            return "end";
        }
        String at = "@" + offset(p, from);
        return switch (t) {
            case FIELD_NAME -> "name " + p.currentName() + at;
            case VALUE_STRING -> "string " + p.getText() + at;
            case VALUE_NUMBER_INT -> "int " + (p.getNumberType() == JsonParser.NumberType.INT
                    ? Integer.toString(p.getIntValue()) : "wide") + at;
            default -> t + at;
        };
    }

    private static long offset(JsonParser p, int from) {
        return p.currentTokenLocation().getByteOffset() + from;
    }

    private static List<String> lexer(byte[] b, int from, int to) {
        return lexer(FACTORY, b, from, to);
    }

    private static List<String> lexer(JsonFactory factory, byte[] b, int from, int to) {
        List<String> out = new ArrayList<>();
        LineLexer p = new LineLexer(b, from, to, factory.streamReadConstraints());
        try {
            for (int i = 0; ; i++) {
                JsonToken t;
                if (i % 3 == 1) {
                    int k = p.nextName(EXPECTED_BYTES, i % EXPECTED.length);
                    t = p.currentToken();
                    out.add(k >= 0 ? "name " + EXPECTED[k] + "@" + p.tokenStart() : describe(t, p));
                    if ((k == -2) != (t != JsonToken.FIELD_NAME)) {
                        throw new AssertionError("nextName " + k + " at " + t);
                    }
                } else {
                    t = p.nextToken();
                    out.add(describe(t, p));
                    if (i % 3 == 2 && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                        p.skipChildren();
                        out.add("skipped to " + p.currentToken() + "@" + p.tokenStart());
                    }
                }
                if (t == null) {
                    return out;
                }
            }
        } catch (BedrockLineExtractor.NotSure e) {
            return null;
        }
    }

    private static String describe(JsonToken t, LineLexer p) throws BedrockLineExtractor.NotSure {
        if (t == null) {
            return "end";
        }
        String at = "@" + p.tokenStart();
        return switch (t) {
            case FIELD_NAME -> "name " + p.currentName() + at;
            case VALUE_STRING -> "string " + p.getText() + at;
            case VALUE_NUMBER_INT -> "int " + (p.isInt() ? Integer.toString(p.getIntValue()) : "wide") + at;
            default -> t + at;
        };
    }

    /** Whether the lexer read {@code line} to its end; fails when it read it otherwise than the parser. */
    private static boolean sameAsParser(byte[] line) {
        return sameAsParser(line, 0, line.length);
    }

    private static boolean sameAsParser(byte[] b, int from, int to) {
        return sameAsParser(FACTORY, b, from, to);
    }

    private static boolean sameAsParser(JsonFactory factory, byte[] b, int from, int to) {
        List<String> read = lexer(factory, b, from, to);
        if (read != null) {
            assertEquals(jackson(factory, b, from, to), read, () -> "read otherwise than the parser: "
                    + new String(b, from, to - from, StandardCharsets.UTF_8));
        }
        return read != null;
    }

    private static boolean sameAsParser(String line) {
        return sameAsParser(line.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code n} byte-level mutations of {@code line}, each valid UTF-8 (as the lexer's callers guarantee). */
    static List<byte[]> mutations(byte[] line, Random r, int n) {
        List<byte[]> out = new ArrayList<>(n);
        while (out.size() < n) {
            byte[] m = mutate(line, r);
            for (int more = r.nextInt(3); more > 0; more--) {
                m = mutate(m, r);
            }
            if (LogRecordReader.isValidUtf8(new RawRecord.Line(1, m))) {
                out.add(m);
            }
        }
        return out;
    }

    private static byte[] mutate(byte[] line, Random r) {
        if (line.length == 0) {
            return new byte[] {PALETTE[r.nextInt(PALETTE.length)]};
        }
        int at = r.nextInt(line.length);
        byte[] m;
        switch (r.nextInt(6)) {
            case 5 -> {   // insert a character of several bytes (next to a quote, an escape, a word's end...)
                byte[] c = WIDE[r.nextInt(WIDE.length)];
                m = new byte[line.length + c.length];
                System.arraycopy(line, 0, m, 0, at);
                System.arraycopy(c, 0, m, at, c.length);
                System.arraycopy(line, at, m, at + c.length, line.length - at);
            }
            case 0 -> {   // delete a byte
                m = new byte[line.length - 1];
                System.arraycopy(line, 0, m, 0, at);
                System.arraycopy(line, at + 1, m, at, line.length - at - 1);
            }
            case 1 -> {   // insert one
                m = new byte[line.length + 1];
                System.arraycopy(line, 0, m, 0, at);
                m[at] = PALETTE[r.nextInt(PALETTE.length)];
                System.arraycopy(line, at, m, at + 1, line.length - at);
            }
            case 2 -> {   // replace one
                m = line.clone();
                m[at] = PALETTE[r.nextInt(PALETTE.length)];
            }
            case 3 -> {   // cut the line short
                m = new byte[at];
                System.arraycopy(line, 0, m, 0, at);
            }
            default -> {   // repeat a piece of it
                int len = Math.min(line.length - at, 1 + r.nextInt(24));
                m = new byte[line.length + len];
                System.arraycopy(line, 0, m, 0, at + len);
                System.arraycopy(line, at, m, at + len, line.length - at);
            }
        }
        return m;
    }

    private static List<byte[]> corpusLines() throws IOException {
        List<Path> corpus = new ArrayList<>();
        corpus.addAll(BedrockLineExtractorTest.files(Path.of("../../events/logs"), ".jsonl"));
        corpus.addAll(BedrockLineExtractorTest.files(Path.of("src/test/resources/hostile"), ".jsonl", ".log",
                ".json"));
        corpus.addAll(BedrockLineExtractorTest.files(
                Path.of("src/test/resources/dev/secondlook/core/ingest/IngestFuzzTestInputs"), ".jsonl", "",
                ".json"));
        List<byte[]> lines = new ArrayList<>();
        for (Path f : corpus) {
            for (byte[] line : BedrockLineExtractorTest.linesOf(f)) {
                if (line.length <= 64 * 1024 && LogRecordReader.isValidUtf8(new RawRecord.Line(1, line))) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    @Test
    void wellFormedLines_ofEveryUsualShape_areReadAsTheParserReadsThem() {
        String[] lines = {
            "{}", "[]", " { } ", "\t[\r\n]\n", "{\"a\":1}", "[1,-0,0,2147483647,-2147483648,2147483648,12345678901]",
            "[1.5,-0.0,1e5,1E+5,1e-5,0.25e3]", "[true,false,null]", "{\"a\":[{\"b\":{\"c\":[[],{}]}}]}",
            "{\"\\u0061\\\"\\\\\\/\\b\\f\\n\\r\\t\":\"x\\u00e9\\uD83D\\uDE00\\ud800y\"}",
            "{\"é\":\"caf\u00e9 \uD83D\uDE00 \u4e2d\u6587\"}", "{\"a\" : 1 , \"b\" :\t\"c\" }",
            "{\"schemaType\":\"ModelInvocationLog\",\"input\":{\"text\":\"hello world, a longer string of ASCII\"}}",
            "\"just a string\"", "42", "{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}],\"nowhere\":null}",
        };
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertTrue(sameAsParser(b), () -> "refused: " + l);
            // and as a range within a longer array, as the prompt's messages are read
            byte[] padded = ("xx" + l + "yy").getBytes(StandardCharsets.UTF_8);
            assertTrue(sameAsParser(padded, 2, padded.length - 2), () -> "refused within a range: " + l);
        }
    }

    @Test
    void whatTheParserRefuses_isRefused() {
        String[] lines = {
            "{", "}", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "01", "[01]", "-", "[-]", "1.", "[.5]", "[1e]", "[+1]",
            "[1x]", "[tru]", "[truex]", "[nul]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}", "[\"\\x\"]",
            "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"a\u0001b\"]", "[\"unterminated]", "{}x", "[1]]", "[NaN]",
            "[Infinity]", "/* c */ {}", "{\"a\":1 // c\n}", "[\"\t\"]", "\u0000{}", "{\"\\udc00\":1}",
            "{\"\\ud800x\":1}",
        };
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertNull(lexer(b, 0, b.length), () -> "read: " + l);
            assertNull(jackson(b, 0, b.length), () -> "the parser read: " + l);
        }
        // a second root value the parser reads, and the reader of lines refuses: so does the lexer
        byte[] two = "{} {}".getBytes(StandardCharsets.US_ASCII);
        assertNull(lexer(two, 0, two.length));
        // nesting beyond the lexer's depth goes to the parser (which reads it), not to an error of the lexer's own
        String deep = "[".repeat(LineLexer.MAX_DEPTH + 1) + "]".repeat(LineLexer.MAX_DEPTH + 1);
        byte[] b = deep.getBytes(StandardCharsets.US_ASCII);
        assertNull(lexer(b, 0, b.length));
        assertNotNull(jackson(b, 0, b.length));
        String deepest = "[".repeat(LineLexer.MAX_DEPTH) + "]".repeat(LineLexer.MAX_DEPTH);
        assertTrue(sameAsParser(deepest.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aRangeThatEndsInsideAToken_isRefused_whateverTheBytesAfterItsEnd() {
        // each line cut where the range ends; the bytes after the end would complete the token
        String[][] cuts = {{"[\"abcdefghijklmnop", "\"]"}, {"{\"schemaType", "\":1}"}, {"[12", "3]"}, {"[tru", "e]"},
            {"[\"\\", "n\"]"}, {"[\"\\u00", "41\"]"}, {"{\"a\":", "1}"}, {"[\"abcdefgh", "ijkl\"]"},
            {"[\"caf\u00e9", "\"]"}};
        for (String[] cut : cuts) {
            byte[] b = (cut[0] + cut[1]).getBytes(StandardCharsets.UTF_8);
            int to = cut[0].getBytes(StandardCharsets.UTF_8).length;
            assertTrue(sameAsParser(b), () -> "the whole line refused: " + cut[0] + cut[1]);
            assertNull(lexer(b, 0, to), () -> "read past the range's end: " + cut[0] + "|" + cut[1]);
            // the expected-name path stops at the range's end too
            LineLexer p = new LineLexer(b, 0, to, FACTORY.streamReadConstraints());
            assertThrows(BedrockLineExtractor.NotSure.class, () -> {
                while (p.nextName(EXPECTED_BYTES, 0) != -2 || p.currentToken() != null) {
                    p.skipChildren();
                }
            }, () -> "read past the range's end by name: " + cut[0] + "|" + cut[1]);
        }
    }

    @Test
    void objectsAndArraysNested_acrossTheWordsOfTheLevelStack_areReadAsTheParserReadsThem() {
        for (int depth : new int[] {62, 63, 64, 65, 66, 126, 127, LineLexer.MAX_DEPTH}) {
            for (int shift = 0; shift < 2; shift++) {
                StringBuilder open = new StringBuilder();
                StringBuilder close = new StringBuilder();
                for (int d = 0; d < depth - 1; d++) {
                    if ((d + shift) % 2 == 0) {
                        open.append("{\"k\":");
                        close.insert(0, ",\"after\":[1,{\"x\":2}]}");
                    } else {
                        open.append('[');
                        close.insert(0, ",{\"y\":[3]}]");
                    }
                }
                // the innermost container, then each level closed and a sibling read after it: a level's bit
                // left set or cleared wrongly shows as a refusal or a different token
                String line = "[" + open + "[{\"z\":1},[2]]" + close + ",{\"w\":[]}]";
                int levels = depth + 2;   // the outer array, depth - 1 levels, the innermost array and object
                boolean read = sameAsParser(line);
                assertEquals(levels <= LineLexer.MAX_DEPTH, read, () -> levels + " levels: " + read);
            }
        }
    }

    @Test
    void theFactorysOwnLimits_belowTheLexersOwn_areKept() {
        JsonFactory tight = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(3).maxNumberLength(4).maxNameLength(5).build()).build();
        String[] within = {"[[[1]]]", "[1234]", "{\"abcde\":1}", "[-123]"};
        String[] beyond = {"[[[[1]]]]", "[12345]", "{\"abcdef\":1}", "[1.2345]", "{\"a\":{\"b\":[[1]]}}"};
        for (String l : within) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertTrue(sameAsParser(tight, b, 0, b.length), () -> "refused within the limits: " + l);
        }
        for (String l : beyond) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertNull(lexer(tight, b, 0, b.length), () -> "read beyond the limits: " + l);
        }
        // a known name longer than the limit is not taken on its bytes either
        byte[] b = "{\"schemaType\":1}".getBytes(StandardCharsets.UTF_8);
        LineLexer p = new LineLexer(b, 0, b.length, tight.streamReadConstraints());
        assertThrows(BedrockLineExtractor.NotSure.class, () -> {
            p.nextToken();
            p.nextName(EXPECTED_BYTES, 0);
        });
    }

    @Test
    void surrogateEscapesInNames_areReadOnlyInPairs_atTheTopAndInsideASkippedValue() {
        String[] refused = {"\\ud800\\n", "\\ud800\\u0041", "\\ud800\\ud800", "a\\ud800", "\\udc00",
            "\\ud800x", "\\udbff"};
        String[] read = {"\\\\ud800", "\\ud83d\\ude00", "a\\uD83D\\uDE00b", "\\u00e9"};
        for (String name : refused) {
            for (String line : List.of("{\"" + name + "\":1}", "[[{\"" + name + "\":1}]]")) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                assertNull(lexer(b, 0, b.length), () -> "read: " + line);
                assertNull(jackson(b, 0, b.length), () -> "the parser read: " + line);
            }
        }
        for (String name : read) {
            for (String line : List.of("{\"" + name + "\":1}", "[[{\"" + name + "\":1}]]")) {
                assertTrue(sameAsParser(line), () -> "refused: " + line);
            }
        }
    }

    @Test
    void onlyAFactoryWhoseParserAcceptsNoLess_isReadWithTheLexer() {
        assertTrue(LineLexer.reads(FACTORY));
        assertTrue(LineLexer.reads(new JsonFactory()));
        assertTrue(LineLexer.reads(JsonFactory.builder().enable(
                com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS).build()),
                "more lenient: the lexer only refuses more");
        assertFalse(LineLexer.reads(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build()));
        assertFalse(LineLexer.reads(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(10_000).build()).build()));
        assertFalse(LineLexer.reads(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxTokenCount(10_000).build()).build()));
        assertFalse(LineLexer.reads(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()));
    }

    @Test
    void corpusLines_andTheirByteMutations_areReadAsTheParserReadsThem_orRefused() throws IOException {
        List<byte[]> lines = corpusLines();
        Random r = new Random(20261130);
        int read = 0;
        int parsed = 0;
        int mutants = 0;
        int mutantsRead = 0;
        for (byte[] line : lines) {
            if (sameAsParser(line)) {
                read++;
            }
            if (jackson(line, 0, line.length) != null) {
                parsed++;
            }
            for (byte[] m : mutations(line, r, 150)) {
                mutants++;
                if (sameAsParser(m)) {
                    mutantsRead++;
                }
            }
        }
        assertTrue(lines.size() > 150, "corpus lines " + lines.size());
        assertTrue(parsed > 150, "corpus lines the parser reads: " + parsed);
        assertTrue(read >= parsed * 95 / 100, "corpus lines read: " + read + " of the " + parsed + " parsed");
        assertTrue(mutants > 100_000, "mutants " + mutants);
        // most mutations break the JSON; those that do not (in a string, a digit for a digit) are read
        assertTrue(mutantsRead > mutants / 20, "mutants read: " + mutantsRead + " of " + mutants);
    }

    @Test
    void randomJson_isReadAsTheParserReadsIt() {
        Random r = new Random(7);
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            value(sb, r, 0);
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (sameAsParser(b)) {
                read++;
            }
            for (byte[] m : mutations(b, r, 5)) {
                sameAsParser(m);
            }
        }
        assertEquals(20_000, read, "well-formed random JSON refused");
    }

    private static void value(StringBuilder sb, Random r, int depth) {
        int kind = depth > 6 ? 3 + r.nextInt(5) : r.nextInt(8);
        switch (kind) {
            case 0, 1 -> {
                sb.append('{').append(ws(r));
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws(r));
                    }
                    string(sb, r, true);
                    sb.append(ws(r)).append(':').append(ws(r));
                    value(sb, r, depth + 1);
                    sb.append(ws(r));
                }
                sb.append('}');
            }
            case 2 -> {
                sb.append('[').append(ws(r));
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws(r));
                    }
                    value(sb, r, depth + 1);
                    sb.append(ws(r));
                }
                sb.append(']');
            }
            case 3, 4 -> string(sb, r, false);
            case 5 -> sb.append(switch (r.nextInt(8)) {
                case 0 -> "0";
                case 1 -> "-0";
                case 2 -> Integer.toString(r.nextInt());
                case 3 -> Long.toString(r.nextLong());
                case 4 -> Double.toString(r.nextGaussian() * 1e6).replace("E", "e");
                case 5 -> "2147483648";
                case 6 -> "-2147483649";
                default -> Integer.toString(r.nextInt(100));
            });
            default -> sb.append(switch (r.nextInt(3)) {
                case 0 -> "true";
                case 1 -> "false";
                default -> "null";
            });
        }
    }

    private static String ws(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\t\r\n ";
            default -> "";
        };
    }

    /** A string of pieces; a name's without a lone surrogate escape, which the parser refuses in names only. */
    private static void string(StringBuilder sb, Random r, boolean name) {
        String[] pieces = {"a", "text", "role", "Hello, world", " ", "é", "中", "\uD83D\uDE00", "\\n", "\\\"",
            "\\\\", "\\/", "\\u00e9", "\\uD83D\\uDE00", "\\udc00", "\\t", "0123456789", "schemaType",
            "abcdefghijklmnop"};
        sb.append('"');
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String piece = pieces[r.nextInt(pieces.length)];
            sb.append(name && piece.equals("\\udc00") ? "\\ud83d\\udc00" : piece);
        }
        sb.append('"');
    }
}
