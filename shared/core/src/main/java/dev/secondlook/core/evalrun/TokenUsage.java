package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secondlook.core.feedback.EvalCase;

import java.util.List;

/**
 * Tokens of a run, estimated before it or counted after it, and their cost when prices are known.
 *
 * @param calls        model calls (estimate: one per case; actual: attempts, throttled ones included)
 * @param inputTokens  input tokens
 * @param outputTokens output tokens
 * @param costUsd      cost in US dollars at the given prices, or null when no price was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"calls", "inputTokens", "outputTokens", "costUsd"})
public record TokenUsage(long calls, long inputTokens, long outputTokens, Double costUsd) {

    /** About four characters a token: the rule of thumb of the tokenizers of the common models, for English text. */
    public static final int CHARS_PER_TOKEN = 4;

    /**
     * Prices in US dollars per 1,000 tokens (the candidate's on-demand price; secondlook ships no price list, as
     * prices change and differ by region).
     */
    public record Prices(double inputPer1k, double outputPer1k) {

        public Prices {
            if (inputPer1k < 0 || outputPer1k < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    /**
     * Estimate before a run: for each case, its system prompt (the candidate's, or its own) and prompt as input,
     * and as output as many tokens as its original off-policy output had, at most {@code maxOutputTokens}.
     *
     * @param prices null when unknown
     */
    public static TokenUsage estimate(List<EvalCase> cases, String candidateSystemPrompt, int maxOutputTokens,
                                      Prices prices) {
        long in = 0;
        long out = 0;
        for (EvalCase c : cases) {
            String system = candidateSystemPrompt != null ? candidateSystemPrompt : c.systemPrompt();
            in += tokens(system) + tokens(c.prompt());
            out += Math.min(maxOutputTokens, tokens(c.offPolicyOutput()));
        }
        return of(cases.size(), in, out, prices);
    }

    /** What the candidate's service counted, over every result. */
    public static TokenUsage actual(List<CaseResult> results, Prices prices) {
        long calls = 0;
        long in = 0;
        long out = 0;
        for (CaseResult r : results) {
            calls += r.attempts();
            in += r.inputTokens();
            out += r.outputTokens();
        }
        return of(calls, in, out, prices);
    }

    /** Counts at the given prices (null: no cost). */
    public static TokenUsage of(long calls, long in, long out, Prices prices) {
        Double cost = prices == null ? null
                : Math.round((in * prices.inputPer1k() + out * prices.outputPer1k()) / 1000.0 * 1_000_000) / 1_000_000.0;
        return new TokenUsage(calls, in, out, cost);
    }

    /** The sum of two counts, without a cost. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                null);
    }

    private static long tokens(String text) {
        return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
