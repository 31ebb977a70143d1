package dev.secondlook.core.incident;

import dev.secondlook.core.failure.StoreUnavailableException;
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
     * One run's counts.
     *
     * @param due    unacknowledged incidents past their SLA found
     * @param paged  of those, paged again
     * @param failed of those, whose page or record failed (the next run tries again)
     */
    public record Result(int due, int paged, int failed) {
    }

    /** @throws dev.secondlook.core.failure.StoreUnavailableException when the incidents cannot be queried */
    public Result run() {
        Instant now = clock.instant();
        String at = Timestamps.format(now);
        int paged = 0;
        int failed = 0;
        List<Incident> due = store.unacknowledgedDueBefore(now, BATCH);
        for (Incident i : due) {
            if (i.state() != IncidentState.OPEN || i.ackRepagedAt() != null || !i.severity().pages()) {
                continue;
            }
            try {
                pager.page(IncidentPage.of(IncidentPage.UNACKNOWLEDGED, i, at));
            } catch (StoreUnavailableException e) {
                failed++;
                continue;
            }
            List<Incident.AuditEntry> audit = new ArrayList<>(i.audit());
            audit.add(new Incident.AuditEntry(at, OpenIncidents.SYSTEM, "repaged",
                    "not acknowledged by " + i.ackDueAt()));
            try {
                store.replace(IncidentWorkflow.with(i, i.state(), i.owner(), i.times(), i.fix(), i.resolution(),
                        i.actions(), audit, i.pagedAt(), at), i.version());
                paged++;
            } catch (IncidentChangedException e) {
                // acknowledged (or changed) meanwhile: the next run looks again if it still needs a page
            } catch (StoreUnavailableException e) {
                failed++;
            }
        }
        return new Result(due.size(), paged, failed);
    }
}
