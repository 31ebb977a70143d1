package dev.secondlook.core.incident;

import dev.secondlook.core.model.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Use case, on the verdict stream: a delivered output judged off-policy opens one incident (id from the review
 * id, so a redelivered verdict finds the one it opened) and, for sev1 and sev2, pages once. A page that failed is
 * sent again on the next delivery of the verdict: the incident remembers whether its page went out.
 */
public final class OpenIncidents {

    static final String SYSTEM = "secondlook";
    private static final int ATTEMPTS = 5;

    private final IncidentStore store;
    private final IncidentPager pager;
    private final IncidentPolicy policy;
    private final Clock clock;

    public OpenIncidents(IncidentStore store, IncidentPager pager, IncidentPolicy policy, Clock clock) {
        this.store = store;
        this.pager = pager;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Opens (or finds) the incident of this output and makes sure its page went out.
     *
     * @return the incident
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store or the pager fails (retry)
     */
    public Incident open(DeliveredOutput d) {
        Instant now = clock.instant();
        Incident fresh = newIncident(d, now);
        Incident incident = store.create(fresh) ? fresh
                : store.get(fresh.incidentId()).orElseThrow(() -> new IllegalStateException(
                        "incident " + fresh.incidentId() + " exists but cannot be read"));
        if (!incident.severity().pages() || incident.pagedAt() != null) {
            return incident;
        }
        pager.page(IncidentPage.of(IncidentPage.OPENED, incident, Timestamps.format(now)));
        return markPaged(incident.incidentId(), Timestamps.format(now));
    }

    private Incident markPaged(String id, String at) {
        for (int attempt = 0; ; attempt++) {
            Incident current = store.get(id).orElseThrow(() -> new IncidentNotFoundException(id));
            if (current.pagedAt() != null) {
                return current;
            }
            List<Incident.AuditEntry> audit = new ArrayList<>(current.audit());
            audit.add(new Incident.AuditEntry(at, SYSTEM, "paged", current.severity().wireName()
                    + " page sent to the escalation topic"));
            Incident updated = IncidentWorkflow.with(current, current.state(), current.owner(), current.times(),
                    current.fix(), current.resolution(), current.actions(), audit, at, current.ackRepagedAt());
            try {
                store.replace(updated, current.version());
                return updated;
            } catch (IncidentChangedException e) {
                if (attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Incident newIncident(DeliveredOutput d, Instant now) {
        IncidentPolicy.Terms terms = policy.termsFor(d.categories());
        String at = Timestamps.format(now);
        String ackDue = Timestamps.format(now.plus(policy.ackSla(terms.severity())));
        String id = Incident.idOf(d.reviewId());
        return new Incident(Incident.SCHEMA, id, 1, IncidentState.OPEN, terms.severity(), d.categories(),
                terms.action(), new Incident.Source(d.reviewId(), d.reviewId(), d.requestId(), d.route(),
                d.modelId(), d.policyVersion(), d.lane(), d.sourceUri()),
                new Incident.Times(d.deliveredAt(), d.firstLookAt(), d.verdictAt(), at, null, null, null),
                d.reviewer(), null, ackDue, null, null, List.of(),
                List.of(new Incident.AuditEntry(at, d.reviewer(), "opened", terms.severity().wireName() + "; "
                        + String.join(", ", d.categories()) + "; off-policy verdict on review " + d.reviewId())),
                null, null);
    }
}
