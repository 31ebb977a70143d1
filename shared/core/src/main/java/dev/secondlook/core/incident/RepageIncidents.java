package dev.secondlook.core.incident;

import dev.secondlook.core.model.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Use case, on a schedule: a sev1 or sev2 incident nobody acknowledged within its SLA pages once more. The
 * incident records the repage, so the next run does not page again; a page whose record failed may repeat (the
 * page id is stable, so subscribers can drop it).
 */
public final class RepageIncidents {

    /** At most this many per run; the next run takes the rest. */
    static final int BATCH = 100;

    private final IncidentStore store;
    private final IncidentPager pager;
    private final Clock clock;

    public RepageIncidents(IncidentStore store, IncidentPager pager, Clock clock) {
        this.store = store;
        this.pager = pager;
        this.clock = clock;
    }

    /**
     * @return how many incidents paged again
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store or the pager fails
     */
    public int run() {
        Instant now = clock.instant();
        String at = Timestamps.format(now);
        int paged = 0;
        for (Incident i : store.unacknowledgedDueBefore(now, BATCH)) {
            if (i.state() != IncidentState.OPEN || i.ackRepagedAt() != null || !i.severity().pages()) {
                continue;
            }
            pager.page(IncidentPage.of(IncidentPage.UNACKNOWLEDGED, i, at));
            List<Incident.AuditEntry> audit = new ArrayList<>(i.audit());
            audit.add(new Incident.AuditEntry(at, OpenIncidents.SYSTEM, "repaged",
                    "not acknowledged by " + i.ackDueAt()));
            try {
                store.replace(IncidentWorkflow.with(i, i.state(), i.owner(), i.times(), i.fix(), i.resolution(),
                        i.actions(), audit, i.pagedAt(), at), i.version());
                paged++;
            } catch (IncidentChangedException e) {
                // acknowledged (or changed) meanwhile: the next run looks again if it still needs a page
            }
        }
        return paged;
    }
}
