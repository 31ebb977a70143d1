package dev.secondlook.core.review;

/** A request that cannot be accepted as sent (HTTP 400). */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
