package dev.secondlook.core.evalrun;

/** The candidate's service asked the caller to slow down (throttling, too many requests): back off and retry. */
public class ModelThrottledException extends RuntimeException {

    public ModelThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
