package dev.secondlook.core.evalrun;

/**
 * A call to the candidate failed for a reason other than throttling (access denied, validation, model not ready,
 * a network failure after the client's own retries): the case ends as an error whose reason is this message, so
 * the message names the failure (an error code, an HTTP status) and never quotes a prompt or an output.
 */
public class ModelCallException extends RuntimeException {

    public ModelCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
