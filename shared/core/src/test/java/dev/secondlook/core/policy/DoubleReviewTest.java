package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleReviewTest {

    private static byte[] withDoubleReview(String value) {
        String yaml = new String(PolicyLoader.defaultFile(), StandardCharsets.UTF_8)
                + "\ndoubleReview: " + value + "\n";
        return yaml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRulesFileSetsTheShare_offWhenLeftOut() {
        assertEquals(0.1, DoubleReview.read(withDoubleReview("0.1")).fraction());
        PolicyLoader.load(withDoubleReview("0.1"));
        assertEquals(DoubleReview.OFF, DoubleReview.read(PolicyLoader.defaultFile()));
    }

    @Test
    void aShareOutside0To1_orNotANumber_failsTheLoadWithTheReason() {
        for (String bad : new String[]{"1.5", "-0.1", "ten percent"}) {
            PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(withDoubleReview(bad)));
            assertTrue(e.getMessage().contains("doubleReview"), e.getMessage());
        }
    }

    @Test
    void everyRecordAtOne_noneAtZero() {
        assertTrue(new DoubleReview(1).selects("x"));
        assertEquals(false, new DoubleReview(0).selects("x"));
    }
}
