package dev.secondlook.core.evalrun;

/**
 * Port: the model under test, called once per eval case with one user turn (Bedrock Runtime Converse in AWS).
 *
 * <p>Contract: returns the model's reply, or throws {@link ModelThrottledException} when the service asks the
 * caller to slow down (the caller backs off and tries again), or {@link ModelCallException} for any other failed
 * call (not retried: the case ends as an error with its reason). Thread-safe: one instance serves concurrent calls.
 */
public interface CandidateModel {

    /**
     * @param modelId      the candidate's model id, inference profile or ARN
     * @param systemPrompt the system prompt, "" for none
     * @param prompt       the user turn
     * @throws ModelThrottledException when throttled
     * @throws ModelCallException      when the call failed for any other reason
     */
    Reply converse(String modelId, String systemPrompt, String prompt);

    /**
     * @param text         the reply's text (the text blocks of the assistant message, joined), never null
     * @param stopReason   why the model stopped, as the service says it (end_turn, max_tokens, guardrail_intervened)
     * @param inputTokens  input tokens the service counted
     * @param outputTokens output tokens the service counted
     */
    record Reply(String text, String stopReason, long inputTokens, long outputTokens) {

        public Reply {
            text = text == null ? "" : text;
            stopReason = stopReason == null ? "" : stopReason;
        }
    }
}
