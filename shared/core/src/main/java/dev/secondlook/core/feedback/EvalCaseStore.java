package dev.secondlook.core.feedback;

import java.util.List;

/** Port: where eval cases are kept (the eval bucket), one per case id. */
public interface EvalCaseStore {

    /**
     * Writes the case under its id; writing the same case again leaves one case.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    void put(EvalCase evalCase);

    /**
     * Removes the case of this id, if there is one (its verdict was amended to on-policy).
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    void delete(String caseId);

    /** Every case, in case-id order. */
    List<EvalCase> all();
}
