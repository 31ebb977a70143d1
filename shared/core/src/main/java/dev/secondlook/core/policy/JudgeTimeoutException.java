package dev.secondlook.core.policy;

import java.time.Duration;

/**
 * Judging one record took longer than its time budget. The message names the budget only, never the record's
 * text.
 */
public class JudgeTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JudgeTimeoutException(Duration budget) {
        super("judging took longer than its budget of " + budget.toMillis() + " ms");
    }
}
