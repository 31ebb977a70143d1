package dev.secondlook.core.gate;

import java.time.Duration;

/**
 * Tunables of the gate.
 *
 * @param holdSla         time to review for the hold lane (a page when held, another when it lapses)
 * @param prioritySla     time to review for a delivered output selected into the priority lane
 * @param routineSla      time to review for a delivered output sampled into the routine lane
 * @param textBudgetBytes UTF-8 budget of output, prompt and system prompt on one review record (as ingest's)
 * @param maxWait         the longest a long poll waits
 * @param pollInterval    how often a long poll reads the check again
 */
public record GateSettings(Duration holdSla, Duration prioritySla, Duration routineSla, int textBudgetBytes,
                           Duration maxWait, Duration pollInterval) {

    /** The longest a long poll may wait: well inside API Gateway's 30 s integration timeout. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(20);

    public static GateSettings defaults() {
        return new GateSettings(Duration.ofMinutes(10), Duration.ofHours(4), Duration.ofDays(3), 300 * 1024, MAX_WAIT,
                Duration.ofMillis(500));
    }

    /** These settings with a deployment's lane SLAs. */
    public GateSettings withSlas(Duration hold, Duration priority, Duration routine) {
        return new GateSettings(hold, priority, routine, textBudgetBytes, maxWait, pollInterval);
    }
}
