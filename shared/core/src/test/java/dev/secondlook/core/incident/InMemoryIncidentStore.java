package dev.secondlook.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store port over a map, with the version check the DynamoDB store makes; for unit tests of the use cases and
 * the handlers (the core test-jar shares it).
 */
public final class InMemoryIncidentStore implements IncidentStore {

    public final Map<String, Incident> items = new LinkedHashMap<>();
    /** Set to make the next replace fail as if someone else had written first. */
    public int conflictsToInject;

    @Override
    public synchronized boolean create(Incident incident) {
        return items.putIfAbsent(incident.incidentId(), incident) == null;
    }

    @Override
    public synchronized Optional<Incident> get(String incidentId) {
        return Optional.ofNullable(items.get(incidentId));
    }

    @Override
    public synchronized void replace(Incident updated, long expectedVersion) {
        Incident current = items.get(updated.incidentId());
        if (conflictsToInject > 0) {
            conflictsToInject--;
            throw new IncidentChangedException(updated.incidentId());
        }
        if (current == null || current.version() != expectedVersion) {
            throw new IncidentChangedException(updated.incidentId());
        }
        items.put(updated.incidentId(), updated);
    }

    @Override
    public synchronized List<Incident> list(IncidentState state, String openedBy, int limit) {
        return items.values().stream().filter(i -> state == null || i.state() == state)
                .filter(i -> openedBy == null || openedBy.equals(i.openedBy()))
                .sorted(Comparator.comparing((Incident i) -> i.times().openedAt()).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized List<Incident> unacknowledgedDueBefore(Instant now, int limit) {
        List<Incident> due = new ArrayList<>();
        for (Incident i : items.values()) {
            if (i.state() == IncidentState.OPEN && Instant.parse(i.ackDueAt()).isBefore(now)) {
                due.add(i);
            }
        }
        due.sort(Comparator.comparing(Incident::ackDueAt));
        return due.subList(0, Math.min(limit, due.size()));
    }
}
