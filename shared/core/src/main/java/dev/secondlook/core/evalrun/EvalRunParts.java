package dev.secondlook.core.evalrun;

import java.util.List;
import java.util.Optional;

/**
 * Port: the work of an automatic run in progress, beside its results in the eval bucket:
 * {@code eval-runs/<runId>/plan.json} and {@code eval-runs/<runId>/parts/<n>.jsonl}. Writes are whole objects, so a
 * part is there complete or not at all; writing one again rewrites it.
 *
 * <p>Every method may throw {@link dev.secondlook.core.failure.StoreUnavailableException} on a transient failure.
 */
public interface EvalRunParts {

    void putPlan(EvalRunPlan plan);

    Optional<EvalRunPlan> plan(String runId);

    void putPart(String runId, int part, List<CaseResult> results);

    /** A part's results, if it was written. */
    Optional<List<CaseResult>> part(String runId, int part);

    /** How many parts are written. */
    int partsWritten(String runId);
}
