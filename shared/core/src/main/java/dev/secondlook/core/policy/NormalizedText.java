package dev.secondlook.core.policy;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The view of a text that the detectors judge, with a map from each of its characters back to the original, so
 * that evidence spans point into the original text. The view undoes what hides an identifier from a pattern
 * without changing what it says:
 * <ul>
 *   <li>Unicode NFKC, one code point at a time: full-width digits and letters become ASCII, ligatures are split,
 *       and every kind of space (NBSP, thin, ideographic) becomes a plain space;</li>
 *   <li>format characters (Unicode category Cf: zero-width space and joiners, word joiner, soft hyphen, BOM,
 *       bidi controls) are removed;</li>
 *   <li>markdown emphasis is stripped: runs of {@code *} and {@code ~} anywhere, runs of {@code _} that open or
 *       close a word ({@code __init__} loses its underscores, {@code DB_PASSWORD} and {@code sk_live_} keep
 *       them);</li>
 *   <li>spaced-out characters are joined: ten or more single characters, each followed by one space
 *       ({@code 4 1 1 1 ...}, {@code A K I A ...}, {@code j a n e @ ...}), become one word.</li>
 * </ul>
 * Case is kept: the detectors' formats are case-sensitive. A text that needs none of this (most of them: ASCII
 * without emphasis markers) is its own view, at the cost of one pass over it.
 */
final class NormalizedText {

    /** Fewest spaced-out characters joined into one word: fewer are ordinary prose ("a b c"). */
    static final int MIN_SPACED_RUN = 10;

    final String original;
    /** The view the detectors scan. */
    final String text;
    /** Original index of each view character; null when the view is the original. */
    private final int[] origin;

    private NormalizedText(String original, String text, int[] origin) {
        this.original = original;
        this.text = text;
        this.origin = origin;
    }

    /** A view that is the text itself. */
    static NormalizedText identity(String text) {
        return new NormalizedText(text, text, null);
    }

    /**
     * The normalised view of {@code text}, checking {@code deadline} as it goes: normalising a code point runs
     * the JDK's normaliser, which a long text of them makes slow.
     */
    static NormalizedText of(String text, Deadline deadline) {
        if (!needsNormalizing(text)) {
            return identity(text);
        }
        Deadline.Counter clock = deadline.counter();
        StringBuilder sb = new StringBuilder(text.length());
        int[] origin = new int[text.length() + 1];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            clock.tick();
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp == '_') {
                int runEnd = underscoreRunEnd(text, i);
                if (!isEmphasis(text, i, runEnd)) {
                    for (int k = i; k < runEnd; k++) {
                        origin = ensure(origin, n + 1);
                        sb.append('_');
                        origin[n++] = k;
                    }
                }
                i = runEnd;
                continue;
            }
            if (cp == '*' || cp == '~') {
                i += width;
                continue;
            }
            String out = cp < 0x80 ? null : normalizeCodePoint(cp);
            if (out == null) {
                origin = ensure(origin, n + 1);
                sb.append((char) cp);
                origin[n++] = i;
            } else {
                for (int k = 0; k < out.length(); k++) {
                    origin = ensure(origin, n + 1);
                    sb.append(out.charAt(k));
                    origin[n++] = i;
                }
            }
            i += width;
        }
        String view = sb.toString();
        int[][] joinedOrigin = new int[1][];
        String despaced = joinSpacedRuns(view, origin, joinedOrigin, clock);
        if (despaced != null) {
            return new NormalizedText(text, despaced, joinedOrigin[0]);
        }
        return new NormalizedText(text, view, origin);
    }

    /**
     * A cheap scan for anything the view would change: a non-ASCII character, an emphasis marker, or a run of
     * spaced-out characters.
     */
    static boolean needsNormalizing(String text) {
        int spaced = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '*' || c == '~') {
                return true;
            }
            if (c == '_') {
                int runEnd = underscoreRunEnd(text, i);
                if (isEmphasis(text, i, runEnd)) {
                    return true;
                }
                i = runEnd - 1;
                spaced = 0;
                continue;
            }
            // a lone character after a space (or at the start): spaced-out text is a run of them
            if (c > ' ' && (i == 0 || text.charAt(i - 1) == ' ')
                    && (i + 1 == text.length() || text.charAt(i + 1) <= ' ')) {
                if (++spaced >= MIN_SPACED_RUN) {
                    return true;
                }
            } else if (c != ' ') {
                spaced = 0;
            }
        }
        return false;
    }

    /** What one non-ASCII code point becomes in the view: "" to drop it, or null to keep it as it is. */
    private static String normalizeCodePoint(int cp) {
        int type = Character.getType(cp);
        if (type == Character.FORMAT) {
            return "";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "\n";
        }
        if (type == Character.SPACE_SEPARATOR) {
            return " ";
        }
        // CJK ideographs and Hangul syllables are their own NFKC form: the bulk of most non-Latin text
        if ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3)) {
            return null;
        }
        if (cp < BMP_CACHE.length) {
            String cached = BMP_CACHE[cp];
            if (cached == null) {
                String computed = nfkc(cp);
                BMP_CACHE[cp] = computed == null ? UNCHANGED : computed;
                return computed;
            }
            return cached == UNCHANGED ? null : cached;
        }
        return nfkc(cp);
    }

    /**
     * NFKC of each BMP code point, filled as they are met (the normaliser costs about 100 ns a call, and a text
     * in one script uses few code points). Strings are immutable, so a racing thread sees a whole entry or none.
     */
    private static final String[] BMP_CACHE = new String[0x10000];
    /** Marks a cached code point that NFKC leaves alone (compared by identity). */
    private static final String UNCHANGED = new String(new char[] {'='});

    private static String nfkc(int cp) {
        String s = new String(Character.toChars(cp));
        String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
        return nfkc.equals(s) ? null : nfkc;
    }

    /** The end (exclusive) of the run of underscores starting at {@code i}. */
    private static int underscoreRunEnd(String text, int i) {
        int end = i;
        while (end < text.length() && text.charAt(end) == '_') {
            end++;
        }
        return end;
    }

    /**
     * An underscore run {@code [start, end)} that opens or closes a word ({@code _word_}, {@code __init__}) is
     * emphasis; one with a letter or digit on both sides belongs to an identifier ({@code DB_PASSWORD}), one with
     * neither stands for itself ({@code g h p _ a}).
     */
    private static boolean isEmphasis(String text, int start, int end) {
        boolean wordBefore = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1));
        boolean wordAfter = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
        return wordBefore != wordAfter;
    }

    /**
     * Joins runs of {@link #MIN_SPACED_RUN} or more single characters separated by one space. Returns the
     * joined view (setting {@code joinedOrigin[0]} to the original index of each of its characters), or null when
     * there is no such run.
     */
    private static String joinSpacedRuns(String view, int[] origin, int[][] joinedOrigin, Deadline.Counter clock) {
        boolean[] drop = null;
        int i = 0;
        while (i < view.length()) {
            clock.tick();
            int end = spacedRunEnd(view, i);
            if (end - i >= 2 * MIN_SPACED_RUN - 1) {
                if (drop == null) {
                    drop = new boolean[view.length()];
                }
                for (int k = i + 1; k < end; k += 2) {
                    drop[k] = true;
                }
                i = end;
            } else {
                i = Math.max(i + 1, end);
            }
        }
        if (drop == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(view.length());
        int[] joined = new int[view.length()];
        int n = 0;
        for (int k = 0; k < view.length(); k++) {
            if (!drop[k]) {
                sb.append(view.charAt(k));
                joined[n++] = origin[k];
            }
        }
        joinedOrigin[0] = joined;
        return sb.toString();
    }

    /**
     * Where a run "x y z" starting at {@code i} ends (exclusive, after its last character), or {@code i} when no
     * run starts there. A run starts after a space or at the start of the text, and each of its characters
     * stands alone: a visible character followed by exactly one space (the last one by whitespace or the end).
     */
    private static int spacedRunEnd(String v, int i) {
        if ((i > 0 && v.charAt(i - 1) != ' ') || !lone(v, i)) {
            return i;
        }
        int k = i;
        while (k + 2 < v.length() && v.charAt(k + 1) == ' ' && lone(v, k + 2)) {
            k += 2;
        }
        return k + 1;
    }

    /** A visible character at {@code k} with whitespace or the end of the text after it. */
    private static boolean lone(String v, int k) {
        return !Character.isWhitespace(v.charAt(k)) && (k + 1 == v.length() || Character.isWhitespace(v.charAt(k + 1)));
    }

    /** Whether the view is the original text itself. */
    boolean isIdentity() {
        return origin == null;
    }

    /** Original offset of view index {@code i} (inclusive start of a span). */
    int start(int i) {
        if (origin == null) {
            return i;
        }
        return i < text.length() ? origin[i] : original.length();
    }

    /** Original end offset (exclusive) of a view span that ends at {@code end} (exclusive). */
    int end(int end) {
        if (origin == null) {
            return end;
        }
        if (end <= 0) {
            return 0;
        }
        int last = origin[Math.min(end, text.length()) - 1];
        return last + Character.charCount(original.codePointAt(last));
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }
}
