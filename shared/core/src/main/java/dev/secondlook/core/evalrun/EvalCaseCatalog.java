package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;

import java.util.List;
import java.util.Optional;

/**
 * Port: the eval set read one case at a time, for a run split into parts (the whole set can be larger than one
 * worker should hold).
 */
public interface EvalCaseCatalog {

    /**
     * Every case id, sorted.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    List<String> caseIds();

    /**
     * One case, if it is (still) there.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    Optional<EvalCase> get(String caseId);
}
