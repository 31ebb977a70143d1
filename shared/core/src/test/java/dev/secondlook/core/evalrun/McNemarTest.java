package dev.secondlook.core.evalrun;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McNemarTest {

    @Test
    void noDiscordantPairs_isNoEvidence() {
        assertEquals(1.0, McNemar.exactP(0, 0));
    }

    @Test
    void smallCounts_matchTheBinomialByHand() {
        // b=0, c=5: 2 * 0.5^5 = 0.0625
        assertEquals(0.0625, McNemar.exactP(0, 5), 1e-12);
        assertEquals(0.0625, McNemar.exactP(5, 0), 1e-12);
        // b=1, c=9: 2 * (1 + 10) / 1024
        assertEquals(22.0 / 1024, McNemar.exactP(1, 9), 1e-12);
        // b=2, c=8: 2 * (1 + 10 + 45) / 1024 = 0.109375
        assertEquals(0.109375, McNemar.exactP(2, 8), 1e-12);
        // b=0, c=1: 2 * 0.5 = 1
        assertEquals(1.0, McNemar.exactP(0, 1), 1e-12);
    }

    @Test
    void balancedCounts_capAtOne() {
        assertEquals(1.0, McNemar.exactP(3, 3));
        assertEquals(1.0, McNemar.exactP(50, 50));
    }

    @Test
    void isSymmetric() {
        assertEquals(McNemar.exactP(7, 19), McNemar.exactP(19, 7));
    }

    @Test
    void largeCounts_stayExactWithoutUnderflow() {
        // R: binom.test(4900, 10000)$p.value = 0.04659...; 2 * pbinom(4900, 10000, 0.5)
        assertEquals(0.0465, McNemar.exactP(4900, 5100), 5e-4);
        double tiny = McNemar.exactP(0, 2000);
        assertTrue(tiny >= 0 && tiny < 1e-300, "2 * 0.5^2000 underflows to 0, never a wrong large value");
        assertTrue(McNemar.exactP(1_000_000, 1_000_000) == 1.0);
    }

    @Test
    void underTheNullHypothesis_rejectsAtMostAlphaOfTheTime_andDetectsARealDrop() {
        // 20,000 simulated comparisons of 200 paired cases, 30 % of them discordant, each discordant pair a fair coin:
        // the exact test may be conservative, never anti-conservative
        java.util.Random random = new java.util.Random(19);
        int rejected = 0;
        int detected = 0;
        int trials = 20_000;
        for (int t = 0; t < trials; t++) {
            int[] fair = discordant(random, 200, 0.3, 0.5);
            if (McNemar.exactP(fair[0], fair[1]) < 0.05) {
                rejected++;
            }
            // a candidate that breaks twice as many cases as it fixes
            int[] worse = discordant(random, 200, 0.3, 1.0 / 3);
            if (McNemar.exactP(worse[0], worse[1]) < 0.05) {
                detected++;
            }
        }
        double size = rejected / (double) trials;
        double power = detected / (double) trials;
        assertTrue(size <= 0.05 && size > 0.02, "type I error rate " + size);
        assertTrue(power > 0.6, "power against a 2:1 drop " + power);
    }

    /** b (fixed) and c (newly failing) among n pairs, each discordant with p, fixed with q given discordant. */
    private static int[] discordant(java.util.Random random, int n, double p, double q) {
        int b = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                if (random.nextDouble() < q) {
                    b++;
                } else {
                    c++;
                }
            }
        }
        return new int[] {b, c};
    }

    @Test
    void negativeCounts_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> McNemar.exactP(-1, 2));
    }
}
