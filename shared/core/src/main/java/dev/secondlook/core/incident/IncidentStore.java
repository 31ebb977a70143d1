package dev.secondlook.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents live. Every method may throw {@link dev.secondlook.core.failure.StoreUnavailableException}
 * (retry later).
 */
public interface IncidentStore {

    /** Stores a new incident; false (and nothing written) when one with its id exists. */
    boolean create(Incident incident);

    Optional<Incident> get(String incidentId);

    /**
     * Replaces an incident if its stored version is still {@code expectedVersion}.
     *
     * @throws IncidentChangedException when someone changed it since it was read
     */
    void replace(Incident updated, long expectedVersion);

    /** Incidents, newest first, in one state (or all when null), opened by one reviewer (or anyone when null). */
    List<Incident> list(IncidentState state, String openedBy, int limit);

    /** Open (unacknowledged) incidents whose acknowledgement was due before {@code now}, oldest due first. */
    List<Incident> unacknowledgedDueBefore(Instant now, int limit);
}
