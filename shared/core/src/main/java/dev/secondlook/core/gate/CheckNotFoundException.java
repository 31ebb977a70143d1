package dev.secondlook.core.gate;

/**
 * No held check with this id for this caller (HTTP 404): unknown, never held (delivered at once), or held for
 * another application, which is not told apart from unknown.
 */
public final class CheckNotFoundException extends RuntimeException {

    public CheckNotFoundException(String checkId) {
        super("no held check " + checkId);
    }
}
