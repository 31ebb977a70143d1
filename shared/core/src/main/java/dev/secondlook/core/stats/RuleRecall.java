package dev.secondlook.core.stats;

import java.util.List;

/**
 * The rules' recall: the share of all off-policy records that a review or page rule flagged,
 * {@code R = N_f p_f / (N_f p_f + N_u p_u)}, with {@code p_f} the off-policy rate among flagged records and
 * {@code p_u} among the rest (estimated from the random sample). R rises with {@code p_f} and falls with
 * {@code p_u}, and the two estimates come from disjoint, independently drawn samples, so the bounds
 * {@code R(p_f lower, p_u upper)} and {@code R(p_f upper, p_u lower)} of two intervals at {@code 1 - alpha/2} each
 * hold together with probability at least {@code (1 - alpha/2)^2 >= 1 - alpha}.
 */
public final class RuleRecall {

    private RuleRecall() {
    }

    /**
     * @param flagged    strata of records a rule flagged
     * @param unflagged  strata of every other judged record
     * @param confidence the interval's nominal coverage
     */
    public static Interval estimate(List<StratumCounts> flagged, List<StratumCounts> unflagged, double confidence) {
        double each = 1 - (1 - confidence) / 2;
        RateEstimate f = StratifiedRate.estimate(flagged, each);
        RateEstimate u = StratifiedRate.estimate(unflagged, each);
        double nf = f.population();
        double nu = u.population();
        Double value = null;
        if (f.rate() != null && u.rate() != null) {
            value = ratio(nf * f.rate(), nu * u.rate(), Double.NaN);
            if (value.isNaN()) {
                value = null;
            }
        } else if (f.rate() != null && nu == 0) {
            value = f.rate() > 0 ? 1.0 : null;
        }
        double lower = ratio(nf * f.lower(), nu * u.upper(), 0);
        double upper = ratio(nf * f.upper(), nu * u.lower(), 1);
        return new Interval(value, lower, upper);
    }

    private static double ratio(double caught, double missed, double whenNone) {
        double all = caught + missed;
        return all > 0 ? caught / all : whenNone;
    }
}
