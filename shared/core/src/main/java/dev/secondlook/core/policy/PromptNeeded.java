package dev.secondlook.core.policy;

/**
 * Thrown by {@link Policy#judgeWithoutPrompt} when judging the record reads its prompt, which the caller did not
 * read: the caller reads it and judges the record again with {@link Policy#judge}. Stackless and shared: it is
 * control flow, not an error, and it never names the record.
 */
public final class PromptNeeded extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final PromptNeeded INSTANCE = new PromptNeeded();

    private PromptNeeded() {
        super("a rule reads the prompt, which was not read", null, false, false);
    }
}
