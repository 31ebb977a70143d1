package dev.secondlook.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The coverage simulation of STATISTICS.md: synthetic populations with a known off-policy rate, sampled as ingest
 * samples (rule-flagged records at probability 1, the rest at unequal stratum rates by Poisson sampling), reviewed
 * in part (missing at random within a stratum), estimated by {@link StratifiedRate}; it counts how often the
 * nominal 95 % interval contains the population's true rate.
 *
 * <p>Each population draws its own design: 20 to 5,000 expected reviews (log-uniform), a flagged stratum of 0.2 %
 * to 5 % of the records carrying 0 to 80 % of the off-policy ones, sometimes a high-stakes route reviewed in full,
 * one to three sampled strata with rates from 0.2 % to 50 % and off-policy rates 4x apart, sometimes a tiny
 * stratum that nobody reviews, and a review completeness of 40 to 100 % per stratum. The draws of the sample are
 * exact (binomial by waiting times); the population's counts are its known truth.
 */
final class CoverageSimulation {

    static final double[] RATES = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2};
    static final double[] SAMPLING_RATES = {0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5};
    static final long[] REVIEW_BANDS = {20, 100, 500, 5001};

    /** Outcome of one population. */
    record Trial(double trueRate, double estimate, double lower, double upper, long reviewed, boolean waldCovers,
                 double trueRecall, Interval recall) {

        boolean covers() {
            return lower <= trueRate && trueRate <= upper;
        }
    }

    /** One row of the table: one true rate, or one true rate in one band of review counts. */
    record Row(double rate, long minReviews, long maxReviews, int populations, double coverage, double missedBelow,
               double missedAbove, double medianReviews, double medianRelativeWidth, double waldCoverage,
               double recallCoverage) {
    }

    private final SplittableRandom random;

    CoverageSimulation(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Simulates {@code populations} populations at each rate of {@link #RATES}. */
    List<List<Trial>> run(int populations) {
        List<List<Trial>> all = new ArrayList<>();
        for (double rate : RATES) {
            List<Trial> trials = new ArrayList<>(populations);
            for (int i = 0; i < populations; i++) {
                trials.add(population(rate));
            }
            all.add(trials);
        }
        return all;
    }

    /** A population of overall expected off-policy rate {@code rate}, sampled, reviewed and estimated once. */
    Trial population(double rate) {
        double expectedReviews = Math.exp(uniform(Math.log(20), Math.log(5000)));
        List<double[]> design = new ArrayList<>(); // {share, inclusion probability, off-policy rate, flagged, completeness}
        double flaggedShare = uniform(0.002, 0.05);
        double flaggedMass = uniform(0, 0.8);
        double flaggedRate = Math.min(0.95, flaggedMass * rate / flaggedShare);
        design.add(new double[] {flaggedShare, 1, flaggedRate, 1, uniform(0.4, 1)});
        double rest = 1 - flaggedShare;
        if (random.nextDouble() < 0.3) {
            double highStakes = uniform(0.005, 0.05);
            design.add(new double[] {highStakes, 1, 0, 0, uniform(0.4, 1)});
            rest -= highStakes;
        }
        if (random.nextDouble() < 0.3) {
            double tiny = 0.0005;
            design.add(new double[] {tiny, SAMPLING_RATES[random.nextInt(3)], 0, 0, uniform(0.4, 1)});
            rest -= tiny;
        }
        int sampled = 1 + random.nextInt(3);
        double[] weights = new double[sampled];
        double weightSum = 0;
        for (int h = 0; h < sampled; h++) {
            weights[h] = uniform(0.2, 1);
            weightSum += weights[h];
        }
        for (int h = 0; h < sampled; h++) {
            double pi = SAMPLING_RATES[random.nextInt(SAMPLING_RATES.length)];
            design.add(new double[] {rest * weights[h] / weightSum, pi, 0, 0, uniform(0.4, 1)});
        }
        // off-policy rates of the unflagged strata: 1/2x to 2x of each other, scaled so that the expected total
        // is the target rate
        double flaggedOff = flaggedShare * flaggedRate;
        double remaining = Math.max(rate - flaggedOff, rate * 0.05);
        double relative = 0;
        for (int h = 1; h < design.size(); h++) {
            design.get(h)[2] = Math.exp(uniform(Math.log(0.5), Math.log(2)));
            relative += design.get(h)[0] * design.get(h)[2];
        }
        for (int h = 1; h < design.size(); h++) {
            design.get(h)[2] = Math.min(0.95, design.get(h)[2] * remaining / relative);
        }
        double expectedPerRecord = 0;
        for (double[] d : design) {
            expectedPerRecord += d[0] * d[1] * d[4];
        }
        long size = Math.max(50, Math.round(expectedReviews / expectedPerRecord));

        List<StratumCounts> strata = new ArrayList<>();
        long totalOff = 0;
        long offFlagged = 0;
        long totalPopulation = 0;
        double wald = 0;
        for (double[] d : design) {
            long population = Math.max(1, Math.round(size * d[0]));
            // the population's true count: its expected value, randomly rounded (the truth is what it is)
            double expectedOff = population * d[2];
            long off = (long) Math.floor(expectedOff + random.nextDouble());
            off = Math.min(off, population);
            long selectedOff = binomial(off, d[1]);
            long selectedOn = binomial(population - off, d[1]);
            long reviewedOff = binomial(selectedOff, d[4]);
            long reviewedOn = binomial(selectedOn, d[4]);
            strata.add(new StratumCounts(d[3] == 1, d[1], population, selectedOff + selectedOn,
                    reviewedOff + reviewedOn, reviewedOff));
            totalOff += off;
            offFlagged += d[3] == 1 ? off : 0;
            totalPopulation += population;
        }
        double truth = (double) totalOff / totalPopulation;
        RateEstimate e = StratifiedRate.estimate(strata, 0.95);
        boolean waldCovers = waldCovers(strata, truth);
        Interval recall = RuleRecall.estimate(strata.stream().filter(StratumCounts::flagged).toList(),
                strata.stream().filter(x -> !x.flagged()).toList(), 0.95);
        return new Trial(truth, e.rate() == null ? Double.NaN : e.rate(), e.lower(), e.upper(), e.reviewed(),
                waldCovers, totalOff == 0 ? Double.NaN : (double) offFlagged / totalOff, recall);
    }

    /** The textbook interval the method replaces (estimate +- 1.96 standard errors), for the table's comparison. */
    private static boolean waldCovers(List<StratumCounts> strata, double truth) {
        double population = 0;
        for (StratumCounts s : strata) {
            population += s.population();
        }
        double rate = 0;
        double variance = 0;
        double missing = 0;
        for (StratumCounts s : strata) {
            if (s.reviewed() == 0) {
                missing += s.population();
                continue;
            }
            double w = s.population() / population;
            double p = (double) s.offPolicy() / s.reviewed();
            rate += w * p;
            variance += w * w * (1 - (double) s.reviewed() / s.population()) * p * (1 - p)
                    / Math.max(1, s.reviewed() - 1);
        }
        rate /= Math.max(1e-12, 1 - missing / population);
        double half = 1.959964 * Math.sqrt(variance);
        return rate - half <= truth && truth <= rate + half;
    }

    /** Exact binomial draw by waiting times: O(n min(p, 1 - p)). */
    long binomial(long n, double p) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p);
        }
        double logQ = Math.log1p(-p);
        long successes = 0;
        long position = 0;
        while (true) {
            double u = 1 - random.nextDouble(); // in (0, 1]
            position += (long) Math.floor(Math.log(u) / logQ) + 1;
            if (position > n) {
                return successes;
            }
            successes++;
        }
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Coverage per rate (all review counts), then per rate and band of review counts. */
    static List<Row> table(List<List<Trial>> all, boolean byBand) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < RATES.length; r++) {
            if (!byBand) {
                rows.add(row(RATES[r], 0, Long.MAX_VALUE, all.get(r)));
                continue;
            }
            for (int b = 0; b + 1 < REVIEW_BANDS.length; b++) {
                long lo = REVIEW_BANDS[b];
                long hi = REVIEW_BANDS[b + 1] - 1;
                List<Trial> band = new ArrayList<>();
                for (Trial t : all.get(r)) {
                    if (t.reviewed() >= lo && t.reviewed() <= hi) {
                        band.add(t);
                    }
                }
                if (!band.isEmpty()) {
                    rows.add(row(RATES[r], lo, hi, band));
                }
            }
        }
        return rows;
    }

    private static Row row(double rate, long lo, long hi, List<Trial> trials) {
        int covered = 0;
        int below = 0;
        int above = 0;
        int wald = 0;
        int recallTrials = 0;
        int recallCovered = 0;
        double[] reviews = new double[trials.size()];
        double[] widths = new double[trials.size()];
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            if (t.covers()) {
                covered++;
            } else if (t.trueRate() < t.lower()) {
                below++;
            } else {
                above++;
            }
            if (t.waldCovers()) {
                wald++;
            }
            if (!Double.isNaN(t.trueRecall())) {
                recallTrials++;
                recallCovered += t.recall().covers(t.trueRecall()) ? 1 : 0;
            }
            reviews[i] = t.reviewed();
            widths[i] = (t.upper() - t.lower()) / Math.max(t.trueRate(), 1e-12);
        }
        java.util.Arrays.sort(reviews);
        java.util.Arrays.sort(widths);
        int n = trials.size();
        return new Row(rate, lo, hi, n, (double) covered / n, (double) below / n, (double) above / n,
                reviews[n / 2], widths[n / 2], (double) wald / n, (double) recallCovered / recallTrials);
    }

    static String format(List<Row> rows, boolean byBand) {
        StringBuilder sb = new StringBuilder();
        sb.append(byBand ? "| true rate | reviews | populations | coverage | truth below | truth above | median width / rate | Wald coverage | recall coverage |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n"
                : "| true rate | populations | median reviews | coverage | truth below interval | truth above interval | median width / rate | Wald coverage | recall coverage |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String rate = String.format(Locale.ROOT, "%.1f %%", r.rate() * 100);
            if (byBand) {
                sb.append(String.format(Locale.ROOT, "| %s | %d-%d | %d | %.1f %% | %.1f %% | %.1f %% | %.2f | %.1f %% | %.1f %% |%n",
                        rate, r.minReviews(), r.maxReviews() == 5000 ? 5000 : r.maxReviews(), r.populations(),
                        100 * r.coverage(), 100 * r.missedBelow(), 100 * r.missedAbove(), r.medianRelativeWidth(),
                        100 * r.waldCoverage(), 100 * r.recallCoverage()));
            } else {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f %% | %.1f %% | %.1f %% | %.2f | %.1f %% | %.1f %% |%n",
                        rate, r.populations(), r.medianReviews(), 100 * r.coverage(), 100 * r.missedBelow(),
                        100 * r.missedAbove(), r.medianRelativeWidth(), 100 * r.waldCoverage(),
                        100 * r.recallCoverage()));
            }
        }
        return sb.toString();
    }
}
