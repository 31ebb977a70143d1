package dev.secondlook.core.gate;

/**
 * A check whose request id is taken (HTTP 409): by another request (different content under the same id), or by a
 * record that the invocation log of that request wrote before the application asked.
 */
public final class CheckConflictException extends RuntimeException {

    public CheckConflictException(String message) {
        super(message);
    }
}
