package dev.secondlook.core.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates the share of a population that is off-policy from the reviewed records of its strata, with an
 * interval that holds at low rates. The method (STATISTICS.md, where its coverage simulation is tabled):
 *
 * <ul>
 *   <li>Strata are the cells of equal inclusion probability (and flagged or not); a stratum's records are
 *       selected independently with that probability and its unreviewed selections are treated as missing at
 *       random, so its reviewed records are a simple random sample of it.</li>
 *   <li>The rate is the stratified (post-stratified Hajek) estimate {@code sum_h (N_h / N) x_h / n_h} over the
 *       known stratum populations {@code N_h}. A stratum with no review is estimated at the rate of the nearest
 *       reviewed stratum (same flagged status, closest inclusion probability), and its population is reported as
 *       imputed.</li>
 *   <li>The interval is Korn and Graubard's (1998) Clopper-Pearson interval for complex samples: the effective
 *       sample size {@code n* = p(1-p) / v} from the stratified variance {@code v} (with finite-population
 *       correction), scaled by {@code (z / t_df)^2} with {@code df = n - H}, then the exact binomial interval for
 *       {@code n* p} successes in {@code n*} trials. {@code n*} is capped by Kish's effective sample size
 *       {@code N^2 / sum_h N_h^2 / n_h}, and is that size when {@code v} is zero (no off-policy review in any
 *       stratum), so that many reviews in a heavily sampled small stratum cannot make the interval narrow.</li>
 *   <li>The interval is then intersected with what the reviews prove outright about the window's finite
 *       population: at least {@code off / N} and at most {@code 1 - (reviewed - off) / N}.</li>
 * </ul>
 */
public final class StratifiedRate {

    private StratifiedRate() {
    }

    /** The estimate at 95 %. */
    public static RateEstimate estimate(List<StratumCounts> strata) {
        return estimate(strata, 0.95);
    }

    /**
     * Estimates the rate of the population made of {@code strata}.
     *
     * @param confidence the interval's nominal coverage, in (0, 1)
     * @throws IllegalArgumentException when the confidence is out of range
     */
    public static RateEstimate estimate(List<StratumCounts> strata, double confidence) {
        return estimate(strata, confidence, true);
    }

    /**
     * Estimates the rate of the population made of {@code strata}, or, when {@code finitePopulation} is false, of
     * the process that produces such records (a rule's precision from here on): then the strata are samples of an
     * unbounded population, with no finite-population correction and no bounds from what the reviews prove about
     * this window alone, so a fully reviewed stratum still has an interval of its own width.
     *
     * @param confidence the interval's nominal coverage, in (0, 1)
     * @throws IllegalArgumentException when the confidence is out of range
     */
    public static RateEstimate estimate(List<StratumCounts> strata, double confidence, boolean finitePopulation) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        List<StratumCounts> cells = merge(strata);
        long population = 0;
        long selected = 0;
        long reviewed = 0;
        long off = 0;
        for (StratumCounts c : cells) {
            population += c.population();
            selected += c.selected();
            reviewed += c.reviewed();
            off += c.offPolicy();
        }
        if (reviewed == 0) {
            return new RateEstimate(null, 0, 1, confidence, population, selected, 0, 0, population, 0);
        }
        long[] extra = new long[cells.size()];
        long imputed = collapseUnreviewed(cells, extra);

        double n = 0;
        double rate = 0;
        double variance = 0;
        double kishDenominator = 0;
        int reviewedStrata = 0;
        for (int i = 0; i < cells.size(); i++) {
            StratumCounts c = cells.get(i);
            if (c.reviewed() == 0) {
                continue;
            }
            reviewedStrata++;
            double nh = c.reviewed();
            double bigN = c.population() + extra[i];
            double w = bigN / population;
            double p = c.offPolicy() / nh;
            rate += w * p;
            double s2 = nh > 1 ? p * (1 - p) * nh / (nh - 1) : p * (1 - p);
            double fpc = finitePopulation ? Math.max(0, 1 - nh / bigN) : 1;
            variance += w * w * fpc * s2 / nh;
            kishDenominator += bigN * bigN / nh;
            n += nh;
        }
        double kish = (double) population * population / kishDenominator;
        double effective = variance > 0 ? Math.min(kish, rate * (1 - rate) / variance) : kish;
        double alpha = 1 - confidence;
        double df = Math.max(1, n - reviewedStrata);
        double z = Distributions.normalQuantile(1 - alpha / 2);
        double t = Distributions.studentTQuantile(1 - alpha / 2, df);
        effective *= (z / t) * (z / t);
        double x = rate * effective;
        double lower = x <= 0 ? 0 : Distributions.betaQuantile(alpha / 2, x, effective - x + 1);
        double upper = x >= effective ? 1 : Distributions.betaQuantile(1 - alpha / 2, x + 1, effective - x);
        // what the reviews prove outright: the records judged off-policy are off-policy, and those judged on-policy
        // are not, so the window's rate is at least off / N and at most 1 - (reviewed - off) / N. Always true of
        // the finite population, these bounds only ever tighten the interval (most where a census stratum, say
        // every flagged record reviewed, carries the rate and a thinly sampled one the weight)
        if (finitePopulation) {
            lower = Math.max(lower, (double) off / population);
            upper = Math.min(upper, 1 - (double) (reviewed - off) / population);
        }
        return new RateEstimate(rate, lower, upper, confidence, population, selected, reviewed, off, imputed,
                effective);
    }

    /** Sums strata of equal (flagged, inclusion probability) and drops empty ones. */
    private static List<StratumCounts> merge(List<StratumCounts> strata) {
        Map<String, StratumCounts> byKey = new LinkedHashMap<>();
        for (StratumCounts s : strata) {
            if (s.population() == 0) {
                continue;
            }
            byKey.merge(s.flagged() + "/" + s.inclusionProbability(), s, StratumCounts::plus);
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Adds each unreviewed stratum's population to the nearest reviewed stratum (same flagged status first, then
     * the closest inclusion probability on a log scale).
     *
     * @return the population so imputed
     */
    private static long collapseUnreviewed(List<StratumCounts> cells, long[] extra) {
        long imputed = 0;
        for (StratumCounts c : cells) {
            if (c.reviewed() > 0) {
                continue;
            }
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int j = 0; j < cells.size(); j++) {
                StratumCounts d = cells.get(j);
                if (d.reviewed() == 0) {
                    continue;
                }
                double distance = Math.abs(Math.log(d.inclusionProbability() / c.inclusionProbability()))
                        + (d.flagged() == c.flagged() ? 0 : 1000);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = j;
                }
            }
            extra[best] += c.population();
            imputed += c.population();
        }
        return imputed;
    }
}
