package dev.secondlook.core.incident;

/** The change does not fit where the incident stands (e.g. resolving one nobody acknowledged): 409. */
public final class IncidentConflictException extends RuntimeException {

    public IncidentConflictException(String message) {
        super(message);
    }
}
