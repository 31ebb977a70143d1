package dev.secondlook.core.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common Bedrock invocation log records - Converse and ConverseStream bodies, and InvokeModel bodies with a
 * {@code content} array (Anthropic Messages) - read straight from the line's bytes, into the {@link Interaction}
 * {@link BedrockInvocationNormalizer} would make of the same line's tree, without building the tree (about a third of
 * the CPU an ingested record cost) and without Jackson's streaming parser (its per-line set-up and its decoding of
 * every name cost about as much again): {@link LineLexer} reads the tokens, decoding only the strings kept. Only
 * for a mapper whose parser the lexer keeps to ({@link LineLexer#reads}); with any other, every line goes the tree
 * path.
 *
 * <p>Contract: {@link #extract} returns either exactly what parsing the line into a tree and normalising it would
 * return as a {@link NormalizeResult.Normalized}, or null - and null whenever it is not sure: another format, a
 * body in a sidecar, an error record, a value of an unexpected type, a field named twice in an object it reads,
 * malformed JSON, trailing tokens. The caller then takes the tree path, which also gives every rejection its
 * reason. {@code BedrockLineExtractorTest} checks the equivalence on the sample, hostile and fuzz corpora and on
 * mutated records.
 *
 * <p>Linear in the line's length: one pass of the lexer, every value skipped or read once.
 */
final class BedrockLineExtractor {

    /** The first field of a Bedrock invocation log record is one of these; any other means another format. */
    private static final Set<String> FIRST_FIELDS = Set.of("schemaType", "schemaVersion", "timestamp", "accountId",
            "region", "requestId", "operation", "modelId", "input", "output", "requestMetadata", "identity",
            "inferenceRegion");

    /** Why the extractor gives up on a line: not an error, the tree path takes it. Stackless, shared. */
    static final class NotSure extends Exception {
        static final NotSure INSTANCE = new NotSure();

        private NotSure() {
            super(null, null, false, false);
        }
    }

    private BedrockLineExtractor() {
    }

    /**
     * The field names of one level in the order Bedrock writes them. The lexer compares the next name's bytes with
     * the one expected after the last, then with the others ({@link LineLexer#nextName}), which spares it decoding
     * the name; a name written otherwise is decoded, and one of these moves the expectation on from it.
     */
    private static final class Names {
        private final String[] order;
        private final byte[][] bytes;
        private final Map<String, Integer> index = new HashMap<>();

        Names(String... order) {
            this.order = order.clone();
            this.bytes = new byte[order.length][];
            for (int i = 0; i < order.length; i++) {
                this.bytes[i] = order[i].getBytes(StandardCharsets.US_ASCII);
                index.putIfAbsent(order[i], i);
            }
        }

        Cursor cursor() {
            return new Cursor();
        }

        final class Cursor {
            private int next;

            /** The next field name of the object, or null at its end (the lexer is then at its end token). */
            String next(LineLexer p) throws NotSure {
                int k = p.nextName(bytes, next);
                if (k >= 0) {
                    // the first of the names written so (a name given twice in the order is found at its first)
                    next = k + 1;
                    return order[k];
                }
                if (k == -2) {
                    return null;
                }
                String name = p.currentName();
                Integer at = index.get(name);
                if (at != null) {
                    next = at + 1;
                }
                return name;
            }
        }
    }

    private static final Names TOP = new Names("schemaType", "schemaVersion", "timestamp", "accountId", "identity",
            "region", "requestId", "operation", "modelId", "input", "output", "requestMetadata");
    private static final Names INPUT = new Names("inputContentType", "inputBodyJson", "inputTokenCount");
    private static final Names OUTPUT = new Names("outputContentType", "outputBodyJson", "outputTokenCount");
    private static final Names INPUT_BODY = new Names("anthropic_version", "max_tokens", "system", "messages",
            "inferenceConfig");
    private static final Names OUTPUT_BODY = new Names("output", "stopReason", "metrics", "id", "type", "role",
            "content", "stop_reason", "stop_sequence", "usage");
    private static final Names CONVERSE_OUTPUT = new Names("message");
    private static final Names MESSAGE = new Names("role", "content");
    private static final Names USAGE = new Names("inputTokens", "outputTokens", "totalTokens", "input_tokens",
            "output_tokens");
    /** A content block: Converse writes only its text, Anthropic its type first. */
    private static final Names BLOCK = new Names("text", "type", "text");

    /** What one line holds of the fields the normaliser reads. */
    private static final class Fields {
        /** Whether the prompt is read (else the user and assistant turns are skipped, and the prompt is empty). */
        boolean prompt;
        /** Without the prompt: where the messages array is in the line, its last byte included. */
        int messagesStart;
        int messagesEnd;
        String schemaType;
        String requestId;
        String operation;
        String modelId;
        String timestamp;
        Map<String, String> metadata;
        boolean hasInput;
        boolean hasOutput;
        // input
        boolean hasInBody;
        Integer inputTokenCount;
        boolean hasSystem;
        String system;
        List<Texts.Turn> messages;
        String promptField;
        String inputText;
        String message;
        // output
        boolean hasOutBody;
        Integer outputTokenCount;
        boolean hasOutputKey;
        String outputContent = "";
        boolean hasContent;
        String content;
        String stopReason;
        String stopReasonSnake;
        String guardrail;
        Integer usageInputTokens;
        Integer usageOutputTokens;
        Integer usageInputTokensSnake;
        Integer usageOutputTokensSnake;
    }

    /**
     * The interaction a Bedrock invocation log line holds, or null when the tree path must decide.
     *
     * @param factory the factory of the mapper the tree path parses with (same limits and features)
     * @param line    the line's bytes, already checked to be valid UTF-8
     */
    static Interaction extract(JsonFactory factory, byte[] line, SourceRef source) {
        Fields f = fields(factory, line, true);
        return f == null ? null : interaction(f, source, prompt(f));
    }

    /**
     * The interaction of a line read without its prompt: the user and assistant turns' text is skipped rather than
     * decoded, and the interaction's prompt is empty; everything else, the system prompt too, is what
     * {@link #extract(JsonFactory, byte[], SourceRef)} reads, and the line is read this way exactly when it reads
     * it. {@link #complete} then reads the prompt alone.
     *
     * @param interaction   the interaction, its prompt empty
     * @param prompt        the prompt when the body has no {@code messages} (a {@code prompt}, {@code inputText} or
     *                      {@code message} field: read, as they are short)
     * @param messagesStart where the body's {@code messages} array starts in the line, -1 when it has none
     * @param messagesEnd   where it ends (exclusive)
     */
    record WithoutPrompt(Interaction interaction, String prompt, int messagesStart, int messagesEnd) {
    }

    /** See {@link WithoutPrompt}; null when the tree path must decide. */
    static WithoutPrompt extractWithoutPrompt(JsonFactory factory, byte[] line, SourceRef source) {
        Fields f = fields(factory, line, false);
        if (f == null) {
            return null;
        }
        return new WithoutPrompt(interaction(f, source, ""), f.messages == null ? prompt(f) : null,
                f.messages == null ? -1 : f.messagesStart, f.messagesEnd);
    }

    /**
     * The interaction {@link #extract(JsonFactory, byte[], SourceRef)} reads from {@code line}, made from what
     * {@link #extractWithoutPrompt} read of it and its {@code messages} array read again alone; null when that
     * cannot be read (the caller then reads the line in full).
     */
    static Interaction complete(JsonFactory factory, byte[] line, WithoutPrompt read) {
        if (read.messagesStart() < 0) {
            return read.interaction().withPrompt(read.prompt());
        }
        if (!LineLexer.reads(factory)) {
            return null;
        }
        try {
            LineLexer p = new LineLexer(line, read.messagesStart(), read.messagesEnd(),
                    factory.streamReadConstraints());
            List<Texts.Turn> turns = messageList(p, p.nextToken(), true);
            return p.nextToken() == null ? read.interaction().withPrompt(Texts.render(turns)) : null;
        } catch (NotSure | RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** What a line holds, or null when the tree path must decide; without the prompt's turns unless {@code prompt}. */
    private static Fields fields(JsonFactory factory, byte[] line, boolean prompt) {
        if (!LineLexer.reads(factory)) {
            return null;   // a parser held to more than the lexer keeps to: the tree path decides every line
        }
        if (line.length > factory.streamReadConstraints().getMaxStringLength()) {
            // a string the extractor skips is not held to the parser's length limit, which the tree path's
            // reading of it is: a line that could hold a longer one goes the tree path
            return null;
        }
        try {
            Fields f = read(new LineLexer(line, 0, line.length, factory.streamReadConstraints()), prompt);
            accepted(f);
            return f;
        } catch (NotSure | RuntimeException | StackOverflowError e) {
            // content() recurses once per level of nesting, as Texts.content does on the tree path, which
            // quarantines the record when the stack runs out: it decides
            return null;
        }
    }

    private static Fields read(LineLexer p, boolean prompt) throws NotSure {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        Fields f = new Fields();
        f.prompt = prompt;
        int seen = 0;
        boolean first = true;
        Names.Cursor names = TOP.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            if (first && !FIRST_FIELDS.contains(name)) {
                throw NotSure.INSTANCE;
            }
            first = false;
            JsonToken t = p.nextToken();
            int bit;
            switch (name) {
                case "schemaType" -> {
                    bit = 1;
                    f.schemaType = string(p, t);
                }
                case "requestId" -> {
                    bit = 2;
                    f.requestId = string(p, t);
                }
                case "operation" -> {
                    bit = 4;
                    f.operation = string(p, t);
                }
                case "modelId" -> {
                    bit = 8;
                    f.modelId = string(p, t);
                }
                case "timestamp" -> {
                    bit = 16;
                    f.timestamp = t == JsonToken.VALUE_NULL ? null : string(p, t);
                }
                case "errorCode" -> {
                    bit = 32;
                    if (t != JsonToken.VALUE_NULL) {
                        throw NotSure.INSTANCE;
                    }
                }
                case "requestMetadata" -> {
                    bit = 64;
                    f.metadata = metadata(p, t);
                }
                case "input" -> {
                    bit = 128;
                    f.hasInput = true;
                    input(p, t, f);
                }
                case "output" -> {
                    bit = 256;
                    f.hasOutput = true;
                    output(p, t, f);
                }
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
        if (p.nextToken() != null) {
            throw NotSure.INSTANCE;
        }
        return f;
    }

    /** Throws unless the fields make an interaction (as the tree path's normaliser would accept it). */
    private static void accepted(Fields f) throws NotSure {
        boolean accepted = "ModelInvocationLog".equals(f.schemaType)
                || (f.modelId != null && f.operation != null && (f.hasInput || f.hasOutput));
        if (!accepted || f.requestId == null || f.requestId.isBlank() || !f.hasInBody || !f.hasOutBody) {
            throw NotSure.INSTANCE;
        }
        if (!converse(f) && !f.hasOutputKey && !f.hasContent) {
            throw NotSure.INSTANCE;
        }
    }

    private static boolean converse(Fields f) {
        return f.operation != null && f.operation.startsWith("Converse");
    }

    /** The interaction of {@link #accepted} fields, with {@code prompt}. */
    private static Interaction interaction(Fields f, SourceRef source, String prompt) {
        String operation = f.operation == null ? "" : f.operation;
        boolean converse = converse(f);
        String text;
        String stopReason;
        if (converse || f.hasOutputKey) {
            text = f.outputContent;
            stopReason = f.stopReason;
        } else {
            text = f.content;
            stopReason = f.stopReasonSnake != null ? f.stopReasonSnake : f.stopReason;
        }
        String guardrail = f.guardrail;
        if (guardrail == null && "guardrail_intervened".equals(stopReason)) {
            guardrail = "INTERVENED";
        }
        String system;
        if (f.hasSystem) {
            system = f.system;
        } else {
            system = f.messages == null ? "" : Texts.systemText(f.messages);
        }
        Integer inTokens = Texts.firstNonNull(f.inputTokenCount, f.usageInputTokens, f.usageInputTokensSnake);
        Integer outTokens = Texts.firstNonNull(f.outputTokenCount, f.usageOutputTokens, f.usageOutputTokensSnake);
        return new Interaction(f.requestId, converse ? "bedrock-converse" : "bedrock-invoke-model", source,
                f.timestamp, operation, f.modelId == null ? "" : f.modelId,
                f.metadata == null ? Map.of() : f.metadata, system, prompt, text, stopReason, guardrail, inTokens,
                outTokens, null, false);
    }

    /** The prompt: the rendered turns, else the body's prompt, inputText or message field. */
    private static String prompt(Fields f) {
        if (f.messages != null) {
            return Texts.render(f.messages);
        } else if (f.promptField != null) {
            return f.promptField;
        } else if (f.inputText != null) {
            return f.inputText;
        } else if (f.message != null) {
            return f.message;
        }
        return "";
    }

    private static void input(LineLexer p, JsonToken t, Fields f) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        int seen = 0;
        Names.Cursor names = INPUT.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            int bit;
            switch (name) {
                case "inputBodyJson" -> {
                    bit = 1;
                    f.hasInBody = true;
                    inputBody(p, v, f);
                }
                case "inputTokenCount" -> {
                    bit = 2;
                    f.inputTokenCount = integer(p, v);
                }
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
    }

    private static void inputBody(LineLexer p, JsonToken t, Fields f) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        int seen = 0;
        Names.Cursor names = INPUT_BODY.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            int bit;
            switch (name) {
                case "system" -> {
                    bit = 1;
                    f.hasSystem = true;
                    // an application sends the same system prompt with every request, often several kilobytes of
                    // it: a long one written with the same bytes as one read before is the same string, neither
                    // decoded nor (as the echo check's cache keys on it, and a string keeps its hash) hashed again
                    p.keepLongTexts(SYSTEM_PROMPTS.get());
                    f.system = content(p, v);
                    p.keepLongTexts(null);
                }
                case "messages" -> {
                    bit = 2;
                    if (!f.prompt) {
                        f.messagesStart = p.tokenStart();
                    }
                    f.messages = messageList(p, v, f.prompt);
                    if (!f.prompt) {
                        f.messagesEnd = p.tokenStart() + 1;
                    }
                }
                case "prompt" -> {
                    bit = 4;
                    f.promptField = optionalString(p, v);
                }
                case "inputText" -> {
                    bit = 8;
                    f.inputText = optionalString(p, v);
                }
                case "message" -> {
                    bit = 16;
                    f.message = optionalString(p, v);
                }
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
    }

    private static void output(LineLexer p, JsonToken t, Fields f) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        int seen = 0;
        Names.Cursor names = OUTPUT.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            int bit;
            switch (name) {
                case "outputBodyJson" -> {
                    bit = 1;
                    f.hasOutBody = true;
                    outputBody(p, v, f);
                }
                case "outputTokenCount" -> {
                    bit = 2;
                    f.outputTokenCount = integer(p, v);
                }
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
    }

    private static void outputBody(LineLexer p, JsonToken t, Fields f) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;   // a streamed body logged as chunks, or something else: the tree decides
        }
        int seen = 0;
        Names.Cursor names = OUTPUT_BODY.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            int bit;
            switch (name) {
                case "output" -> {
                    bit = 1;
                    f.hasOutputKey = true;
                    f.outputContent = converseOutput(p, v);
                }
                case "stopReason" -> {
                    bit = 2;
                    f.stopReason = optionalString(p, v);
                }
                case "stop_reason" -> {
                    bit = 4;
                    f.stopReasonSnake = optionalString(p, v);
                }
                case "amazon-bedrock-guardrailAction" -> {
                    bit = 8;
                    f.guardrail = optionalString(p, v);
                }
                case "usage" -> {
                    bit = 16;
                    usage(p, v, f);
                }
                case "content" -> {
                    bit = 32;
                    f.hasContent = true;
                    f.content = content(p, v);
                }
                // the other model-native bodies: their text and stop reason come from fields read in an order
                // this reader does not repeat
                case "results", "generation", "outputs", "generations", "choices", "completion", "text" ->
                        throw NotSure.INSTANCE;
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
    }

    /** The text of {@code output.message.content} in a Converse body. */
    private static String converseOutput(LineLexer p, JsonToken t) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        String text = "";
        int seen = 0;
        Names.Cursor names = CONVERSE_OUTPUT.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            if (name.equals("message")) {
                seen = once(seen, 1);
                if (v != JsonToken.START_OBJECT) {
                    throw NotSure.INSTANCE;
                }
                int inner = 0;
                Names.Cursor fields = MESSAGE.cursor();
                for (String n = fields.next(p); n != null; n = fields.next(p)) {
                    JsonToken c = p.nextToken();
                    if (n.equals("content")) {
                        inner = once(inner, 1);
                        text = content(p, c);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return text;
    }

    private static void usage(LineLexer p, JsonToken t, Fields f) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        int seen = 0;
        Names.Cursor names = USAGE.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken v = p.nextToken();
            int bit;
            switch (name) {
                case "inputTokens" -> {
                    bit = 1;
                    f.usageInputTokens = integer(p, v);
                }
                case "outputTokens" -> {
                    bit = 2;
                    f.usageOutputTokens = integer(p, v);
                }
                case "input_tokens" -> {
                    bit = 4;
                    f.usageInputTokensSnake = integer(p, v);
                }
                case "output_tokens" -> {
                    bit = 8;
                    f.usageOutputTokensSnake = integer(p, v);
                }
                default -> {
                    bit = 0;
                    p.skipChildren();
                }
            }
            seen = once(seen, bit);
        }
    }

    /** Chat messages as turns (role or null, text). */
    private static List<Texts.Turn> messageList(LineLexer p, JsonToken t, boolean prompt)
            throws NotSure {
        if (t != JsonToken.START_ARRAY) {
            throw NotSure.INSTANCE;
        }
        List<Texts.Turn> out = new ArrayList<>(2);
        JsonToken m;
        while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
            if (m != JsonToken.START_OBJECT) {
                throw NotSure.INSTANCE;
            }
            String role = null;
            String text = "";
            int seen = 0;
            Names.Cursor names = MESSAGE.cursor();
            for (String name = names.next(p); name != null; name = names.next(p)) {
                JsonToken v = p.nextToken();
                if (name.equals("role")) {
                    seen = once(seen, 1);
                    role = string(p, v);
                } else if (name.equals("content")) {
                    seen = once(seen, 2);
                    if (prompt || role == null || Texts.isSystemRole(role)) {
                        text = content(p, v);
                    } else {
                        // a user or assistant turn: only the prompt shows its text (content() accepts any value,
                        // so skipping it refuses no more lines than reading it would; unlike content() it does not
                        // recurse, which only matters on a stack too small for the parser's nesting limit)
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            out.add(new Texts.Turn(role, text));
        }
        return out;
    }

    /** {@link Texts#content} over the value at the parser's current token, which it consumes. */
    private static String content(LineLexer p, JsonToken t) throws NotSure {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case START_ARRAY: {
                StringBuilder sb = null;
                String single = null;
                JsonToken b;
                while ((b = p.nextToken()) != JsonToken.END_ARRAY) {
                    String part = content(p, b);
                    if (part.isEmpty()) {
                        continue;
                    }
                    if (single == null) {
                        single = part;
                    } else {
                        if (sb == null) {
                            sb = new StringBuilder(single);
                        }
                        sb.append('\n').append(part);
                    }
                }
                return sb != null ? sb.toString() : single == null ? "" : single;
            }
            case START_OBJECT: {
                // Texts.content: a textual "text" wins wherever it stands; else the "content" within. A name
                // given twice counts as the tree keeps it: the last one.
                String text = null;
                String nested = null;
                Names.Cursor names = BLOCK.cursor();
                for (String name = names.next(p); name != null; name = names.next(p)) {
                    JsonToken v = p.nextToken();
                    if (name.equals("text")) {
                        if (v == JsonToken.VALUE_STRING) {
                            text = p.getText();
                        } else {
                            text = null;
                            p.skipChildren();
                        }
                    } else if (name.equals("content")) {
                        nested = content(p, v);
                    } else {
                        p.skipChildren();
                    }
                }
                return text != null ? text : nested == null ? "" : nested;
            }
            default:
                return "";
        }
    }

    /** The long system prompts each reading thread read last. */
    private static final ThreadLocal<KnownTexts> SYSTEM_PROMPTS = ThreadLocal.withInitial(KnownTexts::new);

    private static Map<String, String> metadata(LineLexer p, JsonToken t) throws NotSure {
        if (t != JsonToken.START_OBJECT) {
            throw NotSure.INSTANCE;
        }
        // most records carry a few entries: kept in an array and made an immutable map once, which the interaction
        // keeps as it is (a HashMap would be copied there again); many entries go through a HashMap
        String[] few = null;
        int n = 0;
        Map<String, String> many = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            String value = string(p, p.nextToken());
            if (many != null) {
                many.put(name, value);
                continue;
            }
            few = few == null ? new String[2 * FEW_METADATA] : few;
            int at = 0;
            while (at < n && !few[2 * at].equals(name)) {
                at++;
            }
            if (at == FEW_METADATA) {
                many = new HashMap<>();
                for (int k = 0; k < n; k++) {
                    many.put(few[2 * k], few[2 * k + 1]);
                }
                many.put(name, value);
                continue;
            }
            few[2 * at] = name;
            few[2 * at + 1] = value;   // a repeated name keeps its last value, as the tree does
            n = Math.max(n, at + 1);
        }
        if (many != null) {
            return Map.copyOf(many);
        }
        return switch (n) {
            case 0 -> Map.of();
            case 1 -> Map.of(few[0], few[1]);
            case 2 -> Map.of(few[0], few[1], few[2], few[3]);
            case 3 -> Map.of(few[0], few[1], few[2], few[3], few[4], few[5]);
            default -> {
                @SuppressWarnings("unchecked")
                Map.Entry<String, String>[] entries = new Map.Entry[n];
                for (int k = 0; k < n; k++) {
                    entries[k] = Map.entry(few[2 * k], few[2 * k + 1]);
                }
                yield Map.ofEntries(entries);
            }
        };
    }

    /** Metadata entries kept in an array before a record's reader turns to a map for them. */
    private static final int FEW_METADATA = 8;

    private static int once(int seen, int bit) throws NotSure {
        if ((seen & bit) != 0) {
            throw NotSure.INSTANCE;   // named twice: the tree keeps the last, whose sub-fields this reader mixed
        }
        return seen | bit;
    }

    private static String string(LineLexer p, JsonToken t) throws NotSure {
        if (t != JsonToken.VALUE_STRING) {
            throw NotSure.INSTANCE;
        }
        return p.getText();
    }

    /** A text field as {@link Texts#text} reads it: null when absent or JSON null. */
    private static String optionalString(LineLexer p, JsonToken t) throws NotSure {
        return t == JsonToken.VALUE_NULL ? null : string(p, t);
    }

    /** An integer field as {@link Texts#integer} reads it: null when JSON null. */
    private static Integer integer(LineLexer p, JsonToken t) throws NotSure {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!p.isInt()) {
            throw NotSure.INSTANCE;
        }
        return p.getIntValue();
    }
}
