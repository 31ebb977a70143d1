package dev.secondlook.core.evalrun;

import java.util.List;

/**
 * How an automatic eval run is split into parts (kept as {@code eval-runs/<runId>/plan.json}): the candidate as
 * read when the run started, and the eval case ids of each part, each part run by one worker invocation.
 *
 * @param schema             {@value #SCHEMA}
 * @param runId              the run
 * @param parameterName      the candidate parameter whose change started it
 * @param parameterVersion   its version when read
 * @param candidate          the candidate
 * @param systemPromptSha256 SHA-256 of the candidate system prompt, or null for each case's own
 * @param parts              case ids per part, in order
 * @param estimate           tokens estimated when the run started
 */
public record EvalRunPlan(String schema, String runId, String parameterName, long parameterVersion,
                          CandidateSpec candidate, String systemPromptSha256, List<List<String>> parts,
                          TokenUsage estimate) {

    public static final String SCHEMA = "secondlook.eval-run-plan/v1";

    public EvalRunPlan {
        parts = parts.stream().map(List::copyOf).toList();
    }

    public int caseCount() {
        return parts.stream().mapToInt(List::size).sum();
    }
}
