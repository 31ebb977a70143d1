package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One eval case's outcome in a run: one line of {@code eval-runs/<runId>/results.jsonl} and one entry of the
 * run's {@code results} (schema: {@code contracts/eval-run-result.v1.schema.json}). It carries ids, labels, rule
 * ids and counts, never a prompt or an output.
 *
 * @param caseId       the eval case's id (its review id)
 * @param status       pass, fail or error
 * @param categories   the categories the reviewer labelled the case with
 * @param rules        for a fail, the rules that make it fail (sorted); empty otherwise
 * @param reason       for a fail or an error, why, in words (rule ids, error codes, never text); "" for a pass
 * @param attempts     calls made to the candidate (more than one after throttling); 0 when none was made
 * @param inputTokens  input tokens the candidate's service counted (0 for an error)
 * @param outputTokens output tokens the candidate's service counted (0 for an error)
 */
@JsonPropertyOrder({"caseId", "status", "categories", "rules", "reason", "attempts", "inputTokens", "outputTokens"})
public record CaseResult(String caseId, CaseStatus status, List<String> categories, List<String> rules,
                         String reason, int attempts, long inputTokens, long outputTokens) {

    public CaseResult {
        categories = categories == null ? List.of() : List.copyOf(categories);
        rules = rules == null ? List.of() : List.copyOf(rules);
        reason = reason == null ? "" : reason;
    }

    static CaseResult error(String caseId, List<String> categories, String reason, int attempts) {
        return new CaseResult(caseId, CaseStatus.ERROR, categories, List.of(), reason, attempts, 0, 0);
    }
}
