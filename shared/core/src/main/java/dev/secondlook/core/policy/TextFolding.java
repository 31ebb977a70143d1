package dev.secondlook.core.policy;

import java.text.Normalizer;

/**
 * Case- and diacritic-insensitive folding that remembers where each folded char came from, so that a match in
 * the folded text maps back to offsets in the original.
 */
final class TextFolding {

    final String folded;
    /** Original offset of each folded char; null when the text is ASCII (the offsets are the same). */
    private final int[] origin;
    private final int originalLength;

    private TextFolding(String folded, int[] origin, int originalLength) {
        this.folded = folded;
        this.origin = origin;
        this.originalLength = originalLength;
    }

    /**
     * Folds {@code text}, checking {@code deadline} as it goes (folding a non-ASCII character runs the Unicode
     * normaliser, which a long text of them makes slow).
     */
    static TextFolding of(String text, Deadline deadline) {
        if (isAscii(text)) {
            // most texts: folding is lower-casing, one character for one, and no offset needs a map
            return new TextFolding(text.toLowerCase(java.util.Locale.ROOT), null, text.length());
        }
        StringBuilder sb = new StringBuilder(text.length());
        int[] origin = new int[text.length() + 1];
        int n = 0;
        Deadline.Counter clock = deadline.counter();
        for (int i = 0; i < text.length(); ) {
            clock.tick();
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp < 128) {
                origin = ensure(origin, n + 1);
                sb.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
                origin[n++] = i;
            } else {
                String folded = foldCodePoint(text, i, cp, width);
                for (int k = 0; k < folded.length(); k++) {
                    origin = ensure(origin, n + 1);
                    sb.append(folded.charAt(k));
                    origin[n++] = i;
                }
            }
            i += width;
        }
        origin = ensure(origin, n + 1);
        origin[n] = text.length();
        return new TextFolding(sb.toString(), origin, text.length());
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code text} folded one code point at a time, as {@link #of} folds it: the same as {@link #fold} but where a
     * character's lower case depends on its neighbours (a Greek final sigma), and without the normaliser for any
     * BMP code point met before.
     */
    static String foldEach(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp < 128) {
                sb.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            } else {
                sb.append(foldCodePoint(text, i, cp, width));
            }
            i += width;
        }
        return sb.toString();
    }

    /** {@link #fold} of the code point {@code cp} at {@code i}, from a cache for the BMP. */
    private static String foldCodePoint(String text, int i, int cp, int width) {
        if (cp >= BMP_CACHE.length) {
            return fold(text.substring(i, i + width));
        }
        String cached = BMP_CACHE[cp];
        if (cached == null) {
            cached = fold(text.substring(i, i + width));
            BMP_CACHE[cp] = cached;
        }
        return cached;
    }

    /**
     * {@link #fold} of each BMP code point, filled as they are met: the normaliser and the string operations around
     * it cost a few hundred nanoseconds a character, and a text in one language uses few code points. Strings are
     * immutable, so a racing thread sees a whole entry or none.
     */
    private static final String[] BMP_CACHE = new String[0x10000];

    /** Folds a string the same way keywords are folded. */
    static String fold(String s) {
        // typographic quotes fold to ASCII so that "can’t" matches the keyword "can't"
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replace('\u2019', '\'').replace('\u2018', '\'')
                .replace('\u201C', '"').replace('\u201D', '"');
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Original offset of folded index {@code i} (inclusive start). */
    int start(int i) {
        return origin == null ? i : origin[i];
    }

    /** Original end offset (exclusive) of a folded span ending at {@code end} (exclusive). */
    int end(int end) {
        if (end >= folded.length()) {
            return originalLength;
        }
        if (origin == null) {
            return end;
        }
        return origin[end] == origin[end - 1] ? nextOrigin(end) : origin[end];
    }

    private int nextOrigin(int end) {
        int o = origin[end - 1];
        int i = end;
        while (i < folded.length() && origin[i] == o) {
            i++;
        }
        return i >= folded.length() ? originalLength : origin[i];
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(size, a.length * 2));
    }
}
