package dev.secondlook.core.stats;

/**
 * An estimated population rate and its interval.
 *
 * @param rate                the estimated share of the population that is off-policy, or null when nothing in
 *                            it was reviewed (then the interval is [0, 1])
 * @param lower               lower bound of the interval
 * @param upper               upper bound of the interval
 * @param confidence          the interval's nominal coverage, e.g. 0.95
 * @param population          records judged
 * @param selected            records selected for review
 * @param reviewed            selected records with a verdict
 * @param offPolicy           reviewed records judged off-policy (a raw count, not weighted)
 * @param imputedPopulation   records in strata of which nothing was reviewed: estimated at the rate of the
 *                            nearest stratum that was (see STATISTICS.md)
 * @param effectiveSampleSize the sample size the interval is computed for (Korn-Graubard)
 */
public record RateEstimate(Double rate, double lower, double upper, double confidence, long population,
                           long selected, long reviewed, long offPolicy, long imputedPopulation,
                           double effectiveSampleSize) {

    /** Selected records still waiting for a verdict: treated as missing at random within their stratum. */
    public long pending() {
        return selected - reviewed;
    }

    /** True when the interval contains {@code value}. */
    public boolean covers(double value) {
        return lower <= value && value <= upper;
    }
}
