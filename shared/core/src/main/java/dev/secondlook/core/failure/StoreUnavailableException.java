package dev.secondlook.core.failure;

/**
 * A store or queue could not complete a write after its retries (throttling, service errors). Transient: the
 * caller reports the message as failed so that it is redelivered.
 */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
