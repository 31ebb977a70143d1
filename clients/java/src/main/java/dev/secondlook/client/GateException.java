package dev.secondlook.client;

/**
 * The gate refused a request ({@code status} 4xx: {@code error} says why: {@code forbidden}, {@code invalid-request},
 * {@code conflict}, {@code not-found}), or stayed unavailable after the client's retries ({@code status} 5xx or 429,
 * or 0 when it could not be reached).
 */
public final class GateException extends RuntimeException {

    private final int status;
    private final String error;

    GateException(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
