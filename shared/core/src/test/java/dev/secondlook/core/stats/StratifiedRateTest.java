package dev.secondlook.core.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifiedRateTest {

    @Test
    void oneStratum_isTheSampleShare_withAnIntervalNearClopperPearson() {
        RateEstimate e = StratifiedRate.estimate(List.of(new StratumCounts(false, 0.01, 100_000, 1000, 1000, 10)));
        assertEquals(0.01, e.rate(), 1e-12);
        // Clopper-Pearson for 10 of 1000 is [0.00480, 0.01831]; n* differs from 1000 only by n/(n-1) and t/z
        assertEquals(0.00480, e.lower(), 0.0002);
        assertEquals(0.01831, e.upper(), 0.0003);
        assertEquals(100_000, e.population());
        assertEquals(0, e.pending());
    }

    @Test
    void strataAreWeightedByTheirPopulation_notByTheirReviews() {
        // flagged: 1,000 records, all reviewed, half off-policy; sampled: 99,000 at 1 %, 1 % off-policy
        RateEstimate e = StratifiedRate.estimate(List.of(
                new StratumCounts(true, 1.0, 1000, 1000, 1000, 500),
                new StratumCounts(false, 0.01, 99_000, 990, 990, 10)));
        double expected = 0.01 * 0.5 + 0.99 * (10.0 / 990);
        assertEquals(expected, e.rate(), 1e-12);
        assertTrue(e.covers(expected));
        // the naive share of reviews (510 / 1990 = 25.6 %) is far outside
        assertTrue(e.upper() < 0.05);
    }

    @Test
    void pendingReviews_areMissingAtRandomWithinTheirStratum() {
        RateEstimate e = StratifiedRate.estimate(List.of(new StratumCounts(false, 0.1, 10_000, 1000, 400, 8)));
        assertEquals(0.02, e.rate(), 1e-12);
        assertEquals(600, e.pending());
        assertEquals(400, e.reviewed());
    }

    @Test
    void noOffPolicyReview_stillGivesAnUpperBound_fromKishsEffectiveSize() {
        RateEstimate e = StratifiedRate.estimate(List.of(
                new StratumCounts(true, 1.0, 500, 500, 500, 0),
                new StratumCounts(false, 0.02, 50_000, 1000, 50, 0)));
        assertEquals(0.0, e.rate());
        assertEquals(0.0, e.lower());
        // 500 flagged reviews say little about the 50,000 others: the bound is near 0 of ~50, not 0 of 550
        assertTrue(e.upper() > 0.05, "upper " + e.upper());
        assertTrue(e.effectiveSampleSize() < 60);
    }

    @Test
    void unreviewedStratum_isEstimatedAtItsNearestNeighboursRate_andReported() {
        RateEstimate e = StratifiedRate.estimate(List.of(
                new StratumCounts(false, 0.05, 10_000, 500, 500, 50),
                new StratumCounts(false, 0.02, 1000, 20, 0, 0),
                new StratumCounts(true, 1.0, 100, 100, 100, 100)));
        assertEquals(1000, e.imputedPopulation());
        // the unreviewed 1,000 take the 10 % of the unflagged stratum, not the flagged stratum's 100 %
        assertEquals((11_000 * 0.1 + 100) / 11_100, e.rate(), 1e-12);
    }

    @Test
    void nothingReviewed_givesNoEstimate_andTheWholeRange() {
        RateEstimate e = StratifiedRate.estimate(List.of(new StratumCounts(false, 0.05, 1000, 50, 0, 0)));
        assertNull(e.rate());
        assertEquals(0.0, e.lower());
        assertEquals(1.0, e.upper());
        assertEquals(50, e.pending());
    }

    @Test
    void equalStrata_areMergedBeforeEstimating() {
        RateEstimate split = StratifiedRate.estimate(List.of(
                new StratumCounts(false, 0.05, 600, 30, 30, 3),
                new StratumCounts(false, 0.05, 400, 20, 20, 2)));
        RateEstimate merged = StratifiedRate.estimate(List.of(new StratumCounts(false, 0.05, 1000, 50, 50, 5)));
        assertEquals(merged, split);
    }

    @Test
    void theProcessView_givesAFullyReviewedStratumAnIntervalOfItsOwn() {
        List<StratumCounts> census = List.of(new StratumCounts(true, 1.0, 40, 40, 40, 30));
        RateEstimate window = StratifiedRate.estimate(census, 0.95, true);
        RateEstimate process = StratifiedRate.estimate(census, 0.95, false);
        assertEquals(0.75, window.lower(), 1e-12, "the window's rate is known: 30 of 40");
        assertEquals(0.75, window.upper(), 1e-12);
        assertTrue(process.lower() < 0.65 && process.upper() > 0.85, process.lower() + " " + process.upper());
    }

    @Test
    void theProcessView_coversTheTrueRate_inSimulation() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (double p : new double[] {0.02, 0.3, 0.9}) {
            for (int n : new int[] {5, 30, 300}) {
                int covered = 0;
                int runs = 2000;
                for (int run = 0; run < runs; run++) {
                    int x = 0;
                    for (int i = 0; i < n; i++) {
                        x += random.nextDouble() < p ? 1 : 0;
                    }
                    covered += StratifiedRate.estimate(List.of(new StratumCounts(true, 1.0, n, n, n, x)), 0.95,
                            false).covers(p) ? 1 : 0;
                }
                assertTrue(covered >= 0.94 * runs, "p " + p + ", n " + n + ": " + covered);
            }
        }
    }

    @Test
    void inconsistentCounts_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StratumCounts(false, 0.1, 10, 5, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new StratumCounts(false, 0.0, 10, 5, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new StratumCounts(false, 0.1, 4, 5, 5, 0));
    }
}
