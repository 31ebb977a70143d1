package dev.secondlook.core.judge;

import java.time.Duration;

/**
 * What judging one record may cost. A record over either limit is not judged: it is quarantined as
 * {@value JudgedRecord#JUDGE_FAILED}, and the records around it are judged as usual.
 *
 * @param maxTextChars most characters of system prompt, prompt and output together that one record may have
 * @param maxTime      longest time judging one record may take
 */
public record JudgeBudget(int maxTextChars, Duration maxTime) {

    /**
     * Two million characters: far above any real model call (a 200,000-token context is under a million), so
     * only padding or an attack reaches it, and below what the text fields of an 8 MB record limit can hold;
     * judging that much takes well under a second with the default policy. Two seconds: about ten thousand times a
     * typical record's time, yet 150 such records still fit in the ingest function's 300 s timeout.
     */
    public static JudgeBudget defaults() {
        return new JudgeBudget(2 * 1024 * 1024, Duration.ofSeconds(2));
    }

    public JudgeBudget {
        if (maxTextChars <= 0) {
            throw new IllegalArgumentException("maxTextChars must be positive, got " + maxTextChars);
        }
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("maxTime must be positive, got " + maxTime);
        }
    }
}
