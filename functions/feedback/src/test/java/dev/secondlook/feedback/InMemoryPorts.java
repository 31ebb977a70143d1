package dev.secondlook.feedback;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalCaseStore;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** In-memory implementation of FeedbackFunction's port, for handler tests without an emulator. */
final class InMemoryPorts {

    /** Eval cases by case id, as the eval bucket keeps one object per id. */
    final Map<String, EvalCase> cases = new TreeMap<>();
    /** Case ids whose write fails as an unavailable bucket would. */
    final Set<String> failFor = new HashSet<>();
    /** When set, every write fails. */
    boolean down;

    final EvalCaseStore store = new EvalCaseStore() {
        @Override
        public void put(EvalCase evalCase) {
            if (down || failFor.contains(evalCase.caseId())) {
                throw new StoreUnavailableException("eval bucket unavailable (injected)", null);
            }
            cases.put(evalCase.caseId(), evalCase);
        }

        @Override
        public List<EvalCase> all() {
            return List.copyOf(cases.values());
        }
    };
}
