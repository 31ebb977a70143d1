package dev.secondlook.core.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextBudgetTest {

    @Test
    void fitsUnchanged_whenUnderBudget() {
        TextBudget t = TextBudget.fit(100, "out", "prompt", "sys");
        assertFalse(t.truncated());
        assertEquals("out", t.output());
    }

    @Test
    void truncates_toTheByteBudget_withoutSplittingCodePoints() {
        String emoji = "😀".repeat(1000);
        TextBudget t = TextBudget.fit(1000, emoji, "é".repeat(1000), "s".repeat(1000));
        assertTrue(t.truncated());
        int total = TextBudget.utf8Length(t.output()) + TextBudget.utf8Length(t.prompt())
                + TextBudget.utf8Length(t.system());
        assertTrue(total <= 1000, "total " + total);
        assertEquals(0, t.output().length() % 2, "surrogate pairs stay whole");
        assertTrue(t.output().length() > 0 && t.prompt().length() > 0);
    }
}
