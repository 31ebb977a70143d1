package dev.secondlook.core.incident;

/** An incident changed between a read and the write based on it: read it again and redo the change. */
public final class IncidentChangedException extends RuntimeException {

    public IncidentChangedException(String incidentId) {
        super("incident " + incidentId + " changed concurrently");
    }
}
