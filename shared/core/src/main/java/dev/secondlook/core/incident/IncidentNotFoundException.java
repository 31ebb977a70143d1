package dev.secondlook.core.incident;

/** No such incident, or none the caller may see: 404. */
public final class IncidentNotFoundException extends RuntimeException {

    public IncidentNotFoundException(String incidentId) {
        super("no incident " + incidentId);
    }
}
