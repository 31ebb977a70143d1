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
     * Two million characters: far above any real model call (a 200,000-token context is under a million), so only
     * padding or an attack reaches it, and below what an 8 MB record can hold. Five seconds: with the default
     * policy a 1 MB output takes 0.1-0.3 s and two million characters in which every rule's words occur
     * throughout about 2.5 s on one core of a current server (a 1 GB function has about 0.6 of one); a typical
     * record takes well under a millisecond, so only such extremes reach the budget.
     */
    public static JudgeBudget defaults() {
        return new JudgeBudget(2 * 1024 * 1024, Duration.ofSeconds(5));
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
