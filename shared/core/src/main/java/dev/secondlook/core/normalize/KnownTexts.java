package dev.secondlook.core.normalize;

import java.util.Arrays;

/**
 * A few long texts, each with the bytes it was read from, for one reading thread: a text written with the same
 * bytes again is the same string. Bounded in entries and in bytes (a text shorter than {@link #MIN_BYTES} is
 * cheaper to decode than to look up, one longer than {@link #MAX_BYTES} is not kept); the oldest is replaced first.
 * When texts stop repeating (a system prompt with the user's name or the date in it), keeping each would copy every
 * one for nothing: after {@link #MISSES_BEFORE_SPARING} misses in a row only one miss in {@link #SPARING} is kept,
 * enough to pick up a text that starts repeating again.
 */
final class KnownTexts {

    static final int MIN_BYTES = 256;
    static final int MAX_BYTES = 64 * 1024;
    static final int ENTRIES = 8;
    static final int MISSES_BEFORE_SPARING = 16;
    static final int SPARING = 64;

    private final byte[][] bytes = new byte[ENTRIES][];
    private final String[] texts = new String[ENTRIES];
    private int next;
    /** Misses since the last hit. */
    private int misses;
    /** Texts kept so far (for tests). */
    private long copies;

    /** The text kept for {@code b[from, to)}, else null. */
    String find(byte[] b, int from, int to) {
        int length = to - from;
        for (int i = 0; i < ENTRIES; i++) {
            byte[] k = bytes[i];
            if (k != null && k.length == length && Arrays.equals(k, 0, length, b, from, to)) {
                misses = 0;
                return texts[i];
            }
        }
        misses++;
        return null;
    }

    /**
     * Keeps {@code text} as read from {@code b[from, to)} (after {@link #find} missed it), when its length is within
     * the bounds and texts are repeating.
     */
    void keep(byte[] b, int from, int to, String text) {
        int length = to - from;
        if (length < MIN_BYTES || length > MAX_BYTES
                || (misses > MISSES_BEFORE_SPARING && misses % SPARING != 0)) {
            return;
        }
        copies++;
        bytes[next] = Arrays.copyOfRange(b, from, to);
        texts[next] = text;
        next = (next + 1) % ENTRIES;
    }

    long copies() {
        return copies;
    }
}
