package dev.secondlook.core.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownTextsTest {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Looks {@code s} up, keeping it on a miss as the reader does; whether it was found. */
    private static boolean read(KnownTexts known, String s) {
        byte[] b = text("xx" + s + "yy");
        if (known.find(b, 2, b.length - 2) != null) {
            return true;
        }
        known.keep(b, 2, b.length - 2, s);
        return false;
    }

    @Test
    void aRepeatedLongText_isFound_asTheStringKept_withinTheBounds() {
        KnownTexts known = new KnownTexts();
        String prompt = "p".repeat(KnownTexts.MIN_BYTES);
        byte[] b = text(prompt);
        assertNull(known.find(b, 0, b.length));
        known.keep(b, 0, b.length, prompt);
        assertSame(prompt, known.find(text(prompt), 0, b.length));
        // too short, too long: never kept
        String small = "s".repeat(KnownTexts.MIN_BYTES - 1);
        String large = "l".repeat(KnownTexts.MAX_BYTES + 1);
        assertTrue(!read(known, small) && !read(known, small));
        assertTrue(!read(known, large) && !read(known, large));
        // eight kept at most, the oldest replaced first
        for (int i = 0; i < KnownTexts.ENTRIES; i++) {
            read(known, i + "q".repeat(KnownTexts.MIN_BYTES));
        }
        assertTrue(!read(known, prompt), "the oldest was replaced");
    }

    @Test
    void textsThatStopRepeating_areKeptSparingly_andOneThatRepeatsAgainIsPickedUp() {
        KnownTexts known = new KnownTexts();
        String repeated = "r".repeat(KnownTexts.MIN_BYTES);
        assertTrue(!read(known, repeated) && read(known, repeated));
        // a run of texts that never repeat: after MISSES_BEFORE_SPARING misses, one in SPARING is kept
        long before = known.copies();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(!read(known, i + " unique ".repeat(40)));
        }
        long kept = known.copies() - before;
        assertTrue(kept <= KnownTexts.MISSES_BEFORE_SPARING + 1_000 / KnownTexts.SPARING + 1, "kept " + kept);
        assertTrue(kept >= KnownTexts.MISSES_BEFORE_SPARING, "kept " + kept);
        // a text that repeats from now on is known again within SPARING reads
        String next = "n".repeat(KnownTexts.MIN_BYTES + 7);
        int reads = 0;
        while (!read(known, next)) {
            reads++;
        }
        assertTrue(reads <= KnownTexts.SPARING, "read " + reads + " times before it was kept");
        assertEquals(true, read(known, next));
    }
}
