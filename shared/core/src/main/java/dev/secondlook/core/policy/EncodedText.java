package dev.secondlook.core.policy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Text hidden in base64: long runs of base64 (standard or URL-safe, wrapped lines joined) and the values under
 * {@code data:} in a Kubernetes Secret, decoded when they decode to text. The detectors judge the decoded text
 * too; a hit in it points at the base64 run.
 *
 * <p>Hostile input stays linear and bounded: one pass finds the runs; at most {@value #MAX_RUNS} runs a text are
 * decoded, each at most {@value #MAX_RUN_CHARS} characters (a longer run is decoded up to there), at most
 * {@value #MAX_DECODED_CHARS} decoded characters a text in all; decoded text is not decoded again. A text of
 * nothing but base64 therefore costs one pass and {@value #MAX_DECODED_CHARS} characters of decoding at most.
 */
final class EncodedText {

    /** Shortest run decoded: 18 bytes, room for a password or a short key; shorter runs are mostly words. */
    static final int MIN_RUN_CHARS = 24;
    /** A Kubernetes Secret's values are decoded from 4 characters on (a 3-byte password). */
    static final int MIN_SECRET_VALUE_CHARS = 4;
    static final int MAX_RUN_CHARS = 64 * 1024;
    static final int MAX_RUNS = 16;
    static final int MAX_DECODED_CHARS = 256 * 1024;
    /** A wrapped line continues a run when it is at least this long (base64 tools wrap at 64 or 76). */
    private static final int MIN_WRAPPED_LINE = 40;

    /** Decoded text, and the span of the encoded form in the scanned text (end exclusive). */
    record Decoded(int start, int end, String text) {
    }

    private EncodedText() {
    }

    /**
     * Whether {@link #decode} can find anything in a text of this profile: a run needs {@value #MIN_RUN_CHARS}
     * characters, two of them padding at most (a wrapped run's first line is longer still), unless the text is a
     * Kubernetes Secret.
     */
    static boolean mayHold(String text, Detectors.Profile profile) {
        return profile.base64RunReaches(MIN_RUN_CHARS - 2)
                || (profile.may(DetectorLiterals.K8S_KIND) && profile.may(DetectorLiterals.K8S_DATA)
                && isKubernetesSecret(text));
    }

    /** The decoded runs of {@code text}, in text order, within the bounds above. */
    static List<Decoded> decode(String text, Deadline deadline) {
        List<Decoded> out = new ArrayList<>();
        int[] decodedChars = {0};
        if (isKubernetesSecret(text)) {
            secretData(text, out, decodedChars);
        }
        Deadline.Counter clock = deadline.counter();
        int i = 0;
        while (i < text.length() && out.size() < MAX_RUNS && decodedChars[0] < MAX_DECODED_CHARS) {
            clock.tick();
            if (!isBase64Char(text.charAt(i)) || (i > 0 && isBase64Char(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = runEnd(text, i, clock);
            if (isJwtSegment(text, i, end)) {
                // a JWT's header and claims: the token detector reports the token, its claims are part of it
                i = Math.max(end, i + 1);
                continue;
            }
            if (end - i >= MIN_RUN_CHARS && !covered(out, i)) {
                String decoded = decodeRun(text, i, Math.min(end, i + MAX_RUN_CHARS), MAX_DECODED_CHARS - decodedChars[0]);
                if (decoded != null) {
                    out.add(new Decoded(i, end, decoded));
                    decodedChars[0] += decoded.length();
                }
            }
            i = Math.max(end, i + 1);
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /**
     * The end of the run starting at {@code i}: base64 characters, '=' padding at the end, and line breaks where
     * the line before is at least {@value #MIN_WRAPPED_LINE} characters of the run and the next line goes on
     * with base64.
     */
    private static int runEnd(String text, int i, Deadline.Counter clock) {
        int k = i;
        int lineStart = i;
        while (true) {
            while (k < text.length() && isBase64Char(text.charAt(k))) {
                clock.tick();
                k++;
            }
            int padded = k;
            while (padded < text.length() && padded - k < 2 && text.charAt(padded) == '=') {
                padded++;
            }
            if (padded > k) {
                return padded;
            }
            if (k - lineStart >= MIN_WRAPPED_LINE && k < text.length()
                    && (text.charAt(k) == '\n' || text.charAt(k) == '\r')) {
                int next = k + 1;
                if (text.charAt(k) == '\r' && next < text.length() && text.charAt(next) == '\n') {
                    next++;
                }
                while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                    next++;
                }
                if (next < text.length() && isBase64Char(text.charAt(next))) {
                    k = next;
                    lineStart = next;
                    continue;
                }
            }
            return k;
        }
    }

    /**
     * A run {@code [start, end)} that is a segment of a JWT: unpadded, it begins with {@code eyJ} (base64url of
     * <code>{"</code>) and a dot joins it to the next segment, or it follows such a segment's dot. (Base64 of
     * JSON at the end of a sentence is padded or has no segment after its dot: it is decoded.)
     */
    static boolean isJwtSegment(String text, int start, int end) {
        if (joinsNextSegment(text, start, end)) {
            return true;
        }
        if (start < 2 || text.charAt(start - 1) != '.') {
            return false;
        }
        int k = start - 1;
        while (k > 0 && isBase64Char(text.charAt(k - 1))) {
            k--;
        }
        return joinsNextSegment(text, k, start - 1);
    }

    private static boolean joinsNextSegment(String text, int start, int end) {
        return end > start && text.startsWith("eyJ", start) && text.charAt(end - 1) != '=' && end + 1 < text.length()
                && text.charAt(end) == '.' && isBase64Char(text.charAt(end + 1));
    }

    private static boolean covered(List<Decoded> found, int at) {
        for (Decoded d : found) {
            if (at >= d.start() && at < d.end()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes {@code text[start, end)} (whitespace skipped), or null when it is not base64 of text: the bytes
     * must be UTF-8 and, but for line breaks and tabs, printable.
     */
    static String decodeRun(String text, int start, int end, int maxChars) {
        StringBuilder b64 = new StringBuilder(end - start);
        boolean urlSafe = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '-' || c == '_') {
                urlSafe = true;
            }
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t' && c != '=') {
                b64.append(c);
            }
        }
        if (b64.length() % 4 == 1) {
            b64.setLength(b64.length() - 1);
        }
        byte[] bytes;
        try {
            bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(b64));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length < 3) {
            return null;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String decoded;
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes));
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return decoded.length() <= maxChars ? decoded : decoded.substring(0, maxChars);
    }

    private static String pad(StringBuilder b64) {
        while (b64.length() % 4 != 0) {
            b64.append('=');
        }
        return b64.toString();
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '-' || c == '_';
    }

    // ------------------------------------------------------------------ Kubernetes Secrets

    static boolean isKubernetesSecret(String text) {
        return (text.contains("kind: Secret") || text.contains("kind: \"Secret\"") || text.contains("kind: 'Secret'"))
                && text.contains("data:");
    }

    /**
     * The entries under each {@code data:} mapping of a YAML Secret ({@code <key>: <base64>}, indented deeper than
     * {@code data:}), decoded to {@code "<key>: <value>"} so that the detectors read the key as they would in
     * configuration (a {@code password} entry is a secret assignment).
     */
    private static void secretData(String text, List<Decoded> out, int[] decodedChars) {
        int lineStart = 0;
        int dataIndent = -1;
        while (lineStart < text.length() && out.size() < MAX_RUNS && decodedChars[0] < MAX_DECODED_CHARS) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            int indent = lineStart;
            while (indent < lineEnd && text.charAt(indent) == ' ') {
                indent++;
            }
            String line = text.substring(indent, lineEnd).stripTrailing();
            int depth = indent - lineStart;
            if (line.equals("data:")) {
                dataIndent = depth;
            } else if (dataIndent >= 0 && !line.isEmpty() && depth <= dataIndent) {
                dataIndent = -1;
            } else if (dataIndent >= 0 && !line.isEmpty()) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    String key = line.substring(0, colon);
                    int valueStart = indent + colon + 2;
                    while (valueStart < lineEnd && (text.charAt(valueStart) == ' ' || text.charAt(valueStart) == '"'
                            || text.charAt(valueStart) == '\'')) {
                        valueStart++;
                    }
                    int valueEnd = valueStart;
                    while (valueEnd < lineEnd && (isBase64Char(text.charAt(valueEnd)) || text.charAt(valueEnd) == '=')) {
                        valueEnd++;
                    }
                    if (valueEnd - valueStart >= MIN_SECRET_VALUE_CHARS && valueEnd - valueStart <= MAX_RUN_CHARS) {
                        String value = decodeRun(text, valueStart, valueEnd, MAX_DECODED_CHARS - decodedChars[0]);
                        if (value != null) {
                            String entry = key + ": " + value;
                            out.add(new Decoded(valueStart, valueEnd, entry));
                            decodedChars[0] += entry.length();
                        }
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
    }
}
