package dev.secondlook.feedback;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalCaseStore;

import dev.secondlook.core.incident.InMemoryIncidentStore;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.incident.OpenIncidents;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** In-memory implementations of FeedbackFunction's ports, for handler tests without an emulator. */
final class InMemoryPorts {

    /** Eval cases by case id, as the eval bucket keeps one object per id. */
    final Map<String, EvalCase> cases = new TreeMap<>();
    /** Case ids whose write fails as an unavailable bucket would. */
    final Set<String> failFor = new HashSet<>();
    /** When set, every write fails. */
    boolean down;

    /** Incidents by id; pages sent. */
    final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
    final Map<String, Incident> incidents = incidentStore.items;
    final List<IncidentPage> pages = new ArrayList<>();

    final OpenIncidents openIncidents = new OpenIncidents(incidentStore, pages::add, IncidentPolicy.defaults(),
            Clock.fixed(Instant.parse("2026-08-19T06:00:00Z"), ZoneOffset.UTC));

    final EvalCaseStore store = new EvalCaseStore() {
        @Override
        public void put(EvalCase evalCase) {
            if (down || failFor.contains(evalCase.caseId())) {
                throw new StoreUnavailableException("eval bucket unavailable (injected)", null);
            }
            cases.put(evalCase.caseId(), evalCase);
        }

        @Override
        public void delete(String caseId) {
            if (down) {
                throw new StoreUnavailableException("eval bucket unavailable (injected)", null);
            }
            cases.remove(caseId);
        }

        @Override
        public List<EvalCase> all() {
            return List.copyOf(cases.values());
        }
    };
}
