package dev.secondlook.slawatch;

import dev.secondlook.core.incident.InMemoryIncidentStore;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPager;
import dev.secondlook.core.gate.CheckStore;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.EscalationPublisher;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.core.route.SlaStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory implementations of SlaWatchFunction's ports, for handler tests without an emulator. */
final class InMemoryPorts {

    /** Reviews still PENDING or IN_REVIEW, as the status index holds them. */
    final List<ReviewSummary> open = new ArrayList<>();
    /** Breach escalation id by review id: the {@code slaEscalationId} mark. */
    final Map<String, String> marks = new LinkedHashMap<>();
    final List<Escalation> published = new ArrayList<>();
    /** When set, every publish fails after the adapter's retries. */
    boolean topicDown;

    final SlaStore store = new SlaStore() {
        @Override
        public List<ReviewSummary> overdueNotEscalated(Instant now, int limit) {
            return open.stream().filter(r -> r.dueAt().isBefore(now) && !marks.containsKey(r.reviewId()))
                    .sorted(Comparator.comparing(ReviewSummary::dueAt)).limit(limit).toList();
        }

        @Override
        public boolean markBreachEscalated(String reviewId, String escalationId, Instant at) {
            return marks.putIfAbsent(reviewId, escalationId) == null;
        }
    };

    /** Checks by id, as the table holds them (the hold index is every held one). */
    final Map<String, StoredCheck> checks = new LinkedHashMap<>();

    final CheckStore checkStore = new CheckStore() {
        @Override
        public Optional<StoredCheck> create(NewCheck check) {
            throw new UnsupportedOperationException("SlaWatchFunction never creates checks");
        }

        @Override
        public Optional<StoredCheck> find(String checkId) {
            return Optional.ofNullable(checks.get(checkId));
        }

        @Override
        public Optional<StoredCheck> expire(String checkId, Instant now) {
            StoredCheck c = checks.get(checkId);
            if (c != null && c.hold().status() == CheckStatus.HELD && !now.isBefore(c.hold().until())) {
                Hold h = c.hold();
                c = new StoredCheck(c.checkId(), c.categories(), c.ruleIds(), c.policyVersion(), c.output(),
                        c.requestHash(), c.caller(), new Hold(CheckStatus.EXPIRED, h.until(), h.onTimeout(),
                        h.fallback(), now, null));
                checks.put(checkId, c);
            }
            return Optional.ofNullable(c);
        }

        @Override
        public List<String> expirable(Instant now, int limit) {
            return checks.values().stream().filter(c -> c.hold().status() == CheckStatus.HELD
                    && c.hold().until().isBefore(now)).map(StoredCheck::checkId).limit(limit).toList();
        }
    };

    final EscalationPublisher topic = escalations -> {
        Set<String> failed = new LinkedHashSet<>();
        for (Escalation e : escalations) {
            if (topicDown) {
                failed.add(e.escalationId());
            } else {
                published.add(e);
            }
        }
        return failed;
    };

    /** Incidents the SLA sweep finds unacknowledged; the repages they got. */
    final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
    final List<IncidentPage> incidentPages = new ArrayList<>();

    final IncidentPager incidentPager = incidentPages::add;
}
