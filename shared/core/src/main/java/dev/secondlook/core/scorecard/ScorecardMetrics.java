package dev.secondlook.core.scorecard;

/** Port: the rates as metrics (CloudWatch, by category). */
public interface ScorecardMetrics {

    /** One category's estimate ({@code any} for the overall rate); only called when there is an estimate. */
    void rate(String category, double rate, double lower, double upper, long reviewed, long population);
}
