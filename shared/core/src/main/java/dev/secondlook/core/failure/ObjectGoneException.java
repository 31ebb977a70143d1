package dev.secondlook.core.failure;

/** The announced object no longer exists: a permanent condition, recorded in the manifest and not retried. */
public class ObjectGoneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ObjectGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
