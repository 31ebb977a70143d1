package dev.secondlook.core.incident;

import java.util.Optional;

/** The results of eval-set re-runs, as {@code evalset run} stored them. */
public interface RerunResults {

    /**
     * One case's outcome in one run.
     *
     * @param runId         the run
     * @param modelId       the candidate model it ran on
     * @param promptVersion the candidate system prompt's version, or null when each case used its own
     * @param caseId        the eval case
     * @param status        {@code pass}, {@code fail} or {@code error}
     */
    record CaseResult(String runId, String modelId, String promptVersion, String caseId, String status) {
    }

    /**
     * The case's result in the run: empty when the run does not exist or did not include the case.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the results cannot be read
     */
    Optional<CaseResult> find(String runId, String caseId);
}
