package dev.secondlook.core.review;

/** The caller does not hold a live claim on the record, or it is already reviewed (HTTP 409). */
public class ClaimConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClaimConflictException(String message) {
        super(message);
    }
}
