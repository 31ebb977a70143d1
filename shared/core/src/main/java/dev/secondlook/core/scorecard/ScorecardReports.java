package dev.secondlook.core.scorecard;

import dev.secondlook.core.failure.StoreUnavailableException;

import java.time.Instant;

/** Port: where the scheduled scorecard keeps its reports (the eval bucket). */
public interface ScorecardReports {

    /**
     * Stores one window's report, JSON and HTML, under names derived from the window (a rerun overwrites it).
     *
     * @return where the JSON report is, e.g. {@code s3://bucket/scorecards/...json}
     * @throws StoreUnavailableException when it cannot be stored
     */
    String put(Instant windowStart, Instant windowEnd, byte[] json, byte[] html);
}
