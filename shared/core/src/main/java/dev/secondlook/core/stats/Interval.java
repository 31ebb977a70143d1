package dev.secondlook.core.stats;

/**
 * A point estimate and its interval.
 *
 * @param value the estimate, or null when the data cannot give one (then the interval is the whole range)
 * @param lower lower bound
 * @param upper upper bound
 */
public record Interval(Double value, double lower, double upper) {

    public boolean covers(double v) {
        return lower <= v && v <= upper;
    }
}
