package dev.secondlook.core.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coverage check of STATISTICS.md, run in CI: 2,000 synthetic populations at each of eight true rates from
 * 0.1 % to 20 % (16,000 in all), fixed seed. The nominal 95 % interval must contain the true rate in at least 94 %
 * of the populations at every rate. Prints the table STATISTICS.md shows.
 */
class CoverageSimulationTest {

    static final long SEED = 20261130L;
    static final int POPULATIONS_PER_RATE = 2000;

    @Test
    void nominal95Intervals_coverTheTrueRate_atLeast94PercentAtEveryRate() {
        long start = System.nanoTime();
        List<List<CoverageSimulation.Trial>> all = new CoverageSimulation(SEED).run(POPULATIONS_PER_RATE);
        List<CoverageSimulation.Row> rows = CoverageSimulation.table(all, false);
        System.out.println("coverage simulation: seed " + SEED + ", " + POPULATIONS_PER_RATE
                + " populations per rate, " + (System.nanoTime() - start) / 1_000_000 + " ms");
        System.out.print(CoverageSimulation.format(rows, false));
        System.out.println();
        System.out.print(CoverageSimulation.format(CoverageSimulation.table(all, true), true));
        for (CoverageSimulation.Row r : rows) {
            assertTrue(r.coverage() >= 0.94, "coverage " + r.coverage() + " at rate " + r.rate());
            assertTrue(r.populations() == POPULATIONS_PER_RATE);
            assertTrue(r.recallCoverage() >= 0.94, "recall coverage " + r.recallCoverage() + " at rate " + r.rate());
        }
    }
}
