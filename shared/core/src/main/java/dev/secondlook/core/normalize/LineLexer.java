package dev.secondlook.core.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MappingJsonFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The tokens of one JSON line, for {@link BedrockLineExtractor}: the few calls of Jackson's streaming parser it
 * makes, over a byte range already checked to be valid UTF-8, without the parser's per-line set-up (encoding
 * detection, buffers, a symbol table, a context object per nesting level) and without decoding what the extractor
 * skips. A string is scanned eight bytes at a time and decoded only when asked for; an ASCII one without escapes
 * is copied as it is.
 *
 * <p>It accepts a strict subset of what the parser accepts with its default features: RFC 8259 JSON, no comments,
 * no leading zeros, no trailing commas, nothing after the root value but whitespace, no surrogate escape in a name
 * but a high one right before a low one, and within the factory's limits for nesting (at most {@value #MAX_DEPTH}
 * levels here), number and name lengths ({@link #reads} says for which factories). Anything else - malformed
 * or merely unusual - throws {@link BedrockLineExtractor.NotSure}, and the caller takes the tree path, whose parser
 * then gives the line's error. {@code LineLexerTest} checks, on mutated and random lines, that every token stream
 * this reads to the end is the one the parser reads.
 *
 * <p>Linear in the range's length, allocation-free but for the strings asked for; no recursion.
 */
final class LineLexer {

    /** Nesting beyond this goes the tree path (Bedrock's records nest about ten levels). */
    static final int MAX_DEPTH = 128;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Byte classes inside a string: plain ASCII, the closing quote, a backslash, a control character, non-ASCII. */
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte ESCAPE = 2;
    private static final byte CONTROL = 3;
    private static final byte NON_ASCII = 4;
    private static final byte[] STRING_CLASS = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_CLASS[c] = CONTROL;
        }
        STRING_CLASS['"'] = QUOTE;
        STRING_CLASS['\\'] = ESCAPE;
        for (int c = 0x80; c < 0x100; c++) {
            STRING_CLASS[c] = NON_ASCII;
        }
    }

    private final byte[] b;
    private final int end;
    private final int maxNumberLength;
    private final int maxNameLength;
    private final int maxDepth;
    private int pos;

    private JsonToken current;
    private int tokenStart;
    /** The current field name when decoded (null when it matched one of the names given). */
    private String name;
    /** The index of the current field name among the names given, -1 when it is none of them. */
    private int nameIndex;
    /** The current string's or number's bytes, [valueStart, valueEnd). */
    private int valueStart;
    private int valueEnd;
    private boolean valueEscaped;
    private boolean valueNonAscii;

    /** Open containers: bit {@code d} of {@code objects} set when level {@code d} (from 1) is an object. */
    private final long[] objects = new long[(MAX_DEPTH >> 6) + 1];
    private int depth;
    /** Whether the innermost open container already holds a member (so the next needs a comma). */
    private boolean hasMember;
    private boolean rootDone;

    /**
     * Whether lines the tree path parses with {@code factory} may be read with this lexer: a JSON factory whose
     * parser accepts no less and decodes nothing otherwise than the default one's. A feature that makes the parser
     * accept more (comments, single quotes) only makes the lexer refuse lines the parser reads; one that makes it
     * accept less (duplicate names refused, a document or token limit) would not be kept to here.
     */
    static boolean reads(JsonFactory factory) {
        Class<?> kind = factory.getClass();
        StreamReadConstraints limits = factory.streamReadConstraints();
        return (kind == JsonFactory.class || kind == MappingJsonFactory.class)
                && !factory.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                && limits.getMaxDocumentLength() <= 0 && limits.getMaxTokenCount() <= 0;
    }

    /** The tokens of {@code b[from, to)}, which must be valid UTF-8. */
    LineLexer(byte[] b, int from, int to, StreamReadConstraints limits) {
        this.b = b;
        this.pos = from;
        this.end = to;
        this.maxNumberLength = limits.getMaxNumberLength();
        this.maxNameLength = limits.getMaxNameLength();
        this.maxDepth = Math.min(MAX_DEPTH, limits.getMaxNestingDepth());
    }

    JsonToken currentToken() {
        return current;
    }

    /** The current field name, at a {@link JsonToken#FIELD_NAME} that {@link #nextName} did not find. */
    String currentName() {
        return name;
    }

    /** Where the current token starts in the bytes. */
    int tokenStart() {
        return tokenStart;
    }

    /** The next token, or null after the root value (when only whitespace follows it). */
    JsonToken nextToken() throws BedrockLineExtractor.NotSure {
        return next(null, 0);
    }

    /**
     * Moves to the next token. When it is a field name: the index of the first of {@code names} it equals (each
     * plain ASCII without quotes or backslashes), compared as bytes rather than decoded, trying {@code hint}
     * first; or -1 when it equals none as written (then {@link #currentName()} has it decoded). Otherwise -2.
     */
    int nextName(byte[][] names, int hint) throws BedrockLineExtractor.NotSure {
        if (next(names, hint) != JsonToken.FIELD_NAME) {
            return -2;
        }
        return nameIndex;
    }

    /** Moves to the next token: its name when it is a field name, else null. */
    String nextFieldName() throws BedrockLineExtractor.NotSure {
        return next(null, 0) == JsonToken.FIELD_NAME ? name : null;
    }

    /** At a start token: moves to its end token, checking everything between. Otherwise does nothing. */
    void skipChildren() throws BedrockLineExtractor.NotSure {
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return;
        }
        // one loop over the bytes with the grammar's state in locals, rather than a token at a time
        final int level = depth - 1;
        int i = pos;
        int d = depth;
        int state = current == JsonToken.START_OBJECT ? NAME_OR_CLOSE : VALUE_OR_CLOSE;
        while (true) {
            i = skipWhitespace(i);
            if (i >= end) {
                throw BedrockLineExtractor.NotSure.INSTANCE;
            }
            int c = b[i];
            if ((state == NAME_OR_CLOSE && c == '}') || (state == VALUE_OR_CLOSE && c == ']')
                    || (state == COMMA_OR_CLOSE && c == (inObject(d) ? '}' : ']'))) {
                boolean object = c == '}';
                objects[d >> 6] &= ~(1L << (d & 63));
                d--;
                if (d == level) {
                    tokenStart = i;
                    pos = i + 1;
                    depth = d;
                    hasMember = true;
                    if (d == 0) {
                        rootDone = true;
                    }
                    current = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
                    return;
                }
                i++;
                state = COMMA_OR_CLOSE;
                continue;
            }
            switch (state) {
                case COMMA_OR_CLOSE -> {
                    if (c != ',') {
                        throw BedrockLineExtractor.NotSure.INSTANCE;
                    }
                    i++;
                    state = inObject(d) ? NAME : VALUE;
                }
                case NAME_OR_CLOSE, NAME -> {
                    if (c != '"') {
                        throw BedrockLineExtractor.NotSure.INSTANCE;
                    }
                    pos = i;
                    scanString();
                    checkName();
                    colon();
                    i = pos;
                    state = VALUE;
                }
                default -> {   // VALUE, VALUE_OR_CLOSE
                    if (c == '{' || c == '[') {
                        if (d >= maxDepth) {
                            throw BedrockLineExtractor.NotSure.INSTANCE;
                        }
                        d++;
                        if (c == '{') {
                            objects[d >> 6] |= 1L << (d & 63);
                            state = NAME_OR_CLOSE;
                        } else {
                            state = VALUE_OR_CLOSE;
                        }
                        i++;
                    } else {
                        pos = i;
                        scalar(c);
                        i = pos;
                        state = COMMA_OR_CLOSE;
                    }
                }
            }
        }
    }

    /** What {@link #skipChildren} expects next. */
    private static final int NAME_OR_CLOSE = 0;
    private static final int VALUE_OR_CLOSE = 1;
    private static final int COMMA_OR_CLOSE = 2;
    private static final int NAME = 3;
    private static final int VALUE = 4;

    private static boolean whitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The current string value, decoded (a long one from {@link #keepLongTexts} when it holds it). */
    String getText() throws BedrockLineExtractor.NotSure {
        if (current != JsonToken.VALUE_STRING) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        if (valueEnd - valueStart >= KnownTexts.MIN_BYTES && known != null) {
            return knownText();
        }
        return decode(valueStart, valueEnd, valueEscaped, valueNonAscii);
    }

    /** Where long texts are looked up and kept while set (see {@link KnownTexts}); null for none. */
    private KnownTexts known;

    /** Sets where {@link #getText()} looks up and keeps long texts, until set to null. */
    void keepLongTexts(KnownTexts known) {
        this.known = known;
    }

    private String knownText() {
        String text = known.find(b, valueStart, valueEnd);
        if (text == null) {
            text = decode(valueStart, valueEnd, valueEscaped, valueNonAscii);
            known.keep(b, valueStart, valueEnd, text);
        }
        return text;
    }

    /** Whether the current token is an integer that fits an int (Jackson's {@code NumberType.INT}). */
    boolean isInt() {
        if (current != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        int digits = valueEnd - valueStart - (b[valueStart] == '-' ? 1 : 0);
        return digits < 10 || (digits == 10 && longValue() == (int) longValue());
    }

    /** The current integer's value; only when {@link #isInt()}. */
    int getIntValue() {
        return (int) longValue();
    }

    private long longValue() {
        int i = valueStart;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < valueEnd; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    /** The next token, comparing a field name with {@code names} (null: decode it) as it goes. */
    private JsonToken next(byte[][] names, int hint) throws BedrockLineExtractor.NotSure {
        if (current == JsonToken.FIELD_NAME) {
            // the name's colon is read: a value follows
            return current = value();
        }
        skipWhitespace();
        if (depth == 0) {
            if (rootDone) {
                if (pos != end) {
                    throw BedrockLineExtractor.NotSure.INSTANCE;   // a second root value, or garbage after it
                }
                return current = null;
            }
            if (pos == end) {
                return current = null;
            }
            return current = value();
        }
        if (pos >= end) {
            throw BedrockLineExtractor.NotSure.INSTANCE;   // a container left open
        }
        int c = b[pos];
        boolean object = inObject();
        if (c == (object ? '}' : ']')) {
            return current = close();
        }
        if (hasMember) {
            if (c != ',') {
                throw BedrockLineExtractor.NotSure.INSTANCE;
            }
            pos++;
            skipWhitespace();
        }
        hasMember = true;
        return current = object ? name(names, hint) : value();
    }

    private boolean inObject() {
        return inObject(depth);
    }

    private boolean inObject(int level) {
        return (objects[level >> 6] & (1L << (level & 63))) != 0;
    }

    private JsonToken close() {
        tokenStart = pos;
        boolean object = inObject();
        objects[depth >> 6] &= ~(1L << (depth & 63));
        depth--;
        pos++;
        hasMember = true;
        if (depth == 0) {
            rootDone = true;
        }
        return object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
    }

    private JsonToken open(boolean object) throws BedrockLineExtractor.NotSure {
        if (depth >= maxDepth) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        tokenStart = pos;
        pos++;
        depth++;
        if (object) {
            objects[depth >> 6] |= 1L << (depth & 63);
        }
        hasMember = false;
        return object ? JsonToken.START_OBJECT : JsonToken.START_ARRAY;
    }

    /** A field name and its colon: {@link #nameIndex} is its index in {@code names}, else -1 and it is decoded. */
    private JsonToken name(byte[][] names, int hint) throws BedrockLineExtractor.NotSure {
        if (pos >= end || b[pos] != '"') {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        tokenStart = pos;
        if (names != null && hint < names.length && names[hint].length <= maxNameLength) {
            byte[] expected = names[hint];
            int from = pos + 1;
            int to = from + expected.length;
            if (to < end && b[to] == '"' && equal(from, expected)) {
                pos = to + 1;
                colon();
                name = null;
                nameIndex = hint;
                return JsonToken.FIELD_NAME;
            }
        }
        scanString();
        checkName();
        colon();
        if (names != null && !valueEscaped) {
            int length = valueEnd - valueStart;
            for (int k = 0; k < names.length; k++) {
                if (names[k].length == length && equal(valueStart, names[k])) {
                    name = null;
                    nameIndex = k;
                    return JsonToken.FIELD_NAME;
                }
            }
        }
        name = decode(valueStart, valueEnd, valueEscaped, valueNonAscii);
        nameIndex = -1;
        return JsonToken.FIELD_NAME;
    }

    /** Whether the bytes from {@code from} start with {@code expected} (the caller checked they are there). */
    private boolean equal(int from, byte[] expected) {
        int n = expected.length;
        if (n >= 8) {
            // eight bytes at a time, the last eight overlapping the ones before when n is not a multiple of 8
            for (int k = 0; k < n - 8; k += 8) {
                if ((long) LONGS.get(b, from + k) != (long) LONGS.get(expected, k)) {
                    return false;
                }
            }
            return (long) LONGS.get(b, from + n - 8) == (long) LONGS.get(expected, n - 8);
        }
        for (int k = 0; k < n; k++) {
            if (b[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** Refuses the scanned name when over the length limit or with an unpaired surrogate escape (the parser's). */
    private void checkName() throws BedrockLineExtractor.NotSure {
        if (valueEnd - valueStart > maxNameLength || (valueEscaped && unpairedSurrogateEscape(valueStart, valueEnd))) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
    }

    private void colon() throws BedrockLineExtractor.NotSure {
        skipWhitespace();
        if (pos >= end || b[pos] != ':') {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        pos++;
    }

    private JsonToken value() throws BedrockLineExtractor.NotSure {
        skipWhitespace();
        if (pos >= end) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        int c = b[pos];
        if (c == '{' || c == '[') {
            return open(c == '{');
        }
        JsonToken t = scalar(c);
        if (depth == 0) {
            rootDone = true;
        }
        return t;
    }

    /** A string, literal or number starting with {@code c} at {@link #pos}, read past; throws on anything else. */
    private JsonToken scalar(int c) throws BedrockLineExtractor.NotSure {
        switch (c) {
            case '"':
                tokenStart = pos;
                scanString();
                return JsonToken.VALUE_STRING;
            case 't':
                return literal("true", JsonToken.VALUE_TRUE);
            case 'f':
                return literal("false", JsonToken.VALUE_FALSE);
            case 'n':
                return literal("null", JsonToken.VALUE_NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw BedrockLineExtractor.NotSure.INSTANCE;
        }
    }

    private JsonToken literal(String word, JsonToken t) throws BedrockLineExtractor.NotSure {
        int n = word.length();
        if (end - pos < n) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw BedrockLineExtractor.NotSure.INSTANCE;
            }
        }
        tokenStart = pos;
        pos += n;
        return t;   // what follows is held to the grammar by the next token: "truex" or "[1x]" is refused there
    }

    /** RFC 8259's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private JsonToken number() throws BedrockLineExtractor.NotSure {
        int start = pos;
        tokenStart = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        if (b[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        boolean integer = true;
        if (pos < end && b[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw BedrockLineExtractor.NotSure.INSTANCE;
            }
            integer = false;
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw BedrockLineExtractor.NotSure.INSTANCE;
            }
            integer = false;
        }
        if (pos - start > maxNumberLength) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        valueStart = start;
        valueEnd = pos;
        return integer ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
    }

    private int digits() {
        int from = pos;
        int i = from;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        pos = i;
        return i - from;
    }

    private void skipWhitespace() {
        pos = skipWhitespace(pos);
    }

    /** The first index from {@code i} that is not JSON whitespace (or the end). */
    private int skipWhitespace(int i) {
        // every JSON whitespace byte is at most ' ' (and so is every byte above 0x7F, read signed): one comparison
        // rules out most bytes
        while (i < end && b[i] <= ' ' && whitespace(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * From the opening quote at {@link #pos} to past the closing one, checking escapes and refusing control
     * characters; sets the value's range and whether it holds escapes or non-ASCII bytes.
     */
    private void scanString() throws BedrockLineExtractor.NotSure {
        int i = pos + 1;
        boolean escaped = false;
        boolean nonAscii = false;
        while (true) {
            // eight bytes at a time up to the first that is not plain ASCII: a byte with its high bit set, a
            // control character, a quote or a backslash. Each term flags such a byte exactly, and the lowest
            // flagged byte is the first (a borrow moves only upwards, from a byte that is flagged itself).
            while (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                long quote = w ^ 0x2222222222222222L;
                long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
                long special = (w | ((w - 0x2020202020202020L) & ~w) | ((quote - ONES) & ~quote)
                        | ((backslash - ONES) & ~backslash)) & HIGHS;
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                throw BedrockLineExtractor.NotSure.INSTANCE;   // unterminated
            }
            switch (STRING_CLASS[b[i] & 0xff]) {
                case PLAIN -> i++;
                case NON_ASCII -> {
                    nonAscii = true;
                    i++;
                }
                case QUOTE -> {
                    valueStart = pos + 1;
                    valueEnd = i;
                    valueEscaped = escaped;
                    valueNonAscii = nonAscii;
                    pos = i + 1;
                    return;
                }
                case ESCAPE -> {
                    escaped = true;
                    i = escapeEnd(i);
                }
                default -> throw BedrockLineExtractor.NotSure.INSTANCE;   // an unescaped control character
            }
        }
    }

    /** Past the escape starting at the backslash at {@code i}; throws unless it is one of JSON's. */
    private int escapeEnd(int i) throws BedrockLineExtractor.NotSure {
        if (i + 1 >= end) {
            throw BedrockLineExtractor.NotSure.INSTANCE;
        }
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return i + 2;
            case 'u':
                if (i + 6 > end) {
                    throw BedrockLineExtractor.NotSure.INSTANCE;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (hex(b[k]) < 0) {
                        throw BedrockLineExtractor.NotSure.INSTANCE;
                    }
                }
                return i + 6;
            default:
                throw BedrockLineExtractor.NotSure.INSTANCE;
        }
    }

    /**
     * Whether {@code b[from, to)} holds a {@code \\u} escape of a surrogate (U+D800 to U+DFFF) other than a high
     * one escaped right before a low one.
     */
    private boolean unpairedSurrogateEscape(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                if (b[i + 1] == 'u' && surrogateEscape(i)) {
                    if (hex(b[i + 3]) >= 0xC || i + 12 > to || b[i + 6] != '\\' || b[i + 7] != 'u'
                            || !surrogateEscape(i + 6) || hex(b[i + 9]) < 0xC) {
                        return true;
                    }
                    i += 11;
                } else {
                    i++;
                }
            }
        }
        return false;
    }

    /** Whether the {@code \\u} escape at {@code i} is of a surrogate. */
    private boolean surrogateEscape(int i) {
        return (b[i + 2] == 'd' || b[i + 2] == 'D') && hex(b[i + 3]) >= 8;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The text of a scanned string's bytes (valid UTF-8, escapes already checked). */
    private String decode(int from, int to, boolean escaped, boolean nonAscii) {
        if (!escaped) {
            return new String(b, from, to - from, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c == '\\') {
                char e = switch (b[i + 1]) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> (char) (hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4
                            | hex(b[i + 5]));
                    default -> (char) b[i + 1];   // '"', '\\', '/'
                };
                out[n++] = e;
                i += b[i + 1] == 'u' ? 6 : 2;
            } else if (c >= 0) {
                out[n++] = (char) c;
                i++;
            } else {
                int c0 = c & 0xff;
                if (c0 < 0xE0) {
                    out[n++] = (char) (((c0 & 0x1F) << 6) | (b[i + 1] & 0x3F));
                    i += 2;
                } else if (c0 < 0xF0) {
                    out[n++] = (char) (((c0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                    i += 3;
                } else {
                    int cp = ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6)
                            | (b[i + 3] & 0x3F);
                    out[n++] = Character.highSurrogate(cp);
                    out[n++] = Character.lowSurrogate(cp);
                    i += 4;
                }
            }
        }
        return new String(out, 0, n);
    }
}
