package dev.secondlook.core.evalrun;

import java.util.Optional;

/**
 * Port: where eval runs are kept (the eval bucket: {@code eval-runs/<runId>/results.jsonl} and
 * {@code summary.json}).
 */
public interface EvalRunStore {

    /**
     * Keeps a run: its results first, then its summary, so that a run with a summary is complete. Saving the same
     * run again rewrites it.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    void save(EvalRun run);

    /** The id of the latest complete run (by run id, which sorts by time), if any. */
    Optional<String> latestRunId();

    /**
     * A complete run with its results, if there is one with this id.
     *
     * @throws IllegalArgumentException when {@code runId} is not a run id
     */
    Optional<EvalRun> load(String runId);
}
